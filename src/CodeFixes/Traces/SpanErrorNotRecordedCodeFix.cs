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

/// <summary>OBS3002: marks the span as failed at the start of the catch block, as the OpenTelemetry conventions say.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SpanErrorNotRecordedCodeFix)), Shared]
public sealed class SpanErrorNotRecordedCodeFix : CodeFixProvider
{
    public const string RecordErrorKey = "SignalContract.OBS3002.RecordError";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.SpanErrorNotRecorded.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllFindings.EachWithItsFix;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not CatchClauseSyntax catchClause
                || !diagnostic.Properties.TryGetValue(SpanErrorAnalyzer.SpanLocalProperty, out var span)
                || span is null
                || !diagnostic.Properties.TryGetValue(SpanErrorAnalyzer.SpanApiProperty, out var api))
            {
                continue;
            }

            bool telemetrySpan = api == nameof(SpanApi.TelemetrySpan);
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Record the exception on '{span}'",
                    token => RecordAsync(context.Document, catchClause, span, telemetrySpan, token),
                    RecordErrorKey),
                diagnostic);
        }
    }

    private static async Task<Document> RecordAsync(Document document, CatchClauseSyntax catchClause, string span, bool telemetrySpan, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var declaration = catchClause.Declaration;
        string exception;
        if (declaration is not null && !declaration.Identifier.IsKind(SyntaxKind.None))
        {
            exception = declaration.Identifier.ValueText;
        }
        else
        {
            exception = FreeName(model, catchClause.Block.SpanStart);
            declaration = declaration is null
                ? SyntaxFactory.CatchDeclaration(
                        SyntaxFactory.ParseTypeName("System.Exception").WithAdditionalAnnotations(Simplifier.Annotation),
                        SyntaxFactory.Identifier(exception))
                    .WithTrailingTrivia(catchClause.CatchKeyword.TrailingTrivia)
                : declaration.WithType(declaration.Type.WithoutTrailingTrivia())
                    .WithIdentifier(SyntaxFactory.Identifier(exception).WithTrailingTrivia(declaration.Type.GetTrailingTrivia()));
        }

        var statements = telemetrySpan
            ? new[]
            {
                $"{span}.SetStatus(global::OpenTelemetry.Trace.Status.Error.WithDescription({exception}.Message));",
                $"{span}.RecordException({exception});",
            }
            : new[]
            {
                $"{span}?.SetStatus(global::System.Diagnostics.ActivityStatusCode.Error, {exception}.Message);",
                $"{span}?.SetTag(\"error.type\", {exception}.GetType().FullName);",
            };

        var endOfLine = SyntaxFactory.ElasticEndOfLine(LineEndings.Of(root));
        var added = new List<StatementSyntax>();
        foreach (var text in statements)
        {
            var statement = SyntaxFactory.ParseStatement(text);
            statement = statement.ReplaceNodes(
                statement.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Where(IsQualifiedType),
                (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation));
            added.Add(statement
                .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
                .WithTrailingTrivia(endOfLine)
                .WithAdditionalAnnotations(Formatter.Annotation));
        }

        var block = catchClause.Block;
        var newBlock = block.WithStatements(block.Statements.InsertRange(0, added));
        if (block.Statements.Count == 0)
        {
            newBlock = newBlock.WithAdditionalAnnotations(Formatter.Annotation);
        }

        var newCatch = catchClause.WithBlock(newBlock);
        if (declaration != catchClause.Declaration)
        {
            newCatch = catchClause.Declaration is null
                ? newCatch.WithCatchKeyword(catchClause.CatchKeyword.WithTrailingTrivia(SyntaxFactory.Space)).WithDeclaration(declaration)
                : newCatch.WithDeclaration(declaration);
        }

        return document.WithSyntaxRoot(root.ReplaceNode(catchClause, newCatch));
    }

    private static bool IsQualifiedType(MemberAccessExpressionSyntax access) =>
        access.Name.Identifier.ValueText is "ActivityStatusCode" or "Status"
        && access.Expression is MemberAccessExpressionSyntax;

    private static string FreeName(SemanticModel model, int position)
    {
        foreach (var candidate in new[] { "ex", "exception", "caught" })
        {
            if (model.LookupSymbols(position, name: candidate).IsEmpty)
            {
                return candidate;
            }
        }

        for (int i = 2; ; i++)
        {
            string candidate = "ex" + i;
            if (model.LookupSymbols(position, name: candidate).IsEmpty)
            {
                return candidate;
            }
        }
    }
}
