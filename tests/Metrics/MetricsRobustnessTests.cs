using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SignalContract.Analyzers.Metrics;
using SignalContract.Analyzers.Tests.Verifiers;

namespace SignalContract.Analyzers.Tests.Metrics;

/// <summary>Half-typed code is most of what an analyzer sees in the IDE: every prefix of real metric code must analyse cleanly.</summary>
public class MetricsRobustnessTests
{
    [Fact]
    public async Task EveryPrefixOfMetricCode_DoesNotThrow()
    {
        var references = TestReferences.Net80.References;
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new MetricNameAnalyzer(), new MetricLabelAnalyzer());
        var options = new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(new ContractText(MetricsTestContract.Json)));
        var failures = new ConcurrentBag<string>();
        int findingsOnViolations = 0;

        var sources = new List<string>();
        foreach (string good in GoodMetricsCodeTests.Sources)
        {
            sources.Add(good);
        }

        sources.Add(Violations);
        foreach (string source in sources)
        {
            for (int step = 0; step <= source.Length / 17 + 1; step++)
            {
                int length = System.Math.Min(step * 17, source.Length);
                string prefix = source.Substring(0, length);
                var compilation = CSharpCompilation.Create(
                    "Prefix",
                    new[] { CSharpSyntaxTree.ParseText(prefix, new CSharpParseOptions(LanguageVersion.Latest)) },
                    references,
                    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
                var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                    options,
                    (exception, analyzer, _) => failures.Add($"{analyzer.GetType().Name} at length {length}: {exception}"),
                    concurrentAnalysis: false,
                    logAnalyzerExecutionTime: false));
                var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
                if (ReferenceEquals(source, Violations) && length == source.Length)
                {
                    findingsOnViolations = diagnostics.Length;
                }

                foreach (var diagnostic in diagnostics)
                {
                    if (diagnostic.Id == "AD0001")
                    {
                        failures.Add(diagnostic.ToString());
                    }
                }
            }
        }

        Assert.Empty(failures);

        // The harness really ran the rules: the complete violating source has findings.
        Assert.True(findingsOnViolations >= 8, $"Only {findingsOnViolations} findings on the violating source.");
    }

    private const string Violations = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;
        using Prometheus;

        class Jobs
        {
            private static readonly Meter Meter = new("billing");
            private readonly Counter<long> _runs;
            private readonly Prometheus.Counter _legacy = Metrics.CreateCounter("checkout_orders_total", "Orders", new[] { "user_id" });

            public Jobs() => _runs = Meter.CreateCounter<long>("checkout_orders_total", unit: "ms");

            void Run(Guid id, Dictionary<string, string> dimensions)
            {
                var tags = new TagList { { "user_id", id } };
                foreach (var pair in dimensions) tags.Add(pair.Key, $"x{pair.Value}");
                _runs.Add(1, tags);
                _runs.Add(1, [new("request_id", id), new(nameof(id), DateTime.UtcNow)]);
                _legacy.WithLabels(id.ToString(), "extra").Inc();
                Meter.CreateObservableGauge("Queue Depth", () => new Measurement<int>(1, new KeyValuePair<string, object?>("user_id", id)));
            }
        }
        """;

    private sealed class ContractText : AdditionalText
    {
        private readonly SourceText _text;

        public ContractText(string text) => _text = SourceText.From(text);

        public override string Path => TestContract.Path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
