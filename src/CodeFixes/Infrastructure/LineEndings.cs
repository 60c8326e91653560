using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SignalContract.CodeFixes.Infrastructure;

/// <summary>Fixes that add lines write them with the line ending the document already uses.</summary>
internal static class LineEndings
{
    /// <summary>The first line ending inside <paramref name="node"/>, or "\n" when it has none.</summary>
    public static string Of(SyntaxNode node)
    {
        foreach (var trivia in node.DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia.ToString();
            }
        }

        return "\n";
    }
}
