using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace SignalContract.Analyzers.Logs;

/// <summary>
/// Where each character of a string literal's value is written in source, so a diagnostic can point at one placeholder
/// and a fix can rewrite one name: regular strings with their escapes, verbatim strings, and single- and multi-line raw
/// strings. <see cref="Read"/> returns null for anything else, or when its reading disagrees with the compiler's value.
/// </summary>
internal sealed class TemplateSourceMap
{
    private readonly SyntaxTree _tree;

    /// <summary>Source position of each value character, plus one entry for the end of the value.</summary>
    private readonly int[] _positions;

    private TemplateSourceMap(SyntaxTree tree, int[] positions)
    {
        _tree = tree;
        _positions = positions;
    }

    /// <summary>The source span of the value's characters [start, start + length).</summary>
    public TextSpan SpanOf(int start, int length) =>
        TextSpan.FromBounds(_positions[start], length == 0 ? _positions[start] : _positions[start + length - 1] + WidthAt(start + length - 1));

    public Location LocationOf(int start, int length) => Location.Create(_tree, SpanOf(start, length));

    /// <summary>The source position where the value ends (before the closing delimiter, or its last line).</summary>
    public int End => _positions[_positions.Length - 1];

    public static TemplateSourceMap? Read(SyntaxToken token)
    {
        string text = token.Text;
        int[]? positions = token.Kind() switch
        {
            SyntaxKind.StringLiteralToken when text.Length >= 2 && text[0] == '@' => Verbatim(text),
            SyntaxKind.StringLiteralToken when text.Length >= 2 && text[0] == '"' => Regular(text),
            SyntaxKind.SingleLineRawStringLiteralToken => SingleLineRaw(text),
            SyntaxKind.MultiLineRawStringLiteralToken => MultiLineRaw(text),
            _ => null,
        };

        if (positions is null || positions.Length != token.ValueText.Length + 1 || !Agrees(text, token.ValueText, positions))
        {
            return null;
        }

        int offset = token.SpanStart;
        for (int i = 0; i < positions.Length; i++)
        {
            positions[i] += offset;
        }

        return new TemplateSourceMap(token.SyntaxTree!, positions);
    }

    /// <summary>How many source characters stand for value character <paramref name="index"/>.</summary>
    private int WidthAt(int index) => Math.Max(1, _positions[index + 1] - _positions[index]);

    /// <summary>Unescaped characters must be written as themselves; escapes are checked by the value's length only.</summary>
    private static bool Agrees(string text, string value, int[] positions)
    {
        for (int i = 0; i < value.Length; i++)
        {
            int width = positions[i + 1] - positions[i];
            if (width == 1 && text[positions[i]] != value[i])
            {
                return false;
            }
        }

        return true;
    }

    private static int[]? Regular(string text)
    {
        int end = text.Length - 1;
        if (text[end] != '"')
        {
            return null;
        }

        var positions = new System.Collections.Generic.List<int>(text.Length);
        int i = 1;
        while (i < end)
        {
            positions.Add(i);
            if (text[i] != '\\')
            {
                i++;
                continue;
            }

            if (i + 1 >= end)
            {
                return null;
            }

            switch (text[i + 1])
            {
                case 'u':
                    i += 6;
                    break;
                case 'U':
                    // Above U+FFFF the value holds two UTF-16 characters for one escape.
                    if (i + 10 > end || !uint.TryParse(text.Substring(i + 2, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint codePoint))
                    {
                        return null;
                    }

                    if (codePoint > 0xFFFF)
                    {
                        positions.Add(i);
                    }

                    i += 10;
                    break;
                case 'x':
                    int digits = 0;
                    while (digits < 4 && i + 2 + digits < end && Uri.IsHexDigit(text[i + 2 + digits]))
                    {
                        digits++;
                    }

                    i += 2 + digits;
                    break;
                default:
                    i += 2;
                    break;
            }
        }

        positions.Add(end);
        return positions.ToArray();
    }

    private static int[]? Verbatim(string text)
    {
        int end = text.Length - 1;
        if (text.Length < 3 || text[1] != '"' || text[end] != '"')
        {
            return null;
        }

        var positions = new System.Collections.Generic.List<int>(text.Length);
        for (int i = 2; i < end; i++)
        {
            positions.Add(i);
            if (text[i] == '"')
            {
                i++;
            }
        }

        positions.Add(end);
        return positions.ToArray();
    }

    private static int[]? SingleLineRaw(string text)
    {
        int quotes = 0;
        while (quotes < text.Length && text[quotes] == '"')
        {
            quotes++;
        }

        int end = text.Length - quotes;
        if (end < quotes)
        {
            return null;
        }

        var positions = new int[end - quotes + 1];
        for (int i = 0; i < positions.Length; i++)
        {
            positions[i] = quotes + i;
        }

        return positions;
    }

    /// <summary>
    /// The content lines between the opening and closing delimiter lines, each without the closing line's indentation,
    /// joined by the line breaks written between them.
    /// </summary>
    private static int[]? MultiLineRaw(string text)
    {
        int quotes = 0;
        while (quotes < text.Length && text[quotes] == '"')
        {
            quotes++;
        }

        int firstBreak = text.IndexOf('\n', quotes);
        int closing = text.Length - quotes;
        if (firstBreak < 0 || closing <= firstBreak)
        {
            return null;
        }

        // The closing line: indentation, then the quotes.
        int lastBreak = text.LastIndexOf('\n', closing - 1);
        int indentation = closing - lastBreak - 1;
        int contentEnd = lastBreak > 0 && text[lastBreak - 1] == '\r' ? lastBreak - 1 : lastBreak;
        var positions = new System.Collections.Generic.List<int>(text.Length);
        int line = firstBreak + 1;
        while (line <= contentEnd)
        {
            int lineEnd = text.IndexOf('\n', line);
            if (lineEnd < 0 || lineEnd > lastBreak)
            {
                lineEnd = lastBreak;
            }

            int textEnd = lineEnd > line && text[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            // A blank line may be shorter than the indentation.
            int start = Math.Min(line + indentation, textEnd);
            for (int i = start; i < textEnd && i < contentEnd; i++)
            {
                positions.Add(i);
            }

            if (lineEnd >= lastBreak)
            {
                break;
            }

            // The break between two content lines belongs to the value.
            for (int i = textEnd; i <= lineEnd; i++)
            {
                positions.Add(i);
            }

            line = lineEnd + 1;
        }

        positions.Add(contentEnd);
        return positions.ToArray();
    }
}
