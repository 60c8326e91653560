using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Infrastructure;
using static SignalContract.Analyzers.Infrastructure.TypeLookup;

namespace SignalContract.Analyzers.Contract;

/// <summary>
/// A constant service name that code gives the OpenTelemetry resource. <see cref="Value"/> is the string constant
/// that holds it: the name itself, or an <c>OTEL_RESOURCE_ATTRIBUTES</c> list with the name between
/// <see cref="Before"/> and <see cref="After"/>.
/// </summary>
internal readonly struct ServiceNameSetting
{
    public ServiceNameSetting(IOperation value, string name, string before, string after)
    {
        Value = value;
        Name = name;
        Before = before;
        After = after;
    }

    public IOperation Value { get; }

    public string Name { get; }

    public string Before { get; }

    public string After { get; }

    /// <summary>The constant <see cref="Value"/> must hold to name <paramref name="service"/> instead.</summary>
    public string Replacement(string service) => Before + service + After;
}

/// <summary>
/// Where code names the service to OpenTelemetry: <c>ResourceBuilder.AddService(serviceName)</c> (also inside
/// <c>ConfigureResource</c>), a <c>service.name</c> attribute given to <c>AddAttributes</c> or <c>new Resource(...)</c>,
/// and the <c>OTEL_SERVICE_NAME</c> or <c>OTEL_RESOURCE_ATTRIBUTES</c> environment variable set in code. Resolved once
/// per compilation; null when the compilation does not reference the OpenTelemetry SDK.
/// </summary>
internal sealed class ServiceNameSettings
{
    private const string ServiceNameAttribute = "service.name";

    private readonly INamedTypeSymbol _resourceBuilderExtensions;
    private readonly INamedTypeSymbol? _resource;
    private readonly INamedTypeSymbol? _environment;
    private readonly INamedTypeSymbol? _keyValuePair;

    private ServiceNameSettings(Compilation compilation, INamedTypeSymbol resourceBuilder, INamedTypeSymbol resourceBuilderExtensions)
    {
        _resourceBuilderExtensions = resourceBuilderExtensions;
        _resource = Beside(compilation, resourceBuilder, "OpenTelemetry.Resources.Resource");
        _environment = InCoreLibrary(compilation, "System.Environment");
        _keyValuePair = InCoreLibrary(compilation, "System.Collections.Generic.KeyValuePair`2");
    }

    /// <summary>False when the compilation has no <c>Resource</c> type, so no object creation can set the name.</summary>
    public bool ReadsCreations => _resource is not null;

    public static ServiceNameSettings? Create(Compilation compilation)
    {
        var resourceBuilder = compilation.GetTypeByMetadataName("OpenTelemetry.Resources.ResourceBuilder");
        var extensions = Beside(compilation, resourceBuilder, "OpenTelemetry.Resources.ResourceBuilderExtensions");
        return resourceBuilder is null || extensions is null ? null : new ServiceNameSettings(compilation, resourceBuilder, extensions);
    }

