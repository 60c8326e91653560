using System;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Traces;
using SignalContract.CodeFixes.Infrastructure;

namespace SignalContract.CodeFixes.Traces;

/// <summary>OBS3004: puts an ActivitySource or tracer name inside an approved source, one fix per source.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SourceOutsideApprovedCodeFix)), Shared]
public sealed class SourceOutsideApprovedCodeFix : CodeFixProvider
{
    /// <summary>Equivalence keys are this prefix followed by the approved source; see <see cref="KeyFor"/>.</summary>
    public const string PrefixWithSourceKey = "SignalContract.OBS3004.PrefixWithSource:";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.SourceOutsideApproved.Id);

    public static string KeyFor(string source) => PrefixWithSourceKey + source;

    public override FixAllProvider GetFixAllProvider() => FixAllFindings.EachWithItsFix;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            // Only a literal is rewritten in place; a constant declared elsewhere may be shared.
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal
                || !literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                continue;
            }

            for (int i = 0; i < SpanNameAnalyzer.MaxSourceFixes; i++)
            {
                if (!diagnostic.Properties.TryGetValue(SpanNameAnalyzer.SourcePropertyPrefix + i, out var source) || source is null)
                {
                    break;
                }

                string name = Prefixed(source, literal.Token.ValueText);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Rename to \"{name}\"",
                        token => RenameAsync(context.Document, literal, name, token),
                        KeyFor(source)),
                    diagnostic);
            }
        }
    }

    /// <summary>
    /// "orders" under "shop.checkout" → "shop.checkout.orders"; a name that already starts with the source's last
    /// segments keeps them once: "checkout.orders" → "shop.checkout.orders".
    /// </summary>
    internal static string Prefixed(string source, string name)
    {
        for (int dot = source.IndexOf('.'); dot >= 0; dot = source.IndexOf('.', dot + 1))
        {
            string tail = source.Substring(dot + 1);
            if (name.StartsWith(tail + ".", StringComparison.Ordinal) || name == tail)
            {
                return source.Substring(0, dot + 1) + name;
            }
        }

        return source + "." + name;
    }

    private static async Task<Document> RenameAsync(Document document, LiteralExpressionSyntax literal, string name, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name)).WithTriviaFrom(literal);
        return document.WithSyntaxRoot(root.ReplaceNode(literal, replacement));
    }
}
