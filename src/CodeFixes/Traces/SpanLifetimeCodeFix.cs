using System.Collections.Generic;
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
using SignalContract.Analyzers.Traces;
using SignalContract.CodeFixes.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SignalContract.CodeFixes.Traces;

/// <summary>
/// OBS3001: ends the span on every path. A local becomes a <c>using</c> declaration (its trailing end call goes), or,
/// when the span is meant to end before the block does, the statements up to its end move into try/finally.
/// A discarded start becomes a <c>using</c> declaration with a fresh name.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SpanLifetimeCodeFix)), Shared]
public sealed class SpanLifetimeCodeFix : CodeFixProvider
{
    /// <summary>One key for every form, so Fix All ends every span in scope.</summary>
    public const string EquivalenceKey = "OBS3001.EndSpanOnEveryPath";

    private static readonly string[] EndMethods = { "Stop", "Dispose", "End" };

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.SpanNotEnded.Id);

    // Fixes in one block change each other's choices (names, the last statement), so Fix All applies them in turn.
    private static readonly FixAllProvider EndAllInTurn = FixAllFindings.Combined(EndAllAsync);

    public override FixAllProvider GetFixAllProvider() => EndAllInTurn;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax start
                || Plan(root, start, diagnostic) is not { } plan)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(plan.Title, _ => Task.FromResult(document.WithSyntaxRoot(plan.Apply())), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Solution> EndAllAsync(Solution solution, ImmutableArray<Finding> findings, CancellationToken cancellationToken)
    {
        foreach (var inDocument in findings.GroupBy(f => f.Document.Id))
        {
            var root = await solution.GetDocument(inDocument.Key)!.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                continue;
            }

            var starts = new List<(ExpressionSyntax Start, Diagnostic Diagnostic)>();
            foreach (var finding in inDocument)
            {
                if (root.FindNode(finding.Diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax start)
                {
                    starts.Add((start, finding.Diagnostic));
                }
            }

            root = root.TrackNodes(starts.Select(s => s.Start));
            foreach (var (start, diagnostic) in starts)
            {
                if (root.GetCurrentNode(start) is { } current && Plan(root, current, diagnostic) is { } plan)
                {
                    root = plan.Apply();
                }
            }

            solution = solution.WithDocumentSyntaxRoot(inDocument.Key, root);
        }

        return solution;
    }

    private static FixPlan? Plan(SyntaxNode root, ExpressionSyntax start, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(SpanLifetimeAnalyzer.ApiKey, out var api) || api is null)
        {
            return null;
        }

        diagnostic.Properties.TryGetValue(SpanLifetimeAnalyzer.ShapeKey, out var shape);
        return shape switch
        {
            SpanLifetimeAnalyzer.DiscardedShape => PlanForDiscarded(root, start, api),
            SpanLifetimeAnalyzer.LocalShape => PlanForLocal(root, start),
            _ => null,
        };
    }

    /// <summary><c>source.StartActivity("x");</c> becomes <c>using var activity = source.StartActivity("x");</c>.</summary>
    private static FixPlan? PlanForDiscarded(SyntaxNode root, ExpressionSyntax start, string api)
    {
        var statement = start.Parent switch
        {
            ExpressionStatementSyntax direct => direct,
            AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" }, Parent: ExpressionStatementSyntax discard } assignment
                when assignment.Right == start => discard,
            _ => null,
        };
        if (statement is not { Parent: BlockSyntax })
        {
            return null;
        }

        string name = FreeName(statement, api == nameof(SpanApi.TelemetrySpan) ? "span" : "activity");
        var declaration = LocalDeclarationStatement(
                VariableDeclaration(
                    IdentifierName(Identifier(TriviaList(), SyntaxKind.VarKeyword, "var", "var", TriviaList(Space))),
                    SingletonSeparatedList(
                        VariableDeclarator(Identifier(name).WithTrailingTrivia(Space))
                            .WithInitializer(EqualsValueClause(Token(SyntaxKind.EqualsToken).WithTrailingTrivia(Space), start.WithoutTrivia())))))
            .WithUsingKeyword(Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(Space))
            .WithSemicolonToken(statement.SemicolonToken)
            .WithLeadingTrivia(statement.GetLeadingTrivia());

        return new FixPlan($"Declare '{name}' with 'using' so it ends", () => root.ReplaceNode(statement, declaration));
    }

    /// <summary>
    /// <c>var activity = ...;</c> in a block: a <c>using</c> declaration when the span lives to the end of the block
    /// (or has no end statement there at all), try/finally when an end statement in the block is followed by more work.
    /// </summary>
    private static FixPlan? PlanForLocal(SyntaxNode root, ExpressionSyntax start)
    {
        if (start.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax statement }
            || statement.UsingKeyword.IsKind(SyntaxKind.UsingKeyword)
            || statement.Parent is not BlockSyntax block)
        {
            return null;
        }

        string name = declarator.Identifier.ValueText;
        if (IsWrittenAfterDeclaration(block, name))
        {
            return null;
        }

        var statements = block.Statements;
        int index = statements.IndexOf(statement);
        int end = -1;
        for (int i = index + 1; i < statements.Count; i++)
        {
            if (IsEndStatement(statements[i], name))
            {
                end = i;
                break;
            }
        }

        if (end == -1 || OnlyTrivialReturnFollows(statements, end))
        {
            // A goto may not jump back over a using declaration in the same block (CS8648).
            return statements.Any(s => s is LabeledStatementSyntax)
                ? null
                : new FixPlan($"Declare '{name}' with 'using'", () => root.ReplaceNode(block, ToUsingDeclaration(block, statement, end)));
        }

        if (end == index + 1 || DeclaresNamesUsedLater(statements, index + 1, end))
        {
            return null;
        }

        return new FixPlan($"End '{name}' in a finally block", () => root.ReplaceNode(block, WrapInTryFinally(block, index, end)));
    }

    private static BlockSyntax ToUsingDeclaration(BlockSyntax block, LocalDeclarationStatementSyntax statement, int trailingEnd)
    {
        var declaration = statement.WithoutLeadingTrivia()
            .WithUsingKeyword(Token(statement.GetLeadingTrivia(), SyntaxKind.UsingKeyword, TriviaList(Space)));
        var statements = block.Statements.Replace(statement, declaration);
        if (trailingEnd >= 0)
        {
            var endStatement = statements[trailingEnd];
            statements = statements.RemoveAt(trailingEnd);
            if (HasComments(endStatement.GetLeadingTrivia()))
            {
                // Keep a comment that stood above the removed end before the closing brace.
                block = block.WithCloseBraceToken(block.CloseBraceToken.WithLeadingTrivia(
                    endStatement.GetLeadingTrivia().AddRange(block.CloseBraceToken.LeadingTrivia)));
            }
        }

        return block.WithStatements(statements);
    }

    private static BlockSyntax WrapInTryFinally(BlockSyntax block, int declarationIndex, int endIndex)
    {
        var statements = block.Statements;
        var first = statements[declarationIndex + 1];
        var wrapped = new List<StatementSyntax>();
        for (int i = declarationIndex + 1; i < endIndex; i++)
        {
            wrapped.Add(i == declarationIndex + 1 ? first.WithLeadingTrivia(WithoutBlankLines(first.GetLeadingTrivia())) : statements[i]);
        }

        var endStatement = statements[endIndex];
        var tryStatement = TryStatement(
                Block(wrapped),
                default,
                FinallyClause(Block(endStatement.WithLeadingTrivia(WithoutBlankLines(endStatement.GetLeadingTrivia())))))
            .WithLeadingTrivia(LeadingBlankLines(first.GetLeadingTrivia()))
            .WithTrailingTrivia(endStatement.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);

        var result = new List<StatementSyntax>();
        for (int i = 0; i < statements.Count; i++)
        {
            if (i == declarationIndex + 1)
            {
                result.Add(tryStatement);
            }
            else if (i == endIndex + 1 && BlankLinePrefixLength(statements[i].GetLeadingTrivia()) == 0)
            {
                // A blank line after the closing brace, as the code after a block usually has.
                result.Add(statements[i].WithLeadingTrivia(statements[i].GetLeadingTrivia().Insert(0, EndOfLine(LineEndings.Of(block)))));
            }
            else if (i <= declarationIndex || i > endIndex)
            {
                result.Add(statements[i]);
            }
        }

        return block.WithStatements(List(result));
    }

    /// <summary>
    /// True when the end statement is last, or only <c>return value;</c> with nothing to run follows it: a <c>using</c>
    /// declaration then ends the span at the same point.
    /// </summary>
    private static bool OnlyTrivialReturnFollows(SyntaxList<StatementSyntax> statements, int end)
    {
        for (int i = end + 1; i < statements.Count; i++)
        {
            if (statements[i] is not ReturnStatementSyntax { Expression: var value } || (value is not null && !IsInert(value)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsInert(ExpressionSyntax value) =>
        value is LiteralExpressionSyntax or IdentifierNameSyntax or DefaultExpressionSyntax
            || (value is MemberAccessExpressionSyntax { Expression: var receiver } && IsInert(receiver));

    /// <summary><c>name.Stop();</c>, <c>name?.Dispose();</c>, <c>name.End();</c> and the like.</summary>
    private static bool IsEndStatement(StatementSyntax statement, string name)
    {
        if (statement is not ExpressionStatementSyntax { Expression: var expression })
        {
            return false;
        }

        return expression switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver, Name: var method } }
                => receiver.Identifier.ValueText == name && EndMethods.Contains(method.Identifier.ValueText),
            ConditionalAccessExpressionSyntax
            {
                Expression: IdentifierNameSyntax receiver,
                WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name: var method } },
            } => receiver.Identifier.ValueText == name && EndMethods.Contains(method.Identifier.ValueText),
            _ => false,
        };
    }

    /// <summary>A <c>using</c> local is read-only: any later write rules the fix out.</summary>
    private static bool IsWrittenAfterDeclaration(BlockSyntax block, string name)
    {
        foreach (var node in block.DescendantNodes())
        {
            switch (node)
            {
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } when target.Identifier.ValueText == name:
                case ArgumentSyntax { RefKindKeyword.RawKind: not 0, Expression: IdentifierNameSyntax argument } when argument.Identifier.ValueText == name:
                    return true;
            }
        }

        return false;
    }

    /// <summary>Moving statements into a try block ends the scope of what they declare.</summary>
    private static bool DeclaresNamesUsedLater(SyntaxList<StatementSyntax> statements, int from, int to)
    {
        var declared = new HashSet<string>();
        for (int i = from; i < to; i++)
        {
            foreach (var node in statements[i].DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax variable:
                        declared.Add(variable.Identifier.ValueText);
                        break;
                    case SingleVariableDesignationSyntax designation:
                        declared.Add(designation.Identifier.ValueText);
                        break;
                    case LocalFunctionStatementSyntax function:
                        declared.Add(function.Identifier.ValueText);
                        break;
                    case LabeledStatementSyntax label:
                        declared.Add(label.Identifier.ValueText);
                        break;
                }
            }
        }

        if (declared.Count == 0)
        {
            return false;
        }

        for (int i = to + 1; i < statements.Count; i++)
        {
            foreach (var node in statements[i].DescendantNodesAndSelf())
            {
                if (node is IdentifierNameSyntax identifier && declared.Contains(identifier.Identifier.ValueText))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary><paramref name="preferred"/>, or it with a number, whichever no identifier of the member uses yet.</summary>
    private static string FreeName(SyntaxNode near, string preferred)
    {
        var scope = near.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? near.SyntaxTree.GetRoot();
        var taken = new HashSet<string>();
        foreach (var token in scope.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken))
            {
                taken.Add(token.ValueText);
            }
        }

        string name = preferred;
        for (int suffix = 2; taken.Contains(name); suffix++)
        {
            name = preferred + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    private static bool HasComments(SyntaxTriviaList trivia) =>
        trivia.Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia));

    /// <summary>The blank lines that open a statement's leading trivia, which stay in front of the new try.</summary>
    private static SyntaxTriviaList LeadingBlankLines(SyntaxTriviaList trivia)
    {
        int count = BlankLinePrefixLength(trivia);
        return TriviaList(trivia.Take(count));
    }

    private static SyntaxTriviaList WithoutBlankLines(SyntaxTriviaList trivia) =>
        TriviaList(trivia.Skip(BlankLinePrefixLength(trivia)));

    private static int BlankLinePrefixLength(SyntaxTriviaList trivia)
    {
        int length = 0;
        for (int i = 0; i < trivia.Count; i++)
        {
            if (trivia[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                length = i + 1;
            }
            else if (!trivia[i].IsKind(SyntaxKind.WhitespaceTrivia))
            {
                break;
            }
        }

        return length;
    }

    private sealed class FixPlan
    {
        private readonly System.Func<SyntaxNode> apply;

        public FixPlan(string title, System.Func<SyntaxNode> apply)
        {
            Title = title;
            this.apply = apply;
        }

        public string Title { get; }

        public SyntaxNode Apply() => apply();
    }
}