    /// <summary>The constant service names <paramref name="invocation"/> sets; <paramref name="found"/> is created on the first.</summary>
    public void Read(IInvocationOperation invocation, ref List<ServiceNameSetting>? found)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            // The name first: it rules out nearly every call without touching the containing type.
            case "AddService" when Is(method.ContainingType, _resourceBuilderExtensions):
                AddConstant(Arguments.ValueOf(invocation.Arguments, "serviceName"), ref found);
                break;
            case "AddAttributes" when Is(method.ContainingType, _resourceBuilderExtensions):
                ReadAttributes(Arguments.ValueOf(invocation.Arguments, "attributes"), ref found);
                break;
            case "SetEnvironmentVariable" when Is(method.ContainingType, _environment):
                ReadEnvironmentVariable(invocation, ref found);
                break;
        }
    }

    /// <summary>The constant service name <c>new Resource(attributes)</c> sets, if any.</summary>
    public void Read(IObjectCreationOperation creation, ref List<ServiceNameSetting>? found)
    {
        // The name first: it rules out nearly every creation without comparing symbols.
        if (creation.Type is { Name: "Resource" } type && Is(type, _resource))
        {
            ReadAttributes(Arguments.ValueOf(creation.Arguments, "attributes"), ref found);
        }
    }

    private static void ReadEnvironmentVariable(IInvocationOperation invocation, ref List<ServiceNameSetting>? found)
    {
        var variable = Arguments.ValueOf(invocation.Arguments, "variable")?.ConstantValue;
        if (variable is not { HasValue: true, Value: string name })
        {
            return;
        }

        var value = Arguments.ValueOf(invocation.Arguments, "value");
        if (name == "OTEL_SERVICE_NAME")
        {
            AddConstant(value, ref found);
        }
        else if (name == "OTEL_RESOURCE_ATTRIBUTES" && ConstantString(value) is { } constant && FindInAttributeList(ConstantText(constant)) is var (start, length))
        {
            string list = ConstantText(constant);
            (found ??= new()).Add(new ServiceNameSetting(constant, list.Substring(start, length), list.Substring(0, start), list.Substring(start + length)));
        }
    }

    /// <summary>
    /// <c>service.name</c> pairs written in place in an attribute collection: dictionary initializers
    /// (<c>["service.name"] = ...</c>, <c>{ "service.name", ... }</c>), <c>new KeyValuePair&lt;string, object&gt;(...)</c>
    /// and <c>KeyValuePair.Create(...)</c> elements of an array, list or collection expression.
    /// </summary>
    private void ReadAttributes(IOperation? attributes, ref List<ServiceNameSetting>? found)
    {
        if (attributes is null)
        {
            return;
        }

        foreach (var operation in attributes.DescendantsAndSelf())
        {
            var (key, value) = operation switch
            {
                ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer } assignment
                    => (indexer.Arguments[0].Value, assignment.Value),
                IInvocationOperation { Arguments.Length: 2 } call when call.TargetMethod.Name is "Add" or "Create"
                    => (call.Arguments[0].Value, call.Arguments[1].Value),
                IObjectCreationOperation { Arguments.Length: 2 } pair when Is(pair.Type, _keyValuePair)
                    => (pair.Arguments[0].Value, pair.Arguments[1].Value),
                _ => (null, null),
            };

            if (key?.ConstantValue is { HasValue: true, Value: ServiceNameAttribute })
            {
                AddConstant(value, ref found);
            }
        }
    }

    private static void AddConstant(IOperation? value, ref List<ServiceNameSetting>? found)
    {
        if (ConstantString(value) is { } constant)
        {
            (found ??= new()).Add(new ServiceNameSetting(constant, ConstantText(constant), string.Empty, string.Empty));
        }
    }

    /// <summary>The string constant a value is, under its conversions (to <c>object</c> in an attribute pair).</summary>
    private static IOperation? ConstantString(IOperation? value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        return value?.ConstantValue is { HasValue: true, Value: string } ? value : null;
    }

    private static string ConstantText(IOperation constant) => (string)constant.ConstantValue.Value!;

    /// <summary>The value of <c>service.name</c> in a <c>key=value,key=value</c> list, as start and length.</summary>
    private static (int Start, int Length)? FindInAttributeList(string list)
    {
        int entry = 0;
        while (entry <= list.Length)
        {
            int end = list.IndexOf(',', entry);
            if (end < 0)
            {
                end = list.Length;
            }

            int equals = list.IndexOf('=', entry);
            if (equals > entry && equals < end && string.Equals(list.Substring(entry, equals - entry).Trim(), ServiceNameAttribute, StringComparison.Ordinal))
            {
                int start = equals + 1;
                int stop = end;
                while (start < stop && list[start] == ' ')
                {
                    start++;
                }

                while (stop > start && list[stop - 1] == ' ')
                {
                    stop--;
                }

                return (start, stop - start);
            }

            entry = end + 1;
        }

        return null;
    }
}
