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
using Microsoft.CodeAnalysis.Simplification;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Traces;
using SignalContract.CodeFixes.Infrastructure;

namespace SignalContract.CodeFixes.Traces;

/// <summary>
/// OBS3009: records the error inside the span, with a <c>catch</c> that records on it and rethrows, around the span's
/// statements (or added to the <c>try</c> whose <c>finally</c> ends it); or moves the span's <c>using</c> declaration
/// before the <c>try</c> when the analyzer found that keeps the code's meaning. Each is offered only when it compiles.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SpanEndsBeforeCatchCodeFix)), Shared]
public sealed class SpanEndsBeforeCatchCodeFix : CodeFixProvider
{
    public const string RecordInsideSpanKey = "SignalContract.OBS3009.RecordInsideSpan";

    public const string MoveBeforeTryKey = "SignalContract.OBS3009.MoveBeforeTry";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.SpanEndsBeforeCatch.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllFindings.EachWithItsFix;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var cancellationToken = context.CancellationToken;
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(SpanEndsBeforeCatchAnalyzer.ShapeProperty, out var shape)
                || !properties.TryGetValue(SpanEndsBeforeCatchAnalyzer.SpanLocalProperty, out var span)
                || span is null
                || !properties.TryGetValue(SpanEndsBeforeCatchAnalyzer.SpanApiProperty, out var api)
                || DeclaratorOf(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true), shape, span) is not { } declarator)
            {
                continue;
            }

            var record = RecordInside(root, model, declarator, shape, span, telemetrySpan: api == nameof(SpanApi.TelemetrySpan));
            if (record is not null)
            {
                var fixedDocument = document.WithSyntaxRoot(record);
                if (await FixCompiles.AddsNoProblemAsync(document, fixedDocument, cancellationToken).ConfigureAwait(false))
                {
                    context.RegisterCodeFix(
                        CodeAction.Create($"Record the error on '{span}' before it ends", _ => Task.FromResult(fixedDocument), RecordInsideSpanKey),
                        diagnostic);
                }
            }

            if (properties.ContainsKey(SpanEndsBeforeCatchAnalyzer.CanMoveBeforeTryProperty)
                && MoveBeforeTry(root, model, declarator, span, telemetrySpan: api == nameof(SpanApi.TelemetrySpan)) is { } moved)
            {
                var fixedDocument = document.WithSyntaxRoot(moved);
                if (await FixCompiles.AddsNoProblemAsync(document, fixedDocument, cancellationToken).ConfigureAwait(false))
                {
                    context.RegisterCodeFix(
                        CodeAction.Create($"Start '{span}' before the try and record the error in its catch", _ => Task.FromResult(fixedDocument), MoveBeforeTryKey),
                        diagnostic);
                }
            }
        }
    }

    /// <summary>
    /// The span's declarator: around the reported start, or, when the span is reported where a finally ends it, in the
    /// statement before that finally's try.
    /// </summary>
    private static VariableDeclaratorSyntax? DeclaratorOf(SyntaxNode reported, string? shape, string span)
    {
        if (shape != SpanEndsBeforeCatchAnalyzer.FinallyShape)
        {
            return reported.FirstAncestorOrSelf<VariableDeclaratorSyntax>();
        }

        if (reported.FirstAncestorOrSelf<FinallyClauseSyntax>()?.Parent is TryStatementSyntax { Parent: BlockSyntax block } tryStatement
            && block.Statements.IndexOf(tryStatement) is var index and > 0
            && block.Statements[index - 1] is LocalDeclarationStatementSyntax declaration)
        {
            return declaration.Declaration.Variables.FirstOrDefault(v => v.Identifier.ValueText == span);
        }

        return null;
    }

    /// <summary>The root with a recording catch at the end of the span's lifetime; null when the shape is not as expected.</summary>
    private static SyntaxNode? RecordInside(SyntaxNode root, SemanticModel model, VariableDeclaratorSyntax declarator, string? shape, string span, bool telemetrySpan)
    {
        switch (shape)
        {
            case SpanEndsBeforeCatchAnalyzer.UsingDeclarationShape
                when declarator.Parent?.Parent is LocalDeclarationStatementSyntax declaration && declaration.Parent is BlockSyntax block:
                int index = block.Statements.IndexOf(declaration);
                var rest = block.Statements.Skip(index + 1).ToList();
                if (rest.Count == 0)
                {
                    return null;
                }

                var wrapped = Wrap(rest, RecordingCatch(root, model, rest[0].SpanStart, span, telemetrySpan));
                return root.ReplaceNode(block, block.WithStatements(SyntaxFactory.List(block.Statements.Take(index + 1).Append(wrapped))));

            case SpanEndsBeforeCatchAnalyzer.UsingStatementShape
                when declarator.Parent?.Parent is UsingStatementSyntax usingStatement:
                var body = usingStatement.Statement;
                var statements = body is BlockSyntax bodyBlock ? bodyBlock.Statements.ToList() : new List<StatementSyntax> { body };
                if (statements.Count == 0)
                {
                    return null;
                }

                var inner = Wrap(statements, RecordingCatch(root, model, statements[0].SpanStart, span, telemetrySpan));
                StatementSyntax newBody = body is BlockSyntax existing
                    ? existing.WithStatements(SyntaxFactory.SingletonList<StatementSyntax>(inner))
                    : SyntaxFactory.Block(inner).WithAdditionalAnnotations(Formatter.Annotation);
                return root.ReplaceNode(body, newBody);

            case SpanEndsBeforeCatchAnalyzer.FinallyShape
                when declarator.Parent?.Parent is LocalDeclarationStatementSyntax local
                    && local.Parent is BlockSyntax outer
                    && outer.Statements.IndexOf(local) is var at and >= 0
                    && at + 1 < outer.Statements.Count
                    && outer.Statements[at + 1] is TryStatementSyntax { Finally: not null, Catches.Count: 0 } tryStatement:
                var added = RecordingCatch(root, model, tryStatement.Block.SpanStart, span, telemetrySpan);
                return root.ReplaceNode(tryStatement, tryStatement.WithCatches(SyntaxFactory.SingletonList(added)).WithAdditionalAnnotations(Formatter.Annotation));

            default:
                return null;
        }
    }

    /// <summary><c>try { statements } catch</c>, formatted where it goes.</summary>
    private static TryStatementSyntax Wrap(List<StatementSyntax> statements, CatchClauseSyntax catchClause) =>
        SyntaxFactory.TryStatement(SyntaxFactory.Block(statements), SyntaxFactory.SingletonList(catchClause), null)
            .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary><c>catch (Exception ex) { &lt;record on the span&gt; throw; }</c>, with the exception named freely.</summary>
    private static CatchClauseSyntax RecordingCatch(SyntaxNode root, SemanticModel model, int position, string span, bool telemetrySpan)
    {
        string exception = SpanErrorRecordingCode.FreeExceptionName(model, position);
        var statements = SpanErrorRecordingCode.Statements(span, exception, telemetrySpan, LineEndings.Of(root));
        statements.Add(SyntaxFactory.ThrowStatement().WithAdditionalAnnotations(Formatter.Annotation));
        return SyntaxFactory.CatchClause(
                SyntaxFactory.CatchDeclaration(
                    SyntaxFactory.ParseTypeName("System.Exception").WithAdditionalAnnotations(Simplifier.Annotation),
                    SyntaxFactory.Identifier(exception)),
                null,
                SyntaxFactory.Block(statements))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>
    /// The root with the span's <c>using</c> declaration, the first statement of the try, moved before it, and the
    /// try's catches, now inside the span, recording the error on it (all but catches of cancellation, as OBS3002 asks).
    /// </summary>
    private static SyntaxNode? MoveBeforeTry(SyntaxNode root, SemanticModel model, VariableDeclaratorSyntax declarator, string span, bool telemetrySpan)
    {
        if (declarator.Parent?.Parent is not LocalDeclarationStatementSyntax declaration
            || declaration.Parent is not BlockSyntax { Parent: TryStatementSyntax tryStatement } tryBlock
            || tryBlock.Statements.IndexOf(declaration) != 0
            || tryStatement.Parent is not BlockSyntax outer)
        {
            return null;
        }

        var canceled = model.Compilation.GetTypeByMetadataName("System.OperationCanceledException");
        string endOfLine = LineEndings.Of(root);
        var catches = new List<CatchClauseSyntax>();
        foreach (var catchClause in tryStatement.Catches)
        {
            catches.Add(IsCancellation(model, catchClause, canceled)
                ? catchClause
                : SpanErrorRecordingCode.RecordingIn(catchClause, model, span, telemetrySpan, endOfLine));
        }

        var newTry = tryStatement
            .WithBlock(tryBlock.WithStatements(tryBlock.Statements.RemoveAt(0)))
            .WithCatches(SyntaxFactory.List(catches))
            .WithLeadingTrivia(tryStatement.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)));
        var moved = declaration.WithLeadingTrivia(tryStatement.GetLeadingTrivia()).WithAdditionalAnnotations(Formatter.Annotation);
        int index = outer.Statements.IndexOf(tryStatement);
        var statements = outer.Statements.RemoveAt(index).InsertRange(index, new StatementSyntax[] { moved, newTry });
        return root.ReplaceNode(outer, outer.WithStatements(statements));
    }

    private static bool IsCancellation(SemanticModel model, CatchClauseSyntax catchClause, INamedTypeSymbol? canceled)
    {
        if (catchClause.Declaration is null || canceled is null)
        {
            return false;
        }

        for (var type = model.GetTypeInfo(catchClause.Declaration.Type).Type; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type, canceled))
            {
                return true;
            }
        }

        return false;
    }
}
