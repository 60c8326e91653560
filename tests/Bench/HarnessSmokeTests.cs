using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SignalContract.Bench.Corpus;
using SignalContract.Bench.Hosting;
using SignalContract.Bench.Performance;
using SignalContract.Bench.Robustness;
using SignalContract.Analyzers.Tests.Meta;
using Xunit.Abstractions;

namespace SignalContract.Analyzers.Tests.Bench;

/// <summary>
/// Short passes of bench/SignalContract.Bench, so CI catches an analyzer that throws on half-typed code or a broken
/// contract, and a harness that stops measuring. Timings are the benchmark's business, not asserted here.
/// </summary>
public class HarnessSmokeTests
{
    private readonly ITestOutputHelper _output;

    public HarnessSmokeTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task ShortRobustnessPass_FindsNoAnalyzerException()
    {
        var corpus = CorpusGenerator.Generate(0.1, seed: 7, SourceGenerators.HasMetricsGenerator);
        var plan = RobustnessPlan.Build(corpus, Repository.Root, budget: 300, seed: 7);

        var report = await RobustnessRunner.RunAsync(plan, AnalyzerCatalog.Ours(), maxCases: 300, TimeSpan.FromMinutes(3), progress: null);

        _output.WriteLine($"{report.Tried} cases; findings: {string.Join(", ", report.FindingsById.Select(p => p.Key + " " + p.Value))}");
        Assert.False(report.StoppedByTimeLimit);
        Assert.True(report.Tried >= 250, $"only {report.Tried} cases were tried");
        Assert.Equal(report.Planned, report.Tried);
        Assert.True(report.TriedByKind.ContainsKey(CaseKind.Prefix) && report.TriedByKind.ContainsKey(CaseKind.Deletion) && report.TriedByKind.ContainsKey(CaseKind.Contract));
        Assert.True(report.Failures.Count == 0, string.Join("\n\n", report.Failures.Take(5).Select(f => f.Analyzer + ": " + f.Case.Describe() + "\n" + f.Message)));

        // The broken contracts reached the contract rules rather than being lost on the way.
        Assert.True(report.FindingsById.ContainsKey("OBS0002"));
    }

    [Fact]
    public async Task ThrowingAnalyzer_IsReportedWithItsCase()
    {
        var corpus = CorpusGenerator.Generate(0.05, seed: 7, SourceGenerators.HasMetricsGenerator);
        var plan = RobustnessPlan.Build(corpus, Repository.Root, budget: 10, seed: 7);

        var report = await RobustnessRunner.RunAsync(plan, ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer()), maxCases: 10, TimeSpan.FromMinutes(2), progress: null);

        Assert.NotEmpty(report.Failures);
        var failure = report.Failures[0];
        Assert.Equal(typeof(ThrowingAnalyzer).FullName, failure.Analyzer);
        Assert.Contains("TEST0001", failure.Rules);
        Assert.Contains("thrown on purpose", failure.Message);
        Assert.Contains("contract:", failure.Case.Describe());
    }

    [Fact]
    public async Task PerformanceSmoke_MeasuresATinyCorpus()
    {
        var peer = AnalyzerCatalog.Peer(out _);
        using var sampler = new PeakMemorySampler();

        var result = await PerformanceRunner.MeasureAsync(0.04, seed: 7, repetitions: 1, peer, sampler, progress: null);

        var repetition = Assert.Single(result.Repetitions);
        Assert.True(result.Lines > 500, $"{result.Lines} lines");
        Assert.True(result.Sites.Metrics > 0 && result.Sites.Logs > 0 && result.Sites.Traces > 0, result.Sites.ToString());
        Assert.Equal(0, result.CompileErrors);
        Assert.Equal(AnalyzerCatalog.Ours().Length, repetition.Ours.ExecutionTimes.Count);
        Assert.True(repetition.Ours.RegisteredActions.Values.Sum() > 0, "our analyzers registered no actions");
        Assert.Empty(repetition.Ours.Failures);
        Assert.True(repetition.Ours.Gc.AllocatedBytes > 0, "the pass's allocations were not counted");
        Assert.NotNull(repetition.Peer);
        Assert.Contains(repetition.Peer!.Diagnostics, d => d.Id == "CA1848");
        Assert.True(result.PeakWorkingSet > 0);
    }

    [Fact]
    public async Task OverheadSmoke_MeasuresTheEmptyProject()
    {
        var result = await OverheadRunner.MeasureAsync(coldPasses: 1, warmPasses: 1, new AnalyzerFilter(Array.Empty<string>()), progress: null);

        var cold = Assert.Single(result.Cold);
        Assert.Equal(AnalyzerCatalog.Ours().Length, cold.Analyzers.Count);
        Assert.Equal(0, cold.Failures);
        Assert.Equal(0, cold.Findings);
        Assert.True(cold.ContractMilliseconds > 0, "contract.json was not parsed before the cold pass");
        Assert.All(result.Warm, pass => Assert.Equal(0, pass.Failures));
        Assert.Equal(cold.Analyzers.Select(a => a.Analyzer).OrderBy(n => n, StringComparer.Ordinal), result.AllocatedBytesAlone.Keys.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Corpus_IsDeterministicPerSeed()
    {
        var first = CorpusGenerator.Generate(0.1, seed: 11);
        var again = CorpusGenerator.Generate(0.1, seed: 11);
        var other = CorpusGenerator.Generate(0.1, seed: 12);

        Assert.Equal(first.Files.Select(f => f.Path + f.Text), again.Files.Select(f => f.Path + f.Text));
        Assert.Equal(first.Contract, again.Contract);
        Assert.NotEqual(first.Files.Select(f => f.Text), other.Files.Select(f => f.Text));
    }

    [Fact]
    public void Discovery_FindsEveryAnalyzerOfThePackage()
    {
        // What the compiler loads: the rule families and the contract's analyzer, not the rule classes inside families.
        var expected = RuleCatalog.Exported.Select(a => a.GetType().FullName).OrderBy(n => n);

        Assert.Equal(expected, AnalyzerCatalog.Ours().Select(a => a.GetType().FullName).OrderBy(n => n));
    }

    [Fact]
    public void OnlyFilter_PicksFamiliesByNameAndRulesInsideThem()
    {
        var ours = AnalyzerCatalog.Ours();

        Assert.Equal(["MetricRulesAnalyzer"], new AnalyzerFilter(["MetricRules"]).Apply(ours).Select(a => a.GetType().Name));
        Assert.Equal(["MetricLabelAnalyzer"], new AnalyzerFilter(["MetricLabel"]).Apply(ours).Select(a => a.GetType().Name));
        Assert.Equal(
            ["LogPiiAnalyzer", "SpanNameAnalyzer"],
            new AnalyzerFilter(["spanname", "LogPii"]).Apply(ours).Select(a => a.GetType().Name).OrderBy(n => n, StringComparer.Ordinal));
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        // A test double, never shipped: release tracking does not apply.
#pragma warning disable RS2008
        private static readonly DiagnosticDescriptor Rule = new("TEST0001", "Throws", "Throws", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);
#pragma warning restore RS2008

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSyntaxTreeAction(_ => throw new InvalidOperationException("thrown on purpose"));
        }
    }
}
