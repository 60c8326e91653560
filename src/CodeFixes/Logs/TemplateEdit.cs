using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SignalContract.Analyzers.Logs;

namespace SignalContract.CodeFixes.Logs;

/// <summary>Edits of a literal message template that keep the rest of the message reading well, shared by the fixes that drop a field.</summary>
internal static class TemplateEdit
{
    private const string Separators = " :;,-=|";

    /// <summary>
    /// The literal without the placeholder and what only served it: parentheses or quotes around it, and the separator
    /// before it when it ends the message (<c>"Failed: {error}."</c> → <c>"Failed."</c>).
    /// </summary>
    public static LiteralExpressionSyntax? WithoutPlaceholder(LiteralExpressionSyntax literal, LogTemplate template, int index)
    {
        string text = template.Parsed.Text;
        var hole = template.Parsed.Placeholders[index];
        int start = hole.Start;
        int end = hole.Start + hole.Length;
        if (start > 0 && end < text.Length && ((text[start - 1] == '(' && text[end] == ')') || (text[start - 1] == '\'' && text[end] == '\'')))
        {
            start--;
            end++;
        }

        bool atEnd = text.Substring(end).Trim('.', '!', ' ').Length == 0;
        if (atEnd)
        {
            while (start > 0 && Separators.IndexOf(text[start - 1]) >= 0)
            {
                start--;
            }
        }
        else if (start == 0)
        {
            while (end < text.Length && Separators.IndexOf(text[end]) >= 0)
            {
                end++;
            }
        }
        else if (text[start - 1] == ' ' && text[end] == ' ')
        {
            end++;
        }

        string expected = text.Substring(0, start) + text.Substring(end);
        var span = template.SourceMap!.SpanOf(start, end - start);
        string source = literal.Token.Text;
        int offset = literal.Token.SpanStart;
        string rewritten = source.Substring(0, span.Start - offset) + source.Substring(span.End - offset);
        return SyntaxFactory.ParseExpression(rewritten) is LiteralExpressionSyntax parsed && !parsed.ContainsDiagnostics && parsed.Token.ValueText == expected ? parsed : null;
    }
}
