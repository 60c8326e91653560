using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Logs;

/// <summary>What a parameter of a <c>[LoggerMessage]</c> method is to the generated code.</summary>
internal enum LoggerMessageParameterRole
{
    Logger,
    Level,
    Exception,

    /// <summary>A value logged as one field.</summary>
    Field,

    /// <summary>A <c>[LogProperties]</c> or <c>[TagProvider]</c> value, logged as the fields of its members or tags.</summary>
    Expanded,
}

/// <summary>A parameter of a <c>[LoggerMessage]</c> method and the fields it becomes.</summary>
internal sealed class LoggerMessageParameter
{
    public LoggerMessageParameter(IParameterSymbol parameter, LoggerMessageParameterRole role, string? fieldName, int placeholder, ImmutableArray<(string Name, ISymbol Member)> members)
    {
        Parameter = parameter;
        Role = role;
        FieldName = fieldName;
        Placeholder = placeholder;
        Members = members;
    }

    public IParameterSymbol Parameter { get; }

    public LoggerMessageParameterRole Role { get; }

    /// <summary>
    /// The field a <see cref="LoggerMessageParameterRole.Field"/> parameter is logged as: the spelling of the placeholder
    /// it binds to (the generator matches names ignoring case), its <c>[TagName]</c>, or its own name.
    /// </summary>
    public string? FieldName { get; }

    /// <summary>The index of the template placeholder the parameter binds to, or -1.</summary>
    public int Placeholder { get; }

    /// <summary>For an expanded parameter, each member's field name and the property (or provider method) behind it.</summary>
    public ImmutableArray<(string Name, ISymbol Member)> Members { get; }
}

/// <summary>
/// A method the logging source generator implements: a partial method with <c>[LoggerMessage]</c>. Its level and template
/// come from the attribute, or the level from a <c>LogLevel</c> parameter; its parameters supply fields by name, and
/// <c>[LogProperties]</c> and <c>[TagProvider]</c> parameters supply their members' or tags' fields.
/// </summary>
internal sealed class LoggerMessageMethod
{
    private LoggerMessageMethod(IMethodSymbol method, LogLevelValue level, LogTemplate template, ImmutableArray<LoggerMessageParameter> parameters, string? eventName)
    {
        Method = method;
        EventName = eventName ?? method.Name;
        Level = level;
        Template = template;
        Parameters = parameters;
    }

    /// <summary>The defining declaration (the part with the attribute).</summary>
    public IMethodSymbol Method { get; }

    /// <summary>The name of the event's <c>EventId</c>: the attribute's <c>EventName</c>, else the method's name, as the generator gives it.</summary>
    public string EventName { get; }

    /// <summary>The attribute's level; unknown when a <c>LogLevel</c> parameter gives it (see <see cref="LevelParameter"/>).</summary>
    public LogLevelValue Level { get; }

    /// <summary>The attribute's message; <see cref="LogTemplate.None"/> when it has none.</summary>
    public LogTemplate Template { get; }

    public ImmutableArray<LoggerMessageParameter> Parameters { get; }

    /// <summary>The names of every field the method logs: its field parameters' and its expanded parameters' members.</summary>
    public ImmutableArray<string> FieldNames
    {
        get
        {
            var names = ImmutableArray.CreateBuilder<string>();
            foreach (var parameter in Parameters)
            {
                if (parameter.Role == LoggerMessageParameterRole.Field)
                {
                    names.Add(parameter.FieldName!);
                }
                else if (parameter.Role == LoggerMessageParameterRole.Expanded)
                {
                    foreach (var (name, _) in parameter.Members)
                    {
                        names.Add(name);
                    }
                }
            }

            return names.ToImmutable();
        }
    }

    public int LevelParameter => IndexOf(LoggerMessageParameterRole.Level);

    public int ExceptionParameter => IndexOf(LoggerMessageParameterRole.Exception);

    public Location Location => Method.Locations.IsEmpty ? Location.None : Method.Locations[0];

