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
using SignalContract.Analyzers.Contract;
using SignalContract.CodeFixes.Infrastructure;

namespace SignalContract.CodeFixes.Contract;

/// <summary>
/// OBS0004: names the service as the contract does. The reported constant is replaced where it is used, by a
/// literal: a named constant may also name other things (a meter, a source), which keep their name.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ServiceNameCodeFix)), Shared]
public sealed class ServiceNameCodeFix : CodeFixProvider
{
    public const string UseContractServiceKey = "SignalContract.OBS0004.UseContractService";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.ServiceNameMismatch.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllFindings.EachWithItsFix;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expression
                || expression.Span != diagnostic.Location.SourceSpan
                || !diagnostic.Properties.TryGetValue(ServiceNameAnalyzer.ReplacementProperty, out var replacement)
                || replacement is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use the contract's service name \"{replacement}\"",
                    token => ReplaceAsync(context.Document, expression, replacement, token),
                    UseContractServiceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax expression, string value, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value)).WithTriviaFrom(expression);
        return document.WithSyntaxRoot(root.ReplaceNode(expression, literal));
    }
}
