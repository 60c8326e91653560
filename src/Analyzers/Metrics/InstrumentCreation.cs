using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Metrics;

/// <summary>Which library created an instrument: names and labels are compared differently.</summary>
internal enum MetricsApi
{
    /// <summary><c>System.Diagnostics.Metrics</c>, the API OpenTelemetry .NET exports.</summary>
    DiagnosticsMetrics,

    /// <summary>prometheus-net: Prometheus names, label names fixed at creation.</summary>
    PrometheusNet,
}

/// <summary>
/// One place in code that creates an instrument: <c>meter.CreateCounter&lt;T&gt;(...)</c> or <c>Metrics.CreateCounter(...)</c>,
/// or the call of a helper that wraps one (<see cref="InstrumentWrapper"/>).
/// </summary>
internal sealed class InstrumentCreation
{
    private InstrumentCreation(IInvocationOperation invocation, SyntaxNode site, MetricsApi api, InstrumentKind kind, MetricName name, MetricName unit, ImmutableArray<MetricName>? labelNames, InstrumentWrapper? wrapper = null)
    {
        Invocation = invocation;
        Site = site;
        Wrapper = wrapper;
        Api = api;
        Kind = kind;
        Name = name;
        Unit = unit;
        LabelNames = labelNames;
    }

    /// <summary>The <c>Create*</c> call; for a creation through a helper, the one inside the helper.</summary>
    public IInvocationOperation Invocation { get; }

    /// <summary>Where the instrument is made: the <c>Create*</c> call, or the call of the helper that gives its name.</summary>
    public SyntaxNode Site { get; }

    /// <summary>The helper the instrument is created through; null for a <c>Create*</c> call.</summary>
    public InstrumentWrapper? Wrapper { get; }

    public MetricsApi Api { get; }

    /// <summary>For prometheus-net: Counter, Gauge or Histogram (a Summary counts as a histogram).</summary>
    public InstrumentKind Kind { get; }

    public MetricName Name { get; }

    /// <summary>Missing when the code gives no unit (prometheus-net has none: the unit is part of the name).</summary>
    public MetricName Unit { get; }

    /// <summary>prometheus-net label names given at creation; null for System.Diagnostics.Metrics or when not readable.</summary>
    public ImmutableArray<MetricName>? LabelNames { get; }

    public static InstrumentCreation? TryRead(IInvocationOperation invocation, MetricsTypes types)
    {
        var method = invocation.TargetMethod;
        string methodName = method.Name;
        if (!methodName.StartsWith("Create", System.StringComparison.Ordinal))
        {
            return null;
        }

        var containing = method.ContainingType;
        if (TypeLookup.Is(containing, types.Meter))
        {
            InstrumentKind? kind = methodName switch
            {
                "CreateCounter" => InstrumentKind.Counter,
                "CreateUpDownCounter" => InstrumentKind.UpDownCounter,
                "CreateHistogram" => InstrumentKind.Histogram,
                "CreateGauge" => InstrumentKind.Gauge,
                "CreateObservableCounter" => InstrumentKind.ObservableCounter,
                "CreateObservableUpDownCounter" => InstrumentKind.ObservableUpDownCounter,
                "CreateObservableGauge" => InstrumentKind.ObservableGauge,
                _ => null,
            };
            if (kind is null)
            {
                return null;
            }

            var name = MetricName.Read(Arguments.ValueOf(invocation.Arguments, "name"));
            var unit = MetricName.Read(Arguments.ValueOf(invocation.Arguments, "unit"));
            return new InstrumentCreation(invocation, invocation.Syntax, MetricsApi.DiagnosticsMetrics, kind.Value, name, unit, labelNames: null);
        }

        if (types.IsPrometheusFactory(containing))
        {
            InstrumentKind? kind = methodName switch
            {
                "CreateCounter" => InstrumentKind.Counter,
                "CreateGauge" => InstrumentKind.Gauge,
                "CreateHistogram" or "CreateSummary" => InstrumentKind.Histogram,
                _ => null,
            };
            if (kind is null)
            {
                return null;
            }

            var name = MetricName.Read(Arguments.ValueOf(invocation.Arguments, "name"));
            return new InstrumentCreation(invocation, invocation.Syntax, MetricsApi.PrometheusNet, kind.Value, name, default, ReadPrometheusLabelNames(invocation));
        }

        return null;
    }

    /// <summary>
    /// The creation <paramref name="call"/> makes through <paramref name="wrapper"/>: the helper's kind and API, with the
    /// name (and the unit, when the helper takes one) the call gives.
    /// </summary>
    public static InstrumentCreation ThroughWrapper(IInvocationOperation call, InstrumentWrapper wrapper)
    {
        var inner = wrapper.Creation;
        var name = MetricName.Read(InstrumentWrapper.ArgumentAt(call, wrapper.NameOrdinal));
        var unit = wrapper.UnitOrdinal is { } unitOrdinal ? MetricName.Read(InstrumentWrapper.ArgumentAt(call, unitOrdinal)) : inner.Unit;
        return new InstrumentCreation(inner.Invocation, call.Syntax, inner.Api, inner.Kind, name, unit, inner.LabelNames, wrapper);
    }

