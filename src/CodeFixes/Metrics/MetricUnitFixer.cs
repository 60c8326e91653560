using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Metrics;
using SignalContract.CodeFixes.Infrastructure;

namespace SignalContract.CodeFixes.Metrics;

/// <summary>OBS1004: writes the contract's unit into the instrument creation, replacing or adding the unit argument.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MetricUnitFixer)), Shared]
public sealed class MetricUnitFixer : CodeFixProvider
{
    public const string UseContractUnitKey = "SignalContract.Metrics.UseContractUnit";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.MetricKindOrUnitMismatch.Id);

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
            if (!diagnostic.Properties.TryGetValue(MetricDiagnosticProperties.Unit, out string? unit) || unit is null)
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Use unit '{unit}'", ct => UseUnitAsync(context.Document, invocation, unit, ct), UseContractUnitKey),
                diagnostic);
        }
    }

    private static async Task<Document> UseUnitAsync(Document document, InvocationExpressionSyntax invocation, string unit, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model?.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
        {
            return document;
        }

        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(unit));
        foreach (var argument in operation.Arguments)
        {
            if (argument.Parameter?.Name == "unit" && argument.ArgumentKind != ArgumentKind.DefaultValue && argument.Syntax is ArgumentSyntax written)
            {
                return document.WithSyntaxRoot(root.ReplaceNode(written.Expression, literal.WithTriviaFrom(written.Expression)));
            }
        }

        // No unit written: add it by name, which is right whatever arguments follow.
        var added = SyntaxFactory.Argument(SyntaxFactory.NameColon("unit"), default, literal);
        return document.WithSyntaxRoot(root.ReplaceNode(invocation.ArgumentList, invocation.ArgumentList.AddArguments(added)));
    }
}
