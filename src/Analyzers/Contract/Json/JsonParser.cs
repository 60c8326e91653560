using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace SignalContract.Analyzers.Contract.Json;

/// <summary>The result of parsing: a root value, or the first syntax error and where it is.</summary>
internal sealed class JsonParseResult
{
    public JsonParseResult(JsonValue? root, string? error, TextSpan errorSpan)
    {
        Root = root;
        Error = error;
        ErrorSpan = errorSpan;
    }

    public JsonValue? Root { get; }

    public string? Error { get; }

    public TextSpan ErrorSpan { get; }
}

/// <summary>
/// A strict RFC 8259 JSON parser that keeps the span of every value and key.
/// It exists because the analyzer assembly may not depend on System.Text.Json, and because
/// contract problems must be reported at their exact line and column.
/// </summary>
/// <remarks>
/// Parsing stops at the first syntax error: later errors are nearly always echoes of the first.
/// Duplicate keys are kept; the contract reader reports them.
/// </remarks>
internal sealed class JsonParser
{
    /// <summary>Deeper nesting than any contract needs; the limit keeps a hostile file from exhausting the stack.</summary>
    public const int MaxDepth = 64;

    private readonly string _text;
    private int _position;
    private int _depth;

    private JsonParser(string text) => _text = text;

    public static JsonParseResult Parse(string text)
    {
        var parser = new JsonParser(text);
        try
        {
            return new JsonParseResult(parser.ParseDocument(), null, default);
        }
        catch (JsonSyntaxException e)
        {
            return new JsonParseResult(null, e.Message, e.Span);
        }
    }

    private JsonValue ParseDocument()
    {
        if (_text.Length > 0 && _text[0] == '\uFEFF')
        {
            _position = 1;
        }

        SkipWhitespace();
        if (_position >= _text.Length)
        {
            throw new JsonSyntaxException("The file is empty; expected a JSON object.", new TextSpan(0, 0));
        }

        var root = ParseValue();
        SkipWhitespace();
        if (_position < _text.Length)
        {
            throw Error("Unexpected text after the end of the JSON document.", 1);
        }

        return root;
    }

