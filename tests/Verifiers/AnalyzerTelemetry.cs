using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;
using SignalContract.Bench.Hosting;

namespace SignalContract.Analyzers.Tests.Verifiers;

/// <summary>What an analyzer registered with the driver for a compilation: the actions it asked for, counted.</summary>
internal static class AnalyzerTelemetry
{
    public static async Task<AnalyzerTelemetryInfo> OfAsync(DiagnosticAnalyzer analyzer, Compilation compilation, string contract)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText(TestContract.Path, contract))),
            onAnalyzerException: null,
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options);
        await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
    }
}
