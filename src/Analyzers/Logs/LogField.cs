using Microsoft.CodeAnalysis;

namespace SignalContract.Analyzers.Logs;

/// <summary>Where a log field's name comes from.</summary>
internal enum LogFieldSource
{
    /// <summary>A placeholder of the call's message template, <c>{OrderId}</c>.</summary>
    Placeholder,

    /// <summary>A parameter of a <c>[LoggerMessage]</c> method.</summary>
    Parameter,

    /// <summary>A member of a <c>[LogProperties]</c> parameter.</summary>
    LogPropertiesMember,

    /// <summary>A tag a <c>[TagProvider]</c> method adds.</summary>
    TagProvider,

    /// <summary>A placeholder of a <c>BeginScope</c> or <c>LoggerMessage.DefineScope</c> template.</summary>
    ScopePlaceholder,

    /// <summary>A key of a <c>BeginScope</c> state: a dictionary entry or a key-value pair.</summary>
    ScopeKey,

    /// <summary>Serilog's <c>LogContext.PushProperty(name, value)</c>.</summary>
    PushProperty,

    /// <summary>Serilog's <c>ForContext(name, value)</c> on the logger the call goes through.</summary>
    ForContext,
}

/// <summary>
/// One field a log call or scope supplies: its name as the log will carry it, the value bound to it where the code shows
/// it, and where its name is written. Shared by every rule that asks about fields (spelling, required fields, personal
/// data) and by tools that list log events.
/// </summary>
internal readonly struct LogField
{
    /// <summary>Where the placeholder this field is made from is written; its locations are worked out only when asked for.</summary>
    private readonly LogTemplate? _template;
    private readonly int _placeholder;
    private readonly Location? _location;
    private readonly Location? _nameLocation;

    public LogField(string name, LogFieldSource source, IOperation? value, Location? location, Location? nameLocation, PlaceholderCapture capture = PlaceholderCapture.Default, ISymbol? declaration = null)
    {
        Name = name;
        Source = source;
        Value = value;
        _location = location;
        _nameLocation = nameLocation;
        Capture = capture;
        Declaration = declaration;
        _template = null;
        _placeholder = -1;
    }

    /// <summary>
    /// The field placeholder <paramref name="placeholder"/> of <paramref name="template"/> names. Most fields are only
    /// read by name, so the template's source map (where each placeholder is written) is not made for them.
    /// </summary>
    public LogField(string name, LogFieldSource source, IOperation? value, LogTemplate template, int placeholder, ISymbol? declaration = null)
    {
        Name = name;
        Source = source;
        Value = value;
        _location = null;
        _nameLocation = null;
        Capture = template.Parsed.Placeholders[placeholder].Capture;
        Declaration = declaration;
        _template = template;
        _placeholder = placeholder;
    }

    /// <summary>The field name, without Serilog's <c>@</c>/<c>$</c> operator.</summary>
    public string Name { get; }

    public LogFieldSource Source { get; }

    /// <summary>The value expression bound to the field (conversions removed), or null when the code does not show it here.</summary>
    public IOperation? Value { get; }

    /// <summary>Where a diagnostic about the field goes: the placeholder, the key, the parameter.</summary>
    public Location? Location => _template is null ? _location : _template.LocationOf(_template.Parsed.Placeholders[_placeholder]);

    /// <summary>Exactly the characters of the name, for a fix that renames it; null when it cannot be edited in place.</summary>
    public Location? NameLocation => _template is null ? _nameLocation : _template.NameLocationOf(_template.Parsed.Placeholders[_placeholder]);

    /// <summary><c>{@Order}</c> asks for the value's structure, <c>{$Order}</c> for its text.</summary>
    public PlaceholderCapture Capture { get; }

    /// <summary>The parameter or member that declares the field (<c>[LoggerMessage]</c> parameters, <c>[LogProperties]</c> members).</summary>
    public ISymbol? Declaration { get; }
}
