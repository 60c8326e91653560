using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Traces;
using SignalContract.CodeFixes.Infrastructure;

namespace SignalContract.CodeFixes.Traces;

/// <summary>
/// OBS3008: ends the span the function started instead of the current one, when it started exactly one; or leaves
/// the current span to its owner: the call is removed, a <c>using</c> of it undone.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ForeignSpanEndCodeFix)), Shared]
public sealed class ForeignSpanEndCodeFix : CodeFixProvider
{
    public const string EndOwnSpanKey = "SignalContract.OBS3008.EndOwnSpan";

    public const string LeaveCurrentSpanKey = "SignalContract.OBS3008.LeaveCurrentSpan";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.ForeignSpanEnded.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllFindings.EachWithItsFix;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax reported
                || reported.Span != diagnostic.Location.SourceSpan)
            {
                continue;
            }

            if (EndCall(reported) is { } call)
            {
                if (diagnostic.Properties.TryGetValue(ForeignSpanEndAnalyzer.OwnSpanProperty, out var own) && own is not null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create($"End '{own}' instead", _ => Task.FromResult(EndOwnSpan(context.Document, root, reported, call, own)), EndOwnSpanKey),
                        diagnostic);
                }

                if (reported.Parent is ExpressionStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax } statement)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Remove the call", _ => Task.FromResult(Remove(context.Document, root, statement)), LeaveCurrentSpanKey),
                        diagnostic);
                }
            }
            else if (UsingOf(reported) is { } usingNode)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Do not dispose the current span", _ => Task.FromResult(Unwrap(context.Document, root, usingNode)), LeaveCurrentSpanKey),
                    diagnostic);
            }
        }
    }

    /// <summary>The <c>Stop()</c>, <c>Dispose()</c> or <c>End()</c> a reported expression is: the call, or the access around it.</summary>
    private static InvocationExpressionSyntax? EndCall(ExpressionSyntax reported) => reported switch
    {
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax } invocation => invocation,
        ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax } invocation } => invocation,
        _ => null,
    };

    /// <summary>The <c>using</c> declaration or statement whose resource the reported expression is.</summary>
    private static SyntaxNode? UsingOf(ExpressionSyntax reported) => reported.Parent switch
    {
        EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1 } declaration } } => declaration.Parent switch
        {
            LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: 0 } local when local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword) => local,
            UsingStatementSyntax { AwaitKeyword.RawKind: 0 } statement => statement,
            _ => null,
        },
        UsingStatementSyntax { AwaitKeyword.RawKind: 0 } statement when statement.Expression == reported => statement,
        _ => null,
    };

    private static Document EndOwnSpan(Document document, SyntaxNode root, ExpressionSyntax reported, InvocationExpressionSyntax call, string own)
    {
        var name = call.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name,
            MemberBindingExpressionSyntax binding => binding.Name,
            _ => null,
        };
        if (name is null)
        {
            return document;
        }

        // The span a start returned may be null (not sampled), so it is ended through ?. whatever the current one was.
        var ended = SyntaxFactory.ConditionalAccessExpression(
            SyntaxFactory.IdentifierName(own),
            SyntaxFactory.InvocationExpression(SyntaxFactory.MemberBindingExpression(name.WithoutTrivia()), call.ArgumentList));
        return document.WithSyntaxRoot(root.ReplaceNode(reported, ended.WithTriviaFrom(reported)));
    }

    private static Document Remove(Document document, SyntaxNode root, ExpressionStatementSyntax statement) =>
        root.RemoveNode(statement, SyntaxRemoveOptions.KeepUnbalancedDirectives) is { } removed ? document.WithSyntaxRoot(removed) : document;

    private static Document Unwrap(Document document, SyntaxNode root, SyntaxNode usingNode)
    {
        switch (usingNode)
        {
            case LocalDeclarationStatementSyntax local:
                var withoutUsing = local
                    .WithUsingKeyword(default)
                    .WithDeclaration(local.Declaration.WithLeadingTrivia(local.UsingKeyword.LeadingTrivia));
                return document.WithSyntaxRoot(root.ReplaceNode(local, withoutUsing));

            case UsingStatementSyntax statement:
                StatementSyntax replacement;
                if (statement.Declaration is { } declaration)
                {
                    // The local keeps its scope: the using's statement becomes a block that declares it first.
                    var statements = statement.Statement is BlockSyntax body ? body.Statements : SyntaxFactory.SingletonList(statement.Statement);
                    replacement = SyntaxFactory.Block(statements.Insert(0, SyntaxFactory.LocalDeclarationStatement(declaration.WithoutTrivia())))
                        .WithAdditionalAnnotations(Formatter.Annotation);
                }
                else
                {
                    replacement = statement.Statement;
                }

                return document.WithSyntaxRoot(root.ReplaceNode(statement, replacement.WithTriviaFrom(statement)));

            default:
                return document;
        }
    }
}
