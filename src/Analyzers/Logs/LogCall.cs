using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Contract;

namespace SignalContract.Analyzers.Logs;

/// <summary>The API shape a log call has.</summary>
internal enum LogApi
{
    /// <summary>MEL's <c>LoggerExtensions</c>: <c>LogInformation</c> ... <c>LogCritical</c>, <c>Log(level, ...)</c>.</summary>
    MelExtension,

    /// <summary><c>ILogger.Log&lt;TState&gt;(level, eventId, state, exception, formatter)</c>.</summary>
    MelState,

    /// <summary>A delegate made by <c>LoggerMessage.Define</c>.</summary>
    MelDefinedMessage,

    /// <summary>A <c>[LoggerMessage]</c> method.</summary>
    LoggerMessageMethod,

    /// <summary>Serilog's <c>ILogger</c> or static <c>Log</c>: <c>Verbose</c> ... <c>Fatal</c>, <c>Write(level, ...)</c>.</summary>
    Serilog,

    /// <summary>A user's wrapper marked with <c>[MessageTemplateFormatMethod]</c> or <c>[StructuredMessageTemplate]</c>.</summary>
    Wrapper,
}

/// <summary>A log level: constant, or unknown when the code computes it.</summary>
internal readonly struct LogLevelValue
{
    public static readonly LogLevelValue Unknown = default;

    /// <summary><c>LogLevel.None</c>: nothing is logged.</summary>
    public static readonly LogLevelValue Off = new(true, LogLevelThreshold.Critical, isOff: true);

    private LogLevelValue(bool isKnown, LogLevelThreshold level, bool isOff)
    {
        IsKnown = isKnown;
        Level = level;
        IsOff = isOff;
    }

    public bool IsKnown { get; }

    /// <summary>Meaningful only when <see cref="IsKnown"/> and not <see cref="IsOff"/>.</summary>
    public LogLevelThreshold Level { get; }

    public bool IsOff { get; }

    public static LogLevelValue Of(LogLevelThreshold level) => new(true, level, isOff: false);

    /// <summary>True when the call logs at <paramref name="minimum"/> or above; a level the code computes counts as above.</summary>
    public bool IsAtLeast(LogLevelThreshold minimum) => !IsKnown || (!IsOff && Level >= minimum);
}

/// <summary>
/// One log call, read from an invocation whatever its API shape: the level, the template, the arguments bound to the
/// template's placeholders, the exception argument and the fields the call itself supplies. Made by
/// <see cref="LogRecognizer.ReadCall"/>; fields from enclosing scopes and enriched loggers are the recognizer's to tell
/// (<see cref="LogRecognizer.FieldsOf"/>).
/// </summary>
internal sealed class LogCall
{
    private ImmutableArray<LogField> _fields;

    public LogCall(
        IInvocationOperation invocation,
        LogApi api,
        LogLevelValue level,
        IArgumentOperation? levelArgument,
        LogTemplate template,
        IArgumentOperation? templateArgument,
        ImmutableArray<IOperation>? arguments,
        IArgumentOperation? exceptionArgument,
        IOperation? logger,
        LoggerMessageMethod? generated,
        ImmutableArray<LogField> stateFields = default,
        bool stateUnknown = false)
    {
        _fields = stateFields;
        FieldsUnknown = stateUnknown || template.State == TemplateState.Unreadable;
        Invocation = invocation;
        Api = api;
        Level = level;
        LevelArgument = levelArgument;
        Template = template;
        TemplateArgument = templateArgument;
        Arguments = arguments;
        ExceptionArgument = exceptionArgument;
        Logger = logger;
        Generated = generated;
    }

    public IInvocationOperation Invocation { get; }

    public LogApi Api { get; }

    public LogLevelValue Level { get; }

    /// <summary>The argument that gives the level, when the call passes one.</summary>
    public IArgumentOperation? LevelArgument { get; }

    public LogTemplate Template { get; }

    /// <summary>The argument that gives the template, when the call passes one (not for <c>[LoggerMessage]</c> or defined messages).</summary>
    public IArgumentOperation? TemplateArgument { get; }

    /// <summary>
    /// The values bound to the template's placeholders, in order (conversions removed); null when they are given as an
    /// array the code does not show. For a <c>[LoggerMessage]</c> method, the arguments of its field parameters.
    /// </summary>
    public ImmutableArray<IOperation>? Arguments { get; }

    /// <summary>The argument of the overload's exception parameter; null when the overload takes no exception.</summary>
    public IArgumentOperation? ExceptionArgument { get; }

    /// <summary>The exception passed, or null when none is (no exception parameter, or <c>null</c>/<c>default</c>).</summary>
    public IOperation? Exception
    {
        get
        {
            if (ExceptionArgument is not { ArgumentKind: not ArgumentKind.DefaultValue } argument)
            {
                return null;
            }

            var value = LogOperations.WithoutConversions(argument.Value);
            return value.ConstantValue is { HasValue: true, Value: null } || value is IDefaultValueOperation ? null : value;
        }
    }

