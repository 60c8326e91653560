using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Logs;

/// <summary>Reading a log call, whatever its API shape.</summary>
internal sealed partial class LogRecognizer
{
    /// <summary>The log call <paramref name="invocation"/> is, or null when it is none.</summary>
    public LogCall? ReadCall(IInvocationOperation invocation, CancellationToken cancellationToken = default)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "LogTrace" or "LogDebug" or "LogInformation" or "LogWarning" or "LogError" or "LogCritical":
                return TypeLookup.Is(method.ContainingType, Types.LoggerExtensions) ? ReadMel(invocation, LevelOfMelName(method.Name)) : null;
            case "Log":
                if (TypeLookup.Is(method.ContainingType, Types.LoggerExtensions))
                {
                    return ReadMel(invocation, LogLevelValue.Unknown);
                }

                return TypeLookup.Is(method.ContainingType, Types.ILogger) ? ReadMelState(invocation, cancellationToken) : null;
            case "Verbose" or "Debug" or "Information" or "Warning" or "Error" or "Fatal" or "Write":
                if (Types.IsSerilogLogger(method.ContainingType))
                {
                    return ReadSerilog(invocation, LevelOfSerilogName(method.Name));
                }

                break;
            case "Invoke":
                return method.MethodKind == MethodKind.DelegateInvoke ? ReadDefinedMessage(invocation, cancellationToken) : null;
        }

        if (method.MethodKind != MethodKind.Ordinary || (Types.LoggerMessageAttribute is null && !Types.MayHaveWrappers)
            || !MayDeclareLogMethods(method.ContainingAssembly))
        {
            return null;
        }

        var role = RoleOf(method.ReducedFrom ?? method.OriginalDefinition, cancellationToken);
        if (role.Generated is { } generated)
        {
            return ReadLoggerMessageCall(invocation, generated);
        }

        return role.Wrapper is { } wrapper ? ReadWrapper(invocation, wrapper) : null;
    }

    /// <summary>The <c>[LoggerMessage]</c> declaration <paramref name="method"/> is, or null.</summary>
    public LoggerMessageMethod? LoggerMessageMethodOf(IMethodSymbol method, CancellationToken cancellationToken = default) =>
        Types.LoggerMessageAttribute is null || method.MethodKind != MethodKind.Ordinary ? null : RoleOf(method.OriginalDefinition, cancellationToken).Generated;

    /// <summary>The level a <c>LogLevel</c> or <c>LogEventLevel</c> argument gives; unknown unless it is constant.</summary>
    private LogLevelValue LevelOf(IOperation value)
    {
        value = LogOperations.WithoutConversions(value);
        return value.ConstantValue.HasValue ? Types.LevelOf(value.Type, value.ConstantValue.Value) : LogLevelValue.Unknown;
    }

    private static LogLevelValue LevelOfMelName(string name) => name switch
    {
        "LogTrace" => LogLevelValue.Of(LogLevelThreshold.Trace),
        "LogDebug" => LogLevelValue.Of(LogLevelThreshold.Debug),
        "LogInformation" => LogLevelValue.Of(LogLevelThreshold.Information),
        "LogWarning" => LogLevelValue.Of(LogLevelThreshold.Warning),
        "LogError" => LogLevelValue.Of(LogLevelThreshold.Error),
        _ => LogLevelValue.Of(LogLevelThreshold.Critical),
    };

    private static LogLevelValue LevelOfSerilogName(string name) => name switch
    {
        "Verbose" => LogLevelValue.Of(LogLevelThreshold.Trace),
        "Debug" => LogLevelValue.Of(LogLevelThreshold.Debug),
        "Information" => LogLevelValue.Of(LogLevelThreshold.Information),
        "Warning" => LogLevelValue.Of(LogLevelThreshold.Warning),
        "Error" => LogLevelValue.Of(LogLevelThreshold.Error),
        "Fatal" => LogLevelValue.Of(LogLevelThreshold.Critical),
        _ => LogLevelValue.Unknown,
    };

    /// <summary><c>LogInformation(...)</c> ... <c>LogCritical(...)</c> and <c>Log(level, ...)</c>, in every overload.</summary>
    private LogCall ReadMel(IInvocationOperation invocation, LogLevelValue level)
    {
        IArgumentOperation? levelArgument = null;
        IArgumentOperation? template = null;
        IArgumentOperation? exception = null;
        IOperation? logger = null;
        ImmutableArray<IOperation>? arguments = ImmutableArray<IOperation>.Empty;
        foreach (var argument in invocation.Arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "logger":
                    logger = argument.Value;
                    break;
                case "logLevel":
                    levelArgument = argument;
                    level = LevelOf(argument.Value);
                    break;
                case "exception":
                    exception = argument;
                    break;
                case "message":
                    template = argument;
                    break;
                case "args":
                    arguments = LogOperations.ArrayElements(argument.Value);
                    break;
            }
        }

        return new LogCall(invocation, LogApi.MelExtension, level, levelArgument, LogTemplate.Read(template?.Value), template, UnwrapAll(arguments), exception, logger, null);
    }

    /// <summary><c>ILogger.Log&lt;TState&gt;(level, eventId, state, exception, formatter)</c>: the state's keys are its fields.</summary>
    private LogCall ReadMelState(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        var level = LogLevelValue.Unknown;
        IArgumentOperation? levelArgument = null;
        IArgumentOperation? exception = null;
        var state = StateReading.Nothing;
        foreach (var argument in invocation.Arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "logLevel":
                    levelArgument = argument;
                    level = LevelOf(argument.Value);
                    break;
                case "exception":
                    exception = argument;
                    break;
                case "state":
                    state = ReadState(argument.Value, followLocal: true, cancellationToken);
                    break;
            }
        }

        var fields = state.Fields.IsDefault ? ImmutableArray<LogField>.Empty : state.Fields;
        return new LogCall(invocation, LogApi.MelState, level, levelArgument, LogTemplate.None, null, null, exception, invocation.Instance, null, fields, state.Unknown);
    }

    /// <summary>Serilog's <c>Verbose</c> ... <c>Fatal</c> and <c>Write(level, ...)</c>: generic, params and exception-first overloads.</summary>
    private LogCall? ReadSerilog(IInvocationOperation invocation, LogLevelValue level)
    {
        IArgumentOperation? levelArgument = null;
        IArgumentOperation? template = null;
        IArgumentOperation? exception = null;
        ImmutableArray<IOperation>.Builder? values = null;
        ImmutableArray<IOperation>? arguments = ImmutableArray<IOperation>.Empty;
        foreach (var argument in invocation.Arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "level":
                    levelArgument = argument;
                    level = LevelOf(argument.Value);
                    break;
                case "exception":
                    exception = argument;
                    break;
                case "messageTemplate":
                    template = argument;
                    break;
                case "propertyValue" or "propertyValue0" or "propertyValue1" or "propertyValue2":
                    (values ??= ImmutableArray.CreateBuilder<IOperation>()).Add(LogOperations.WithoutConversions(argument.Value));
                    break;
                case "propertyValues":
                    arguments = LogOperations.ArrayElements(argument.Value);
                    break;
            }
        }

        // Write(LogEvent) carries a finished event, not a template.
        if (template is null)
        {
            return null;
        }

        if (values is not null)
        {
            arguments = values.ToImmutable();
        }

        return new LogCall(invocation, LogApi.Serilog, level, levelArgument, LogTemplate.Read(template.Value), template, UnwrapAll(arguments), exception, invocation.Instance, null);
    }

    private LogCall ReadLoggerMessageCall(IInvocationOperation invocation, LoggerMessageMethod generated)
    {
        var level = generated.Level;
        IArgumentOperation? levelArgument = null;
        IArgumentOperation? exception = null;
        IOperation? logger = invocation.Instance;
        var placeholders = generated.Template.Parsed.Placeholders;
        var bound = placeholders.IsEmpty ? null : new IOperation?[placeholders.Length];
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || parameter.Ordinal >= generated.Parameters.Length)
            {
                continue;
            }

            var role = generated.Parameters[parameter.Ordinal];
            switch (role.Role)
            {
                case LoggerMessageParameterRole.Logger:
                    logger = argument.Value;
                    break;
                case LoggerMessageParameterRole.Level:
                    levelArgument = argument;
                    level = LevelOf(argument.Value);
                    break;
                case LoggerMessageParameterRole.Exception:
                    exception = argument;
                    break;
                default:
                    if (bound is not null && role.Placeholder >= 0)
                    {
                        bound[role.Placeholder] = LogOperations.WithoutConversions(argument.Value);
                    }

                    break;
            }
        }

        ImmutableArray<IOperation>? arguments = ImmutableArray<IOperation>.Empty;
        if (bound is not null)
        {
            var builder = ImmutableArray.CreateBuilder<IOperation>(bound.Length);
            foreach (var value in bound)
            {
                if (value is not null)
                {
                    builder.Add(value);
                }
            }

            // A placeholder no parameter binds to leaves the arguments unknown.
            arguments = builder.Count == bound.Length ? builder.MoveToImmutable() : null;
        }

        return new LogCall(invocation, LogApi.LoggerMessageMethod, level, levelArgument, generated.Template, null, arguments, exception, logger, generated);
    }

    private LogCall? ReadWrapper(IInvocationOperation invocation, WrapperMethod wrapper)
    {
        var level = wrapper.Level;
        IArgumentOperation? levelArgument = null;
        IArgumentOperation? template = null;
        IArgumentOperation? exception = null;
        IOperation? logger = invocation.Instance;
        ImmutableArray<IOperation>.Builder? values = null;
        ImmutableArray<IOperation>? arguments = ImmutableArray<IOperation>.Empty;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter)
            {
                continue;
            }

            if (parameter.Ordinal == wrapper.TemplateOrdinal)
            {
                template = argument;
            }
            else if (Types.IsLevelType(parameter.Type))
            {
                levelArgument = argument;
                level = LevelOf(argument.Value);
            }
            else if (exception is null && Types.IsException(parameter.Type))
            {
                exception = argument;
            }
            else if (Types.IsMelLogger(parameter.Type) || TypeLookup.Is(parameter.Type, Types.SerilogILogger))
            {
                logger = argument.Value;
            }
            else if (parameter.Ordinal > wrapper.TemplateOrdinal)
            {
                if (parameter.IsParams)
                {
                    arguments = LogOperations.ArrayElements(argument.Value);
                }
                else if (argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    (values ??= ImmutableArray.CreateBuilder<IOperation>()).Add(argument.Value);
                }
            }
        }

        if (template is null)
        {
            return null;
        }

        if (values is not null && arguments is { IsEmpty: true })
        {
            arguments = values.ToImmutable();
        }

        return new LogCall(invocation, LogApi.Wrapper, level, levelArgument, LogTemplate.Read(template.Value), template, UnwrapAll(arguments), exception, logger, null);
    }

    /// <summary><c>_orderPlaced(logger, id, null)</c>, where <c>_orderPlaced = LoggerMessage.Define&lt;string&gt;(...)</c>.</summary>
    private LogCall? ReadDefinedMessage(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        if (Types.LoggerMessage is null
            || invocation.Instance is not { } holder
            || invocation.Instance.Type is not INamedTypeSymbol { IsGenericType: true, Name: "Action" } delegateType
            || !Types.IsMelLogger(delegateType.TypeArguments[0]))
        {
            return null;
        }

        var definition = DefinitionOf(holder, cancellationToken);
        if (definition is null || definition.IsScope)
        {
            return null;
        }

        // Action<ILogger, T1, ..., Exception?>: the logger, the values, then the exception.
        var all = invocation.Arguments;
        if (all.Length < 2)
        {
            return null;
        }

        var values = ImmutableArray.CreateBuilder<IOperation>(all.Length - 2);
        for (int i = 1; i < all.Length - 1; i++)
        {
            values.Add(LogOperations.WithoutConversions(all[i].Value));
        }

        return new LogCall(invocation, LogApi.MelDefinedMessage, definition.Level, null, definition.Template, null, values.MoveToImmutable(), all[all.Length - 1], all[0].Value, null);
    }

    /// <summary>The <c>Define</c>/<c>DefineScope</c> behind a delegate-holding field, property or local; null when not one.</summary>
    private DefinedMessage? DefinitionOf(IOperation holder, CancellationToken cancellationToken)
    {
        ISymbol? symbol = LogOperations.WithoutConversions(holder) switch
        {
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            ILocalReferenceOperation local => local.Local,
            _ => null,
        };

        if (symbol is null || holder.SemanticModel is not { } model)
        {
            return null;
        }

        symbol = symbol.OriginalDefinition;
        if (_definitions.TryGetValue(symbol, out var known))
        {
            return known == DefinedMessage.Unreadable ? null : known;
        }

        // The initializer is read with the caller's model, so only a declaration in the caller's file can be read; a
        // definition read from its own file is kept for every caller.
        if (symbol.DeclaringSyntaxReferences.Length != 1 || symbol.DeclaringSyntaxReferences[0].SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        var declaration = symbol.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        ExpressionSyntax? initializer = declaration switch
        {
            VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
            PropertyDeclarationSyntax property => property.Initializer?.Value ?? property.ExpressionBody?.Expression,
            _ => null,
        };

        var definition = DefinedMessage.Unreadable;
        if (initializer is not null && model.GetOperation(initializer, cancellationToken) is { } value
            && LogOperations.WithoutConversions(value) is IInvocationOperation define)
        {
            definition = ReadDefine(define) ?? DefinedMessage.Unreadable;
        }

        return _definitions.GetOrAdd(symbol, definition) is var stored && stored == DefinedMessage.Unreadable ? null : stored;
    }

    /// <summary>
    /// The message a <c>LoggerMessage.Define</c> call declares, read where it is written, as a log call with the level and
    /// template it fixes (its values are bound where the delegate is invoked); null for any other call, <c>DefineScope</c> included.
    /// </summary>
    public LogCall? ReadDefinition(IInvocationOperation invocation) =>
        invocation.TargetMethod.Name == "Define" && ReadDefine(invocation) is { } definition
            ? new LogCall(invocation, LogApi.MelDefinedMessage, definition.Level, null, definition.Template, null, null, null, null, null)
            : null;

    /// <summary>True when <paramref name="method"/> is a user's wrapper: its calls are the log calls, the one in its body forwards them.</summary>
    public bool IsWrapper(IMethodSymbol method, CancellationToken cancellationToken = default) =>
        Types.MayHaveWrappers && method.MethodKind == MethodKind.Ordinary && RoleOf(method.OriginalDefinition, cancellationToken).Wrapper is not null;

    /// <summary>A <c>LoggerMessage.Define</c> or <c>DefineScope</c> call's level and template; null for any other call.</summary>
    private DefinedMessage? ReadDefine(IInvocationOperation define)
    {
        if (define.TargetMethod.Name is not ("Define" or "DefineScope") || !TypeLookup.Is(define.TargetMethod.ContainingType, Types.LoggerMessage))
        {
            return null;
        }

        var level = LogLevelValue.Unknown;
        var template = LogTemplate.None;
        foreach (var argument in define.Arguments)
        {
            if (argument.Parameter?.Name == "logLevel")
            {
                level = LevelOf(argument.Value);
            }
            else if (argument.Parameter?.Name == "formatString")
            {
                template = LogTemplate.Read(argument.Value);
            }
        }

        return new DefinedMessage(define.TargetMethod.Name == "DefineScope", level, template);
    }

    /// <summary>
    /// False for a referenced assembly that cannot hold a <c>[LoggerMessage]</c> method or a logging wrapper, because it does
    /// not reference the library whose attribute marks one. Most calls go to the framework and to other libraries:
    /// they are turned away here, once per assembly, instead of decoding each method's attributes.
    /// </summary>
    private bool MayDeclareLogMethods(IAssemblySymbol? assembly)
    {
        if (assembly is null || assembly is ISourceAssemblySymbol)
        {
            return true;
        }

        if (!_assembliesWithLogMethods.TryGetValue(assembly, out bool may))
        {
            may = _assembliesWithLogMethods.GetOrAdd(assembly, ComputeMayDeclareLogMethods(assembly));
        }

        return may;
    }

    private bool ComputeMayDeclareLogMethods(IAssemblySymbol assembly)
    {
        if (Types.HasStructuredMessageTemplate && (assembly.TypeNames.Contains(LoggingTypes.StructuredMessageTemplateAttributeName) || References(assembly, "JetBrains.Annotations")))
        {
            return true;
        }

        return IsOrReferences(assembly, Types.LoggerMessageAttribute) || IsOrReferences(assembly, Types.MessageTemplateFormatMethodAttribute);

        static bool IsOrReferences(IAssemblySymbol assembly, INamedTypeSymbol? attribute) =>
            attribute is not null
            && (SymbolEqualityComparer.Default.Equals(assembly, attribute.ContainingAssembly) || References(assembly, attribute.ContainingAssembly.Identity.Name));
    }

    private static bool References(IAssemblySymbol assembly, string name)
    {
        foreach (var module in assembly.Modules)
        {
            foreach (var reference in module.ReferencedAssemblies)
            {
                if (string.Equals(reference.Name, name, System.StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private MethodRole RoleOf(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (!_roles.TryGetValue(method, out var role))
        {
            role = _roles.GetOrAdd(method, ComputeRole(method, cancellationToken));
        }

        return role;
    }

    private MethodRole ComputeRole(IMethodSymbol method, CancellationToken cancellationToken)
    {
        // Serilog's own methods carry [MessageTemplateFormatMethod] too; they are read by name above, or are not log calls.
        if (Types.IsSerilogLogger(method.ContainingType) || TypeLookup.Is(method.ContainingType, Types.SerilogLogContext))
        {
            return MethodRole.None;
        }

        if (LoggerMessageMethod.Read(method, Types, cancellationToken) is { } generated)
        {
            return new MethodRole(generated, null);
        }

        if (!Types.MayHaveWrappers)
        {
            return MethodRole.None;
        }

        string? templateName = null;
        if (Types.MessageTemplateFormatMethodAttribute is not null)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (TypeLookup.Is(attribute.AttributeClass, Types.MessageTemplateFormatMethodAttribute)
                    && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name)
                {
                    templateName = name;
                }
            }
        }

        foreach (var parameter in method.Parameters)
        {
            if (parameter.Type.SpecialType != SpecialType.System_String)
            {
                continue;
            }

            if (parameter.Name == templateName || (Types.HasStructuredMessageTemplate && HasStructuredMessageTemplate(parameter)))
            {
                return new MethodRole(null, new WrapperMethod(parameter.Ordinal, LevelOfWrapperName(method.Name)));
            }
        }

        return MethodRole.None;
    }

    private static bool HasStructuredMessageTemplate(IParameterSymbol parameter)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == LoggingTypes.StructuredMessageTemplateAttributeName)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A wrapper named for its level (<c>LogDebug</c>, <c>Warn</c>, <c>Fatal</c>) logs at it.</summary>
    private static LogLevelValue LevelOfWrapperName(string name)
    {
        LogLevelValue found = LogLevelValue.Unknown;
        foreach (string word in NameWords.Split(name))
        {
            var level = word switch
            {
                "trace" or "verbose" => LogLevelValue.Of(LogLevelThreshold.Trace),
                "debug" => LogLevelValue.Of(LogLevelThreshold.Debug),
                "info" or "information" => LogLevelValue.Of(LogLevelThreshold.Information),
                "warn" or "warning" => LogLevelValue.Of(LogLevelThreshold.Warning),
                "error" => LogLevelValue.Of(LogLevelThreshold.Error),
                "critical" or "fatal" => LogLevelValue.Of(LogLevelThreshold.Critical),
                _ => LogLevelValue.Unknown,
            };

            if (level.IsKnown)
            {
                found = level;
            }
        }

        return found;
    }

    private static ImmutableArray<IOperation>? UnwrapAll(ImmutableArray<IOperation>? values)
    {
        if (values is not { } array)
        {
            return null;
        }

        ImmutableArray<IOperation>.Builder? unwrapped = null;
        for (int i = 0; i < array.Length; i++)
        {
            var value = LogOperations.WithoutConversions(array[i]);
            if (unwrapped is null && !ReferenceEquals(value, array[i]))
            {
                unwrapped = ImmutableArray.CreateBuilder<IOperation>(array.Length);
                for (int j = 0; j < i; j++)
                {
                    unwrapped.Add(array[j]);
                }
            }

            unwrapped?.Add(value);
        }

        return unwrapped?.MoveToImmutable() ?? array;
    }
}