    /// <summary>
    /// The meter this instrument is created on, as far as the code shows it: its name when the meter is made in place
    /// (<c>new Meter("shop").CreateCounter(...)</c>), otherwise the field, property, local or parameter that holds it.
    /// </summary>
    public MeterOfInstrument ReadMeter(MetricsTypes types)
    {
        if (Api != MetricsApi.DiagnosticsMetrics || Invocation.Instance is not { } instance)
        {
            return default;
        }

        var meter = MetricName.Unwrap(instance);
        return ReadCreatedMeterName(meter, types) is { } name
            ? new MeterOfInstrument(name.IsConstant ? name.Value : null, null)
            : new MeterOfInstrument(null, MetricRecording.ReferencedSymbol(meter));
    }

    /// <summary>
    /// The name of the meter <paramref name="value"/> makes: <c>new Meter(name)</c>, <c>factory.Create(name)</c>, or either
    /// given <c>new MeterOptions(name)</c>; null when <paramref name="value"/> makes no meter.
    /// </summary>
    public static MetricName? ReadCreatedMeterName(IOperation value, MetricsTypes types)
    {
        var arguments = MetricName.Unwrap(value) switch
        {
            IObjectCreationOperation creation when TypeLookup.Is(creation.Type, types.Meter) => creation.Arguments,
            IInvocationOperation invocation when invocation.TargetMethod.Name == "Create"
                && (TypeLookup.Is(invocation.TargetMethod.ContainingType, types.MeterFactoryExtensions) || TypeLookup.Is(invocation.TargetMethod.ContainingType, types.MeterFactory)) => invocation.Arguments,
            _ => default,
        };
        if (arguments.IsDefault)
        {
            return null;
        }

        if (Arguments.ValueOf(arguments, "name") is { } name)
        {
            return MetricName.Read(name);
        }

        return Arguments.ValueOf(arguments, "options") is { } options
            && MetricName.Unwrap(options) is IObjectCreationOperation optionsCreation && TypeLookup.Is(optionsCreation.Type, types.MeterOptions)
            ? MetricName.Read(Arguments.ValueOf(optionsCreation.Arguments, "name"))
            : default(MetricName);
    }

    /// <summary>
    /// The name given to a new meter: <c>new Meter(name)</c>, <c>new MeterOptions(name)</c> (which covers
    /// <c>new Meter(new MeterOptions(name))</c> and <c>factory.Create(options)</c>), and <c>factory.Create(name)</c>.
    /// </summary>
    public static MetricName? TryReadMeterName(IOperation operation, MetricsTypes types)
    {
        switch (operation)
        {
            case IObjectCreationOperation creation when TypeLookup.Is(creation.Type, types.Meter) || TypeLookup.Is(creation.Type, types.MeterOptions):
                var value = Arguments.ValueOf(creation.Arguments, "name");
                return value is null || value.Type?.SpecialType != SpecialType.System_String ? null : MetricName.Read(value);
            case IInvocationOperation invocation when invocation.TargetMethod.Name == "Create"
                && (TypeLookup.Is(invocation.TargetMethod.ContainingType, types.MeterFactoryExtensions) || TypeLookup.Is(invocation.TargetMethod.ContainingType, types.MeterFactory)):
                var name = Arguments.ValueOf(invocation.Arguments, "name");
                return name is null || name.Type?.SpecialType != SpecialType.System_String ? null : MetricName.Read(name);
            default:
                return null;
        }
    }

    private static ImmutableArray<MetricName>? ReadPrometheusLabelNames(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is null)
            {
                continue;
            }

            if (argument.Parameter.Name == "labelNames")
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                var names = ReadStringArray(argument.Value);
                if (names is null || names.Value.Length > 0)
                {
                    return names;
                }
            }
            else if (argument.Parameter.Name == "configuration" && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                var configuration = MetricName.Unwrap(argument.Value);
                if (configuration.ConstantValue.HasValue && configuration.ConstantValue.Value is null)
                {
                    continue;
                }

                if (configuration is not IObjectCreationOperation { Initializer: var initializer })
                {
                    return null;
                }

                if (initializer is null)
                {
                    continue;
                }

                foreach (var member in initializer.Initializers)
                {
                    if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "LabelNames" } } assignment)
                    {
                        return ReadStringArray(assignment.Value);
                    }
                }
            }
        }

        return ImmutableArray<MetricName>.Empty;
    }

    /// <summary>The elements of an array written in place; null when the array comes from elsewhere.</summary>
    public static ImmutableArray<MetricName>? ReadStringArray(IOperation value)
    {
        var unwrapped = MetricName.Unwrap(value);
        if (unwrapped is IArrayCreationOperation { Initializer: { } initializer })
        {
            var builder = ImmutableArray.CreateBuilder<MetricName>(initializer.ElementValues.Length);
            foreach (var element in initializer.ElementValues)
            {
                builder.Add(MetricName.Read(element));
            }

            return builder.MoveToImmutable();
        }

        if (unwrapped is IArrayCreationOperation { DimensionSizes.Length: 1 } empty && empty.DimensionSizes[0].ConstantValue is { HasValue: true, Value: 0 })
        {
            return ImmutableArray<MetricName>.Empty;
        }

        if (unwrapped.Syntax is CollectionExpressionSyntax collection)
        {
            // Roslyn 4.8 has no operation for collection expressions, but their elements are its children.
            var builder = ImmutableArray.CreateBuilder<MetricName>(collection.Elements.Count);
            foreach (var element in unwrapped.ChildOperations)
            {
                if (element.Syntax.Parent is not ExpressionElementSyntax)
                {
                    return null;
                }

                builder.Add(MetricName.Read(element));
            }

            return builder.Count == collection.Elements.Count ? builder.ToImmutable() : null;
        }

        return null;
    }
}
