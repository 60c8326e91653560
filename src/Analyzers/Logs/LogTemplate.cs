using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SignalContract.Analyzers.Logs;

internal enum TemplateState
{
    /// <summary>The call has no template (a <c>[LoggerMessage]</c> without <c>Message</c>, a <c>Log&lt;TState&gt;</c> state).</summary>
    None,

    /// <summary>Compile-time constant text: literals, <c>const</c> fields, constant interpolations and concatenations.</summary>
    Constant,

    /// <summary>Built at run time by interpolation or concatenation: the structure is lost (OBS2003).</summary>
    NotConstant,

    /// <summary>
    /// Text the code does not show: a parameter, a resource, configuration, a method result. Not checkable, and not a
    /// built template either, so no rule reports it.
    /// </summary>
    Unreadable,
}

/// <summary>Why a template is <see cref="TemplateState.NotConstant"/>.</summary>
internal enum DynamicTemplateKind
{
    Interpolated,
    Concatenated,
}

/// <summary>
/// The message template of a log call or scope, read from the expression that gives it: its state, and for a constant its
/// parsed text and, when it is one literal, where each placeholder is written.
/// </summary>
internal sealed class LogTemplate
{
    public static readonly LogTemplate None = new(TemplateState.None, null, MessageTemplate.Empty, null, default, null);

    /// <summary>The literal the template is written as; its source map is made when a location is first asked for.</summary>
    private readonly SyntaxToken _literal;
    private readonly Location? _location;
    private TemplateSourceMap? _sourceMap;
    private bool _sourceMapRead;

    private LogTemplate(TemplateState state, IOperation? expression, MessageTemplate parsed, DynamicTemplateKind? dynamicKind, SyntaxToken literal, Location? location)
    {
        State = state;
        Expression = expression;
        Parsed = parsed;
        DynamicKind = dynamicKind;
        _literal = literal;
        _location = location;
    }

    public TemplateState State { get; }

    /// <summary>The template expression as written (conversions removed); null when the template is not in code at the call.</summary>
    public IOperation? Expression { get; }

    /// <summary>The parsed text; empty unless <see cref="State"/> is Constant.</summary>
    public MessageTemplate Parsed { get; }

    public DynamicTemplateKind? DynamicKind { get; }

    /// <summary>Where each placeholder is written, when the template is a single string literal; null otherwise.</summary>
    public TemplateSourceMap? SourceMap
    {
        get
        {
            // Most templates never need it: read it on the first question, not for every call.
            if (!_sourceMapRead)
            {
                _sourceMap = _literal.RawKind == 0 ? null : TemplateSourceMap.Read(_literal);
                _sourceMapRead = true;
            }

            return _sourceMap;
        }
    }

    /// <summary>Where a diagnostic about the template goes when no exact placeholder position is known.</summary>
    private Location? FallbackLocation => _location ?? Expression?.Syntax.GetLocation();

    public bool IsConstant => State == TemplateState.Constant;

    public static LogTemplate Read(IOperation? value)
    {
        if (value is null)
        {
            return None;
        }

        value = LogOperations.WithoutConversions(value);
        if (value.ConstantValue is { HasValue: true } constant)
        {
            return constant.Value is string text
                ? new LogTemplate(TemplateState.Constant, value, MessageTemplate.Parse(text), null, value.Syntax is LiteralExpressionSyntax literal ? literal.Token : default, null)
                : None;
        }

        if (value is IInterpolatedStringOperation)
        {
            return new LogTemplate(TemplateState.NotConstant, value, MessageTemplate.Empty, DynamicTemplateKind.Interpolated, default, null);
        }

        if (value is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String })
        {
            return new LogTemplate(TemplateState.NotConstant, value, MessageTemplate.Empty, DynamicTemplateKind.Concatenated, default, null);
        }

        return new LogTemplate(TemplateState.Unreadable, value, MessageTemplate.Empty, null, default, null);
    }

    /// <summary>A constant template given in an attribute or elsewhere outside an operation, written as <paramref name="literal"/> when it is one.</summary>
    public static LogTemplate Constant(string text, Location? location, SyntaxToken literal) =>
        new(TemplateState.Constant, null, MessageTemplate.Parse(text), null, literal, location);

    /// <summary>Where the placeholder is written: its exact text in a literal template, else the whole template.</summary>
    public Location? LocationOf(TemplatePlaceholder placeholder) =>
        SourceMap?.LocationOf(placeholder.Start, placeholder.Length) ?? FallbackLocation;

    /// <summary>Where the placeholder's name is written, for a fix that renames it; null unless the template is a literal.</summary>
    public Location? NameLocationOf(TemplatePlaceholder placeholder) =>
        SourceMap?.LocationOf(placeholder.NameStart, placeholder.Name.Length);

    public Location? Location => FallbackLocation;
}
