using System.Collections.Immutable;

namespace SignalContract.Analyzers.Logs;

/// <summary>How a placeholder asks for its value to be captured (Serilog's operators; MEL keeps them in the name).</summary>
internal enum PlaceholderCapture
{
    /// <summary><c>{Order}</c></summary>
    Default,

    /// <summary><c>{@Order}</c>: the value's structure.</summary>
    Destructure,

    /// <summary><c>{$Order}</c>: the value's text.</summary>
    Stringify,
}

/// <summary>
/// One hole of a message template, <c>{@name,alignment:format}</c>. Offsets are into the template's text (its value,
/// escapes resolved); <see cref="TemplateSourceMap"/> turns them into source positions when the template is a literal.
/// </summary>
internal readonly struct TemplatePlaceholder
{
    public TemplatePlaceholder(string name, PlaceholderCapture capture, int start, int length, int nameStart, string? alignment, string? format)
    {
        Name = name;
        Capture = capture;
        Start = start;
        Length = length;
        NameStart = nameStart;
        Alignment = alignment;
        Format = format;
    }

    /// <summary>The field name: the text between the brace (and capture operator) and the alignment, format or end.</summary>
    public string Name { get; }

    public PlaceholderCapture Capture { get; }

    /// <summary>The offset of the opening brace.</summary>
    public int Start { get; }

    /// <summary>The length of the hole, both braces included.</summary>
    public int Length { get; }

    /// <summary>The offset of <see cref="Name"/>, after any capture operator.</summary>
    public int NameStart { get; }

    /// <summary>The text after ',' (without it), or null.</summary>
    public string? Alignment { get; }

    /// <summary>The text after ':' (without it), or null.</summary>
    public string? Format { get; }

    /// <summary>A positional hole, <c>{0}</c>: bound by position and naming no field.</summary>
    public bool IsPositional
    {
        get
        {
            foreach (char c in Name)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return true;
        }
    }
}

/// <summary>
/// A parsed message template, as both MEL (<c>LogValuesFormatter</c>) and Serilog read one: <c>{{</c> and <c>}}</c> are
/// literal braces; a hole is <c>{</c>, an optional <c>@</c> or <c>$</c>, a name, an optional <c>,alignment</c> and
/// <c>:format</c>, and <c>}</c>. An unclosed or empty hole is text, as the libraries treat it. Arguments bind to holes by
/// position, in order.
/// </summary>
internal sealed class MessageTemplate
{
    public static readonly MessageTemplate Empty = new(string.Empty, ImmutableArray<TemplatePlaceholder>.Empty);

    private MessageTemplate(string text, ImmutableArray<TemplatePlaceholder> placeholders)
    {
        Text = text;
        Placeholders = placeholders;
    }

    /// <summary>The template's text, escapes resolved (what the logging library receives).</summary>
    public string Text { get; }

    public ImmutableArray<TemplatePlaceholder> Placeholders { get; }

    public static MessageTemplate Parse(string text)
    {
        if (text.IndexOf('{') < 0)
        {
            return text.Length == 0 ? Empty : new MessageTemplate(text, ImmutableArray<TemplatePlaceholder>.Empty);
        }

        ImmutableArray<TemplatePlaceholder>.Builder? placeholders = null;
        int i = 0;
        while (i < text.Length)
        {
            int open = text.IndexOf('{', i);
            if (open < 0)
            {
                break;
            }

            if (open + 1 < text.Length && text[open + 1] == '{')
            {
                i = open + 2;
                continue;
            }

            int close = text.IndexOf('}', open + 1);
            if (close < 0)
            {
                break;
            }

            if (TryReadHole(text, open, close) is { } placeholder)
            {
                (placeholders ??= ImmutableArray.CreateBuilder<TemplatePlaceholder>()).Add(placeholder);
            }

            i = close + 1;
        }

        return new MessageTemplate(text, placeholders?.ToImmutable() ?? ImmutableArray<TemplatePlaceholder>.Empty);
    }

    /// <summary>Literal text written so a template reads it back unchanged: braces doubled.</summary>
    public static string Escape(string literal) =>
        literal.IndexOf('{') < 0 && literal.IndexOf('}') < 0 ? literal : literal.Replace("{", "{{").Replace("}", "}}");

    /// <summary>The index of the placeholder whose name is <paramref name="name"/> (ordinal), or -1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Placeholders.Length; i++)
        {
            if (string.Equals(Placeholders[i].Name, name, System.StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static TemplatePlaceholder? TryReadHole(string text, int open, int close)
    {
        int nameStart = open + 1;
        var capture = PlaceholderCapture.Default;
        if (nameStart < close && text[nameStart] is '@' or '$')
        {
            capture = text[nameStart] == '@' ? PlaceholderCapture.Destructure : PlaceholderCapture.Stringify;
            nameStart++;
        }

        int nameEnd = nameStart;
        while (nameEnd < close && text[nameEnd] is not (',' or ':'))
        {
            nameEnd++;
        }

        if (nameEnd == nameStart)
        {
            return null;
        }

        string? alignment = null;
        string? format = null;
        int at = nameEnd;
        if (at < close && text[at] == ',')
        {
            int end = at + 1;
            while (end < close && text[end] != ':')
            {
                end++;
            }

            alignment = text.Substring(at + 1, end - at - 1);
            at = end;
        }

        if (at < close && text[at] == ':')
        {
            format = text.Substring(at + 1, close - at - 1);
        }

        return new TemplatePlaceholder(text.Substring(nameStart, nameEnd - nameStart), capture, open, close - open + 1, nameStart, alignment, format);
    }
}
