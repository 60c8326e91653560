using System.Collections.Immutable;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;
using SignalContract.Analyzers.Metrics;
using SignalContract.Analyzers.Tests.Verifiers;
using SignalContract.Bench.Hosting;

namespace SignalContract.Analyzers.Tests.Metrics;

/// <summary>
/// What the metrics rules cost a compilation that cannot hold metrics code: a .NET Framework or .NET Standard project
/// without System.Diagnostics.DiagnosticSource registers no action at all, so the driver does no work for them.
/// </summary>
public class MetricsFixedCostTests
{
    private const string Source = """
        using System.Collections.Generic;

        class Orders
        {
            private readonly List<int> _placed = new();

            public void Place(int order) => _placed.Add(order);
        }
        """;

    public static TheoryData<string> Analyzers => new() { nameof(MetricNameAnalyzer), nameof(MetricLabelAnalyzer), nameof(MetricRulesAnalyzer) };

    [Theory]
    [MemberData(nameof(Analyzers))]
    public async Task CompilationWithoutMetricsAssembly_RegistersNoAction(string analyzerName)
    {
        // The test set references prometheus-net too: without both assemblies, no instrument type can be named.
        var withoutMetrics = TestReferences.Net80.References.RemoveAll(r => Path.GetFileName(r.Display) is "System.Diagnostics.DiagnosticSource.dll" or "Prometheus.NetStandard.dll");
        Assert.Equal(TestReferences.Net80.References.Length - 2, withoutMetrics.Length);

        var without = await TelemetryAsync(analyzerName, withoutMetrics);
        var with = await TelemetryAsync(analyzerName, TestReferences.Net80.References);

        Assert.Equal(0, without.OperationActionsCount + without.CompilationEndActionsCount + without.SymbolActionsCount);
        Assert.True(with.OperationActionsCount > 0, "with the metrics assembly the rule waits for calls into it");
    }

    private static async Task<AnalyzerTelemetryInfo> TelemetryAsync(string analyzerName, ImmutableArray<MetadataReference> references)
    {
        DiagnosticAnalyzer analyzer = analyzerName switch
        {
            nameof(MetricNameAnalyzer) => new MetricNameAnalyzer(),
            nameof(MetricLabelAnalyzer) => new MetricLabelAnalyzer(),
            _ => new MetricRulesAnalyzer(),
        };
        var compilation = CSharpCompilation.Create(
            "Orders",
            new[] { CSharpSyntaxTree.ParseText(Source, path: "/0/Orders.cs") },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return await AnalyzerTelemetry.OfAsync(analyzer, compilation, MetricsTestContract.Json);
    }
}