    private JsonValue ParseValue()
    {
        if (_position >= _text.Length)
        {
            throw Error("Unexpected end of file; expected a value.", 0);
        }

        char c = _text[_position];
        switch (c)
        {
            case '{':
                return ParseObject();
            case '[':
                return ParseArray();
            case '"':
            {
                int start = _position;
                string value = ParseString();
                return new JsonString(TextSpan.FromBounds(start, _position), value);
            }

            case 't':
                return new JsonBoolean(ParseKeyword("true"), true);
            case 'f':
                return new JsonBoolean(ParseKeyword("false"), false);
            case 'n':
                return new JsonNull(ParseKeyword("null"));
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return ParseNumber();
                }

                throw Error($"Unexpected character '{Printable(c)}'; expected a value.", 1);
        }
    }

    private JsonObject ParseObject()
    {
        int start = _position;
        Enter();
        _position++; // '{'
        var properties = ImmutableArray.CreateBuilder<JsonProperty>();
        SkipWhitespace();
        if (Peek() == '}')
        {
            _position++;
            _depth--;
            return new JsonObject(TextSpan.FromBounds(start, _position), properties.ToImmutable());
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"')
            {
                throw Error(Peek() == '}' ? "Trailing comma before '}'." : "Expected a property name in double quotes.", 1);
            }

            int nameStart = _position;
            string name = ParseString();
            var nameSpan = TextSpan.FromBounds(nameStart, _position);
            SkipWhitespace();
            Expect(':', "Expected ':' after the property name.");
            SkipWhitespace();
            var value = ParseValue();
            properties.Add(new JsonProperty(name, nameSpan, value));
            SkipWhitespace();
            char next = Peek();
            if (next == ',')
            {
                _position++;
                continue;
            }

            if (next == '}')
            {
                _position++;
                _depth--;
                return new JsonObject(TextSpan.FromBounds(start, _position), properties.ToImmutable());
            }

            throw Error("Expected ',' or '}' after a property value.", 1);
        }
    }

    private JsonArray ParseArray()
    {
        int start = _position;
        Enter();
        _position++; // '['
        var items = ImmutableArray.CreateBuilder<JsonValue>();
        SkipWhitespace();
        if (Peek() == ']')
        {
            _position++;
            _depth--;
            return new JsonArray(TextSpan.FromBounds(start, _position), items.ToImmutable());
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() == ']')
            {
                throw Error("Trailing comma before ']'.", 1);
            }

            items.Add(ParseValue());
            SkipWhitespace();
            char next = Peek();
            if (next == ',')
            {
                _position++;
                continue;
            }

            if (next == ']')
            {
                _position++;
                _depth--;
                return new JsonArray(TextSpan.FromBounds(start, _position), items.ToImmutable());
            }

            throw Error("Expected ',' or ']' after an array item.", 1);
        }
    }

    private string ParseString()
    {
        int start = _position;
        _position++; // opening quote
        StringBuilder? builder = null;
        int runStart = _position;
        while (true)
        {
            if (_position >= _text.Length)
            {
                _position = start;
                throw Error("Unterminated string.", 1);
            }

            char c = _text[_position];
            if (c == '"')
            {
                string result = builder is null
                    ? _text.Substring(runStart, _position - runStart)
                    : builder.Append(_text, runStart, _position - runStart).ToString();
                _position++;
                return result;
            }

            if (c < ' ')
            {
                throw Error(c == '\n' || c == '\r' ? "Unterminated string: a line break must be written as \\n." : "Control characters must be escaped in a string.", 1);
            }

            if (c != '\\')
            {
                _position++;
                continue;
            }

            builder ??= new StringBuilder();
            builder.Append(_text, runStart, _position - runStart);
            builder.Append(ParseEscape());
            runStart = _position;
        }
    }

    private char ParseEscape()
    {
        int start = _position;
        _position++; // backslash
        if (_position >= _text.Length)
        {
            _position = start;
            throw Error("Unterminated escape sequence.", 1);
        }

        char c = _text[_position++];
        switch (c)
        {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                if (_position + 4 <= _text.Length
                    && int.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                {
                    _position += 4;
                    return (char)code;
                }

                _position = start;
                throw Error("Invalid \\u escape: expected four hexadecimal digits.", 2);
            default:
                _position = start;
                throw Error($"Invalid escape sequence '\\{Printable(c)}'.", 2);
        }
    }

    private JsonNumber ParseNumber()
    {
        int start = _position;
        if (Peek() == '-')
        {
            _position++;
        }

        if (Peek() == '0')
        {
            _position++;
        }
        else if (IsDigit(Peek()))
        {
            SkipDigits();
        }
        else
        {
            throw Error("Invalid number: expected a digit.", 1);
        }

        if (Peek() == '.')
        {
            _position++;
            if (!IsDigit(Peek()))
            {
                throw Error("Invalid number: expected a digit after the decimal point.", 1);
            }

            SkipDigits();
        }

        if (Peek() == 'e' || Peek() == 'E')
        {
            _position++;
            if (Peek() == '+' || Peek() == '-')
            {
                _position++;
            }

            if (!IsDigit(Peek()))
            {
                throw Error("Invalid number: expected a digit in the exponent.", 1);
            }

            SkipDigits();
        }

        if (IsDigit(Peek()))
        {
            throw Error("Invalid number: leading zeros are not allowed.", 1);
        }

        return new JsonNumber(TextSpan.FromBounds(start, _position), _text.Substring(start, _position - start));
    }

    private TextSpan ParseKeyword(string keyword)
    {
        int start = _position;
        if (string.CompareOrdinal(_text, _position, keyword, 0, keyword.Length) != 0)
        {
            int end = start;
            while (end < _text.Length && char.IsLetter(_text[end]))
            {
                end++;
            }

            throw new JsonSyntaxException(
                $"Unexpected '{_text.Substring(start, end - start)}'; expected a value (strings need double quotes).",
                TextSpan.FromBounds(start, Math.Max(end, start + 1)));
        }

        _position += keyword.Length;
        return TextSpan.FromBounds(start, _position);
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw Error($"The document is nested more than {MaxDepth} levels deep.", 1);
        }
    }

    private void Expect(char expected, string message)
    {
        if (Peek() != expected)
        {
            throw Error(message, 1);
        }

        _position++;
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private void SkipDigits()
    {
        while (IsDigit(Peek()))
        {
            _position++;
        }
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length)
        {
            char c = _text[_position];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            {
                if (c == '/' && _position + 1 < _text.Length && (_text[_position + 1] == '/' || _text[_position + 1] == '*'))
                {
                    throw Error("Comments are not allowed in JSON; use a \"$comment\" key instead.", 2);
                }

                return;
            }

            _position++;
        }
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static string Printable(char c) => c < ' ' ? $"\\u{(int)c:X4}" : c.ToString();

    /// <summary>An error at the current position, <paramref name="length"/> characters long (clipped to the text).</summary>
    private JsonSyntaxException Error(string message, int length)
    {
        int start = Math.Min(_position, _text.Length);
        int end = Math.Min(start + length, _text.Length);
        return new JsonSyntaxException(message, TextSpan.FromBounds(start, end));
    }

    private sealed class JsonSyntaxException : Exception
    {
        public JsonSyntaxException(string message, TextSpan span)
            : base(message) => Span = span;

        public TextSpan Span { get; }
    }
}