    public static LoggerMessageMethod? Read(IMethodSymbol method, LoggingTypes types, CancellationToken cancellationToken)
    {
        if (types.LoggerMessageAttribute is null)
        {
            return null;
        }

        method = method.PartialDefinitionPart ?? method;
        AttributeData? attribute = null;
        foreach (var candidate in method.GetAttributes())
        {
            if (TypeLookup.Is(candidate.AttributeClass, types.LoggerMessageAttribute))
            {
                attribute = candidate;
                break;
            }
        }

        if (attribute is null)
        {
            return null;
        }

        var level = LogLevelValue.Unknown;
        string? message = null;
        string? eventName = null;
        var constructor = attribute.AttributeConstructor;
        for (int i = 0; i < attribute.ConstructorArguments.Length && constructor is not null && i < constructor.Parameters.Length; i++)
        {
            var value = attribute.ConstructorArguments[i];
            switch (constructor.Parameters[i].Name)
            {
                case "level":
                    level = types.LevelOf(value.Type, value.Value);
                    break;
                case "message":
                    message = value.Value as string;
                    break;
            }
        }

        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == "Level")
            {
                level = types.LevelOf(named.Value.Type, named.Value.Value);
            }
            else if (named.Key == "Message")
            {
                message = named.Value.Value as string;
            }
            else if (named.Key == "EventName")
            {
                eventName = named.Value.Value as string;
            }
        }

        var template = string.IsNullOrEmpty(message) ? LogTemplate.None : MessageTemplateOf(message!, attribute, cancellationToken);
        var parameters = ReadParameters(method, template.Parsed, types, cancellationToken);
        return new LoggerMessageMethod(method, level, template, parameters, string.IsNullOrEmpty(eventName) ? null : eventName);
    }

    private static LogTemplate MessageTemplateOf(string message, AttributeData attribute, CancellationToken cancellationToken)
    {
        ExpressionSyntax? written = null;
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList: { } arguments })
        {
            int positional = 0;
            var constructor = attribute.AttributeConstructor;
            foreach (var argument in arguments.Arguments)
            {
                string? name = argument.NameEquals?.Name.Identifier.ValueText ?? argument.NameColon?.Name.Identifier.ValueText;
                if (name is null && constructor is not null && positional < constructor.Parameters.Length)
                {
                    name = constructor.Parameters[positional++].Name;
                }

                if (name is "Message" or "message")
                {
                    written = argument.Expression;
                }
            }
        }

        return LogTemplate.Constant(message, written?.GetLocation() ?? attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation(), written is LiteralExpressionSyntax literal ? literal.Token : default);
    }

    private static ImmutableArray<LoggerMessageParameter> ReadParameters(IMethodSymbol method, MessageTemplate template, LoggingTypes types, CancellationToken cancellationToken)
    {
        var parameters = method.Parameters;
        var result = ImmutableArray.CreateBuilder<LoggerMessageParameter>(parameters.Length);
        bool sawLogger = false;
        bool sawException = false;
        bool sawLevel = false;
        foreach (var parameter in parameters)
        {
            int placeholder = PlaceholderFor(parameter.Name, template);
            if (!sawLogger && types.IsMelLogger(parameter.Type))
            {
                sawLogger = true;
                result.Add(new LoggerMessageParameter(parameter, LoggerMessageParameterRole.Logger, null, -1, default));
                continue;
            }

            if (!sawLevel && TypeLookup.Is(parameter.Type, types.LogLevel))
            {
                sawLevel = true;
                result.Add(new LoggerMessageParameter(parameter, LoggerMessageParameterRole.Level, null, -1, default));
                continue;
            }

            // The generator takes the first exception as the event's exception, and logs it as a field too if the message names it.
            if (!sawException && placeholder < 0 && types.IsException(parameter.Type))
            {
                sawException = true;
                result.Add(new LoggerMessageParameter(parameter, LoggerMessageParameterRole.Exception, null, -1, default));
                continue;
            }

            if (ExpandedMembers(parameter, types, cancellationToken) is { } members)
            {
                result.Add(new LoggerMessageParameter(parameter, LoggerMessageParameterRole.Expanded, null, placeholder, members));
                continue;
            }

            string fieldName = placeholder >= 0 ? template.Placeholders[placeholder].Name : TagNameOf(parameter, types) ?? parameter.Name;
            result.Add(new LoggerMessageParameter(parameter, LoggerMessageParameterRole.Field, fieldName, placeholder, default));
        }

        return result.MoveToImmutable();
    }

    /// <summary>The generator binds a parameter to the placeholder with its name, ignoring case (and an '@' verbatim prefix).</summary>
    private static int PlaceholderFor(string parameterName, MessageTemplate template)
    {
        for (int i = 0; i < template.Placeholders.Length; i++)
        {
            if (string.Equals(template.Placeholders[i].Name, parameterName, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static string? TagNameOf(ISymbol symbol, LoggingTypes types)
    {
        if (types.TagNameAttribute is null)
        {
            return null;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (TypeLookup.Is(attribute.AttributeClass, types.TagNameAttribute) && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>The fields of a <c>[LogProperties]</c> or <c>[TagProvider]</c> parameter; null for other parameters.</summary>
    private static ImmutableArray<(string Name, ISymbol Member)>? ExpandedMembers(IParameterSymbol parameter, LoggingTypes types, CancellationToken cancellationToken)
    {
        if (types.LogPropertiesAttribute is null)
        {
            return null;
        }

        foreach (var attribute in parameter.GetAttributes())
        {
            bool properties = TypeLookup.Is(attribute.AttributeClass, types.LogPropertiesAttribute);
            bool provider = !properties && TypeLookup.Is(attribute.AttributeClass, types.TagProviderAttribute);
            if (!properties && !provider)
            {
                continue;
            }

            bool omitReference = false;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "OmitReferenceName" && named.Value.Value is true)
                {
                    omitReference = true;
                }
            }

            string prefix = omitReference ? string.Empty : parameter.Name + ".";
            return properties
                ? PropertyFields(parameter.Type, prefix, types)
                : ProviderTags(attribute, prefix, cancellationToken);
        }

        return null;
    }

    private static ImmutableArray<(string Name, ISymbol Member)> PropertyFields(ITypeSymbol type, string prefix, LoggingTypes types)
    {
        var fields = ImmutableArray.CreateBuilder<(string, ISymbol)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is not IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, GetMethod: not null } property
                    || !seen.Add(property.Name) || HasAttribute(property, types.LogPropertyIgnoreAttribute))
                {
                    continue;
                }

                fields.Add((prefix + (TagNameOf(property, types) ?? property.Name), property));
            }
        }

        return fields.ToImmutable();
    }

    /// <summary>The tags a provider method adds with a constant name: <c>collector.Add("name", value)</c> or <c>Add(nameof(X.Y), value)</c>.</summary>
    private static ImmutableArray<(string Name, ISymbol Member)> ProviderTags(AttributeData attribute, string prefix, CancellationToken cancellationToken)
    {
        var tags = ImmutableArray.CreateBuilder<(string, ISymbol)>();
        if (attribute.ConstructorArguments.Length != 2
            || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol providerType
            || attribute.ConstructorArguments[1].Value is not string methodName)
        {
            return tags.ToImmutable();
        }

        foreach (var member in providerType.GetMembers(methodName))
        {
            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
                {
                    if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Add" }, ArgumentList.Arguments: { Count: >= 2 } arguments }
                        && ConstantName(arguments[0].Expression) is { } name)
                    {
                        tags.Add((prefix + name, member));
                    }
                }
            }
        }

        return tags.ToImmutable();
    }

    private static string? ConstantName(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax literal when literal.Token.Value is string text => text,
        InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" }, ArgumentList.Arguments: { Count: 1 } arguments } => arguments[0].Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            _ => null,
        },
        _ => null,
    };

    private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null)
        {
            return false;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (TypeLookup.Is(attribute.AttributeClass, attributeType))
            {
                return true;
            }
        }

        return false;
    }

    private int IndexOf(LoggerMessageParameterRole role)
    {
        for (int i = 0; i < Parameters.Length; i++)
        {
            if (Parameters[i].Role == role)
            {
                return i;
            }
        }

        return -1;
    }
}
