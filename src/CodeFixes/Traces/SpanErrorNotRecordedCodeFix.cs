using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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

        var newCatch = SpanErrorRecordingCode.RecordingIn(catchClause, model, span, telemetrySpan, LineEndings.Of(root));
        return document.WithSyntaxRoot(root.ReplaceNode(catchClause, newCatch));
    }
}
