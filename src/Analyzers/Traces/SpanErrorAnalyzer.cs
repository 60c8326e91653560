using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Traces;

/// <summary>OBS3002: a <c>catch</c> inside a span's lifetime that does not mark that span as failed.</summary>
public sealed class SpanErrorAnalyzer : SignalContractAnalyzer
{
    /// <summary>
    /// Property key: the expression the fix records on: the span local, or <c>scope.Activity</c> for a span holder that
    /// exposes its span; null (no fix) for a holder that does not.
    /// </summary>
    public const string SpanLocalProperty = "SpanLocal";

    /// <summary>Property key: <see cref="SpanApi"/> of that local, which decides the calls the fix writes.</summary>
    public const string SpanApiProperty = "SpanApi";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.SpanErrorNotRecorded);

    private protected override bool RequiresContract => false;

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, ContractModel contract)
    {
        if (!contract.Traces.RecordErrors)
        {
            return;
        }

        var types = TracingTypes.Create(context.Compilation);
        if (types is null)
        {
            return;
        }

        var canceled = TypeLookup.InCoreLibrary(context.Compilation, "System.OperationCanceledException");
        var analysis = new CatchAnalysis(types, new SpanErrorRecording(context.Compilation, types), canceled);
        context.RegisterOperationAction(analysis.AnalyzeTry, OperationKind.Try);
    }

    private sealed class CatchAnalysis
    {
        private readonly TracingTypes _types;
        private readonly SpanErrorRecording _recording;
        private readonly INamedTypeSymbol? _canceled;

        public CatchAnalysis(TracingTypes types, SpanErrorRecording recording, INamedTypeSymbol? canceled)
        {
            _types = types;
            _recording = recording;
            _canceled = canceled;
        }

        public void AnalyzeTry(OperationAnalysisContext context)
        {
            var tryOperation = (ITryOperation)context.Operation;
            if (tryOperation.Catches.IsEmpty)
            {
                return;
            }

            var span = EnclosingSpan.Find(tryOperation, _types);
            if (span is null || span.Local.Name.Length == 0)
            {
                return;
            }

            foreach (var catchClause in tryOperation.Catches)
            {
                var exception = (catchClause.ExceptionDeclarationOrExpression as IVariableDeclaratorOperation)?.Symbol;

                // Cancellation is how an operation is stopped on purpose, not a failure of it.
                if (TypeLookup.DerivesFrom(catchClause.ExceptionType, _canceled)
                    || _recording.Records(catchClause.Filter, span.Local, exception)
                    || _recording.Records(catchClause.Handler, span.Local, exception)
                    || (Rethrows(catchClause.Handler) && IsInsideTryWithCatchesWithin(tryOperation, span.Scope)))
                {
                    continue;
                }

                if (catchClause.Syntax is not CatchClauseSyntax syntax)
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(SpanLocalProperty, RecordOn(span))
                    .Add(SpanApiProperty, span.Api.ToString());
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.SpanErrorNotRecorded,
                    syntax.CatchKeyword.GetLocation(),
                    properties,
                    span.Local.Name));
            }
        }

        /// <summary>What the fix records on: the local, or the holder's span property; null (no fix) when it has none.</summary>
        private static string? RecordOn(EnclosingSpan span) => span.Holder switch
        {
            null => span.Local.Name,
            { SpanProperty: { } property } => span.Local.Name + "." + property.Name,
            _ => null,
        };

        private static bool Rethrows(IOperation handler)
        {
            foreach (var operation in handler.Descendants())
            {
                if (operation is IThrowOperation)
                {
                    return true;
                }
            }

            return false;
        }

        // A rethrow reaches an outer catch inside the same span; that catch is checked on its own.
        private static bool IsInsideTryWithCatchesWithin(ITryOperation tryOperation, IOperation scope)
        {
            var child = (IOperation)tryOperation;
            for (var parent = tryOperation.Parent; parent is not null && parent != scope; parent = parent.Parent)
            {
                if (parent is ITryOperation outer && outer.Body == child && !outer.Catches.IsEmpty)
                {
                    return true;
                }

                child = parent;
            }

            return false;
        }
    }
}
