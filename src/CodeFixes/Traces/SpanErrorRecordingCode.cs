using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace SignalContract.CodeFixes.Traces;

/// <summary>The statements that record a caught exception on a span, as the OpenTelemetry conventions say (OBS3002, OBS3009).</summary>
internal static class SpanErrorRecordingCode
{
    /// <summary>
    /// Error status and <c>error.type</c> on an <c>Activity</c> (through <c>?.</c>: a start may return null); error status
    /// and the exception event on a <c>TelemetrySpan</c>. Formatted where they are inserted.
    /// </summary>
    public static List<StatementSyntax> Statements(string span, string exception, bool telemetrySpan, string endOfLine)
    {
        var texts = telemetrySpan
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

        var trailing = SyntaxFactory.ElasticEndOfLine(endOfLine);
        var statements = new List<StatementSyntax>();
        foreach (var text in texts)
        {
            var statement = SyntaxFactory.ParseStatement(text);
            statement = statement.ReplaceNodes(
                statement.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Where(IsQualifiedType),
                (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation));
            statements.Add(statement
                .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
                .WithTrailingTrivia(trailing)
                .WithAdditionalAnnotations(Formatter.Annotation));
        }

        return statements;
    }

    /// <summary>
    /// <paramref name="catchClause"/> recording on <paramref name="span"/> first thing, with the exception named when the
    /// catch does not name it (<c>catch</c> becomes <c>catch (Exception ex)</c>). Positions are read from the tree of
    /// <paramref name="model"/>, which must hold the clause.
    /// </summary>
    public static CatchClauseSyntax RecordingIn(CatchClauseSyntax catchClause, SemanticModel model, string span, bool telemetrySpan, string endOfLine)
    {
        var declaration = catchClause.Declaration;
        string exception;
        if (declaration is not null && !declaration.Identifier.IsKind(SyntaxKind.None))
        {
            exception = declaration.Identifier.ValueText;
        }
        else
        {
            exception = FreeExceptionName(model, catchClause.Block.SpanStart);
            declaration = declaration is null
                ? SyntaxFactory.CatchDeclaration(
                        SyntaxFactory.ParseTypeName("System.Exception").WithAdditionalAnnotations(Simplifier.Annotation),
                        SyntaxFactory.Identifier(exception))
                    .WithTrailingTrivia(catchClause.CatchKeyword.TrailingTrivia)
                : declaration.WithType(declaration.Type.WithoutTrailingTrivia())
                    .WithIdentifier(SyntaxFactory.Identifier(exception).WithTrailingTrivia(declaration.Type.GetTrailingTrivia()));
        }

        var block = catchClause.Block;
        var newBlock = block.WithStatements(block.Statements.InsertRange(0, Statements(span, exception, telemetrySpan, endOfLine)));
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

        return newCatch;
    }

    /// <summary>A name for the caught exception that nothing in scope at <paramref name="position"/> uses.</summary>
    public static string FreeExceptionName(SemanticModel model, int position)
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

    private static bool IsQualifiedType(MemberAccessExpressionSyntax access) =>
        access.Name.Identifier.ValueText is "ActivityStatusCode" or "Status"
        && access.Expression is MemberAccessExpressionSyntax;
}
