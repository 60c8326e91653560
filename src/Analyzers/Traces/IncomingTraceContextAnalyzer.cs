using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Traces;

/// <summary>
/// OBS3007: a server or consumer span (<c>StartActivity</c>/<c>CreateActivity</c> with <c>ActivityKind.Server</c> or
/// <c>Consumer</c>, <c>Tracer.StartSpan</c>/<c>StartActiveSpan</c> with <c>SpanKind.Server</c> or <c>Consumer</c>)
/// started without a parent context, parent id or links: the caller's trace ends at this boundary and a new one begins.
/// </summary>
public sealed class IncomingTraceContextAnalyzer : SignalContractAnalyzer
{
    /// <summary>Diagnostic property: <c>Activity</c> or <c>TelemetrySpan</c>, the parent the fix passes (ActivityContext or SpanContext).</summary>
    public const string ApiProperty = "SpanApi";

    private static readonly ImmutableDictionary<string, string?> ActivityProperties =
        ImmutableDictionary<string, string?>.Empty.Add(ApiProperty, nameof(SpanApi.Activity));

    private static readonly ImmutableDictionary<string, string?> TelemetrySpanProperties =
        ImmutableDictionary<string, string?>.Empty.Add(ApiProperty, nameof(SpanApi.TelemetrySpan));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SpanWithoutIncomingContext);

    private protected override bool RequiresContract => false;

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, ContractModel contract)
    {
        var types = TracingTypes.Create(context.Compilation);
        if (types is null)
        {
            return;
        }

        context.RegisterOperationAction(operation => AnalyzeInvocation(operation, types), OperationKind.Invocation);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, TracingTypes types)
    {
        var invocation = (IInvocationOperation)context.Operation;

        if (!IncomingContext.IsParentableCreation(invocation, types))
        {
            return;
        }

        string? kind = SpanCalls.KindOf(invocation);
        if (kind is not ("Server" or "Consumer") || IncomingContext.HasExplicitParent(invocation))
        {
            return;
        }

        // A span started inside another span of the same function is that span's child, not a new trace. Cheapest
        // first: the parents of the call, the symbols around it, the statements before it; the walk of the whole
        // function last.
        if (IncomingContext.IsFallbackForMissingParent(invocation, types)
            || IncomingContext.IsInHostedRequest(invocation, context.ContainingSymbol)
            || EnclosingSpan.Find(invocation, types) is not null
            || IncomingContext.IsParentedInFunction(invocation, SpanOwnership.DestinationOf(invocation, types).Local, types))
        {
            return;
        }

        var properties = TypeLookup.Is(invocation.TargetMethod.ContainingType, types.Tracer) ? TelemetrySpanProperties : ActivityProperties;

        // For source?.StartActivity(...) the call alone is '.StartActivity(...)': report the whole access.
        var reported = invocation.Parent is IConditionalAccessOperation access && access.WhenNotNull == invocation ? access.Syntax : invocation.Syntax;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SpanWithoutIncomingContext, reported.GetLocation(), properties, kind!));
    }
}
