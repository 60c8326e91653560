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
using SignalContract.Analyzers.Metrics;
using SignalContract.CodeFixes.Infrastructure;

namespace SignalContract.CodeFixes.Metrics;

/// <summary>
/// Rewrites a metric name or label key literal: to the contract's current name (OBS1009), to the naming style
/// (OBS1002), or to a name inside an approved namespace (OBS1001, one action per suggestion).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MetricNameFixer)), Shared]
public sealed class MetricNameFixer : CodeFixProvider
{
    public const string RenameToCurrentKey = "SignalContract.Metrics.RenameToCurrent";
    public const string RenameToStyleKey = "SignalContract.Metrics.RenameToStyle";

    /// <summary>Followed by the suggestion's position (0, 1, 2): Fix All applies the same choice everywhere.</summary>
    public const string MoveIntoNamespaceKeyPrefix = "SignalContract.Metrics.MoveIntoNamespace.";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        Descriptors.MetricOutsideNamespaces.Id,
        Descriptors.MetricNamingStyle.Id,
        Descriptors.MetricRenamed.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllFindings.EachWithItsFix;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(MetricDiagnosticProperties.NewName, out string? names) || string.IsNullOrEmpty(names))
            {
                continue;
            }

            var literal = await FindLiteralAsync(context.Document, root, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (literal is null)
            {
                continue;
            }

            var solution = context.Document.Project.Solution;
            if (diagnostic.Id == Descriptors.MetricOutsideNamespaces.Id)
            {
                var suggestions = names!.Split(MetricDiagnosticProperties.Separator);
                for (int i = 0; i < suggestions.Length; i++)
                {
                    string name = suggestions[i];
                    context.RegisterCodeFix(
                        CodeAction.Create($"Use '{name}'", ct => RenameAsync(solution, literal, name, ct), MoveIntoNamespaceKeyPrefix + i),
                        diagnostic);
                }
            }
            else
            {
                bool renamed = diagnostic.Id == Descriptors.MetricRenamed.Id;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        renamed ? $"Rename to '{names}'" : $"Respell as '{names}'",
                        ct => RenameAsync(solution, literal, names!, ct),
                        renamed ? RenameToCurrentKey : RenameToStyleKey),
                    diagnostic);
            }
        }
    }

    /// <summary>The literal at the diagnostic, or the literal that initialises the <c>const</c> the name refers to.</summary>
    private static async Task<LiteralExpressionSyntax?> FindLiteralAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node is ArgumentSyntax argument)
        {
            node = argument.Expression;
        }

        if (node is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            return literal;
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model?.GetSymbolInfo(node, cancellationToken).Symbol is IFieldSymbol { IsConst: true } field ? MetricName.ConstantLiteral(field) : null;
    }

    private static async Task<Solution> RenameAsync(Solution solution, LiteralExpressionSyntax literal, string name, CancellationToken cancellationToken)
    {
        var document = solution.GetDocument(literal.SyntaxTree);
        var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (document is null || root is null || !root.Contains(literal))
        {
            return solution;
        }

        var replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name)).WithTriviaFrom(literal);
        return solution.WithDocumentSyntaxRoot(document.Id, root.ReplaceNode(literal, replacement));
    }
}
