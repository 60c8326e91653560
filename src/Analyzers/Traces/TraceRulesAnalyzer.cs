using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Traces;

/// <summary>
/// The tracing rules, OBS3001–OBS3009, and the service's identity, OBS0004, as the package runs them: the six span
/// analyzers and <see cref="ServiceNameAnalyzer"/> in one pass. OBS0004 is here rather than alone because it reads
/// the same OpenTelemetry set-up code, and alone it would cost the driver a walk of every method.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TraceRulesAnalyzer : RuleFamilyAnalyzer
{
    public TraceRulesAnalyzer()
        : base(
            new SpanLifetimeAnalyzer(),
            new SpanErrorAnalyzer(),
            new SpanNameAnalyzer(),
            new IncomingTraceContextAnalyzer(),
            new ForeignSpanEndAnalyzer(),
            new SpanEndsBeforeCatchAnalyzer(),
            new ServiceNameAnalyzer())
    {
    }
}
