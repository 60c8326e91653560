using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using SignalContract.Analyzers.Catalog;
using SignalContract.CodeFixes.Infrastructure;

namespace SignalContract.CodeFixes.Logs;

/// <summary>
/// OBS2005: sets <c>IncludeScopes = true</c> in the exporter's options lambda: added to a block body, joined to an
/// expression body, turned from <c>false</c>, or a new <c>options =&gt; options.IncludeScopes = true</c> when there is none.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IncludeScopesCodeFix)), Shared]
public sealed class IncludeScopesCodeFix : CodeFixProvider
{
    public const string IncludeScopesKey = "SignalContract.OBS2005.IncludeScopes";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.LogScopesNotExported.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllFindings.EachWithItsFix;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
                || Rewrite(invocation, model, context.CancellationToken) is not { } replacement)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Set IncludeScopes = true",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(invocation, replacement))),
                    IncludeScopesKey),
                diagnostic);
        }
    }

    private static InvocationExpressionSyntax? Rewrite(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        var lambda = invocation.ArgumentList.Arguments.Select(a => a.Expression).OfType<LambdaExpressionSyntax>().LastOrDefault();
        InvocationExpressionSyntax replacement;
        if (lambda is null)
        {
            string name = model.LookupSymbols(invocation.SpanStart, name: "options").IsEmpty ? "options" : "loggingOptions";
            var added = SyntaxFactory.ParseExpression($"{name} => {name}.IncludeScopes = true");
            replacement = invocation.AddArgumentListArguments(SyntaxFactory.Argument(added));
        }
        else if (ParameterOf(lambda) is not { } parameter)
        {
            return null;
        }
        else
        {
            replacement = invocation.ReplaceNode(lambda, WithIncludeScopes(lambda, parameter));
        }

        replacement = replacement.WithAdditionalAnnotations(Formatter.Annotation);
        var bound = model.GetSpeculativeSymbolInfo(invocation.SpanStart, replacement, SpeculativeBindingOption.BindAsExpression);
        return bound.Symbol is IMethodSymbol ? replacement : null;
    }

    private static string? ParameterOf(LambdaExpressionSyntax lambda) => lambda switch
    {
        SimpleLambdaExpressionSyntax simple => simple.Parameter.Identifier.ValueText,
        ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 } parenthesized => parenthesized.ParameterList.Parameters[0].Identifier.ValueText,
        _ => null,
    };

    private static LambdaExpressionSyntax WithIncludeScopes(LambdaExpressionSyntax lambda, string parameter)
    {
        // An existing IncludeScopes = false becomes true.
        var existing = lambda.DescendantNodes().OfType<AssignmentExpressionSyntax>()
            .FirstOrDefault(a => a.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IncludeScopes" });
        if (existing is not null)
        {
            return lambda.ReplaceNode(existing.Right, SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(existing.Right));
        }

        var statement = SyntaxFactory.ParseStatement($"{parameter}.IncludeScopes = true;").WithAdditionalAnnotations(Formatter.Annotation);
        if (lambda.Block is { } block)
        {
            return lambda.WithBlock(block.AddStatements(statement));
        }

        if (lambda.ExpressionBody is { } body)
        {
            var first = SyntaxFactory.ExpressionStatement(body.WithoutTrivia());
            var newBlock = SyntaxFactory.Block(first, statement).WithAdditionalAnnotations(Formatter.Annotation);
            return lambda.WithExpressionBody(null).WithBlock(newBlock);
        }

        return lambda;
    }
}