    /// <summary>
    /// True when the call may carry fields the code does not show: a template it cannot read, or a <c>Log&lt;TState&gt;</c>
    /// state of unknown keys. Rules then assume any field is there.
    /// </summary>
    public bool FieldsUnknown { get; }

    /// <summary>The logger the call goes through; null for Serilog's static <c>Log</c> and wrappers without one.</summary>
    public IOperation? Logger { get; }

    /// <summary>The <c>[LoggerMessage]</c> method called, for <see cref="LogApi.LoggerMessageMethod"/>.</summary>
    public LoggerMessageMethod? Generated { get; }

    /// <summary>
    /// The fields the call itself supplies: its placeholders (bound to their arguments), or a <c>[LoggerMessage]</c>
    /// method's parameters and <c>[LogProperties]</c>/<c>[TagProvider]</c> members. Positional holes (<c>{0}</c>) name no field.
    /// </summary>
    public ImmutableArray<LogField> Fields
    {
        get
        {
            if (_fields.IsDefault)
            {
                _fields = Api == LogApi.LoggerMessageMethod ? GeneratedFields() : PlaceholderFields(Template, Arguments, LogFieldSource.Placeholder);
            }

            return _fields;
        }
    }

    /// <summary>The value bound to placeholder <paramref name="index"/> of the template, or null.</summary>
    public IOperation? ArgumentFor(int index) => ArgumentFor(Template.Parsed, Arguments, index);

    internal static IOperation? ArgumentFor(MessageTemplate template, ImmutableArray<IOperation>? arguments, int index)
    {
        if (arguments is not { } values || index < 0 || index >= template.Placeholders.Length)
        {
            return null;
        }

        // Positional holes bind by their number, named ones by their order.
        var placeholder = template.Placeholders[index];
        int position = placeholder.IsPositional && int.TryParse(placeholder.Name, out int number) ? number : index;
        return position < values.Length ? values[position] : null;
    }

    internal static ImmutableArray<LogField> PlaceholderFields(LogTemplate template, ImmutableArray<IOperation>? arguments, LogFieldSource source)
    {
        var placeholders = template.Parsed.Placeholders;
        if (placeholders.IsEmpty)
        {
            return ImmutableArray<LogField>.Empty;
        }

        var fields = ImmutableArray.CreateBuilder<LogField>(placeholders.Length);
        for (int i = 0; i < placeholders.Length; i++)
        {
            var placeholder = placeholders[i];
            if (placeholder.IsPositional)
            {
                continue;
            }

            fields.Add(new LogField(placeholder.Name, source, ArgumentFor(template.Parsed, arguments, i), template, i));
        }

        return fields.ToImmutable();
    }

    private ImmutableArray<LogField> GeneratedFields()
    {
        var generated = Generated!;
        var fields = ImmutableArray.CreateBuilder<LogField>();
        foreach (var parameter in generated.Parameters)
        {
            var value = ValueOf(parameter.Parameter);
            var template = generated.Template;
            var placeholder = parameter.Placeholder >= 0 ? template.Parsed.Placeholders[parameter.Placeholder] : default(TemplatePlaceholder?);
            var location = placeholder is { } p ? template.LocationOf(p) : null;
            var parameterLocation = parameter.Parameter.Locations.IsEmpty ? null : parameter.Parameter.Locations[0];
            switch (parameter.Role)
            {
                case LoggerMessageParameterRole.Field:
                    fields.Add(new LogField(
                        parameter.FieldName!,
                        placeholder is null ? LogFieldSource.Parameter : LogFieldSource.Placeholder,
                        value,
                        location ?? parameterLocation,
                        placeholder is { } named ? template.NameLocationOf(named) : parameterLocation,
                        placeholder?.Capture ?? PlaceholderCapture.Default,
                        parameter.Parameter));
                    break;
                case LoggerMessageParameterRole.Expanded:
                    foreach (var (name, member) in parameter.Members)
                    {
                        var source = member is IPropertySymbol ? LogFieldSource.LogPropertiesMember : LogFieldSource.TagProvider;
                        fields.Add(new LogField(name, source, value, parameterLocation, null, PlaceholderCapture.Default, member));
                    }

                    break;
            }
        }

        return fields.ToImmutable();
    }

    /// <summary>The argument a <c>[LoggerMessage]</c> call passes for <paramref name="parameter"/>.</summary>
    public IOperation? ValueOf(IParameterSymbol parameter)
    {
        foreach (var argument in Invocation.Arguments)
        {
            if (argument.Parameter is { } p && p.Ordinal == parameter.Ordinal && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return LogOperations.WithoutConversions(argument.Value);
            }
        }

        return null;
    }
}
