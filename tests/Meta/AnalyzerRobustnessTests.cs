using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SignalContract.Analyzers.Tests.Verifiers;

namespace SignalContract.Analyzers.Tests.Meta;

/// <summary>
/// No analyzer throws, whatever it is given: empty files, half-typed code, broken contracts. A throwing analyzer shows
/// the user AD0001 and silently stops checking. The benchmark's robustness mode runs the same idea at scale.
/// </summary>
public class AnalyzerRobustnessTests
{
    /// <summary>Telemetry code of every kind the rules look at, cut short below to simulate typing.</summary>
    private const string TelemetrySource = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;
        using OpenTelemetry.Trace;

        public sealed class OrderService
        {
            private const string MeterName = "shop.checkout";
            private static readonly ActivitySource Source = new("shop.checkout", "1.0");
            private static readonly Meter Meter = new(MeterName);
            private readonly Counter<long> _orders = Meter.CreateCounter<long>("shop.checkout.orders", "{order}", "Orders placed");
            private readonly Histogram<double> _duration = Meter.CreateHistogram<double>(name: "shop.checkout.duration", unit: "s");
            private readonly ILogger<OrderService> _logger;
            private readonly Tracer _tracer;

            public OrderService(ILogger<OrderService> logger, TracerProvider provider)
            {
                _logger = logger;
                _tracer = provider.GetTracer("shop.checkout.tracer");
            }

            public async Task<int> PlaceAsync(string paymentMethod, string region, Guid userId)
            {
                using var activity = Source.StartActivity("checkout.place_order");
                activity?.SetTag("payment_method", paymentMethod);
                var tags = new TagList { { "payment_method", paymentMethod }, { "region", region } };
                try
                {
                    _orders.Add(1, tags);
                    _orders.Add(1, new KeyValuePair<string, object?>("user_id", userId), new("region", $"r-{region}"));
                    using (_logger.BeginScope(new Dictionary<string, object> { ["request_id"] = "r" }))
                    {
                        _logger.LogInformation("Placing order {OrderId} for {Email}", 42, "a@b.c");
                    }

                    await Task.Delay(1);
                    var leaked = Source.StartActivity($"charge {paymentMethod}");
                    Work();
                    leaked?.Stop();
                    return 1;
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "Failed");
                    throw;
                }
                finally
                {
                    _duration.Record(0.5, new KeyValuePair<string, object?>("outcome", "ok"));
                }
            }

            public TelemetrySpan Begin() => _tracer.StartActiveSpan("checkout.begin");

            public void Observe() => Meter.CreateObservableGauge("shop.checkout.queue", () => new Measurement<int>(3, new KeyValuePair<string, object?>("queue", "main")));

            public void Prometheus() => global::Prometheus.Metrics.CreateCounter("checkout_orders_total", "Orders", "payment_method").WithLabels("card").Inc();

            private static void Work() { }
        }
        """;

    private const string ValidContract = """
        { "version": 1, "metrics": { "namespaces": ["shop.checkout"], "requireDeclared": true,
          "forbiddenLabels": ["user_id"],
          "instruments": [ { "name": "shop.checkout.orders", "kind": "counter", "unit": "{order}", "labels": ["payment_method", "region"], "renamedFrom": ["checkout_orders_total"] } ] },
          "logs": { "requiredFields": ["request_id"] },
          "traces": { "sources": ["shop.checkout"], "requireDeclared": true, "spans": [ { "name": "checkout.place_order", "attributes": ["region"] } ] } }
        """;

    public static TheoryData<string> AnalyzerNames => RuleCatalog.AnalyzerNames();

    public static TheoryData<string, string> BrokenContracts => new()
    {
        { "empty", "" },
        { "whitespace", "  \n\t " },
        { "syntax error", """{ "version": 1, "metrics": { "namespaces": ["a" } }""" },
        { "truncated", """{ "version": 1, "metrics": { "instruments": [ { "name": """ },
        { "not an object", "[1, 2, 3]" },
        { "wrong types", """{ "version": "1", "metrics": { "namespaces": "shop", "instruments": { "name": 1 }, "requireDeclared": 1 }, "traces": { "spans": [ 1, { "attributes": [null] } ] }, "pii": { "fields": [""] } }""" },
        { "unknown and duplicate keys", """{ "version": 1, "version": 1, "metrics": { "nameStile": "x", "namespaces": ["a", "a"] } }""" },
        { "deep nesting", "{ \"version\": 1, \"x\": " + new string('[', 5000) + new string(']', 5000) + " }" },
        { "non-ASCII names", """{ "version": 1, "metrics": { "namespaces": ["магазин", "店"], "instruments": [ { "name": "店.注文", "labels": ["地域"] } ] }, "traces": { "sources": ["ß"] } }""" },
        { "byte order mark", "\uFEFF" + ValidContract },
        { "version 2", """{ "version": 2, "metrics": { "namespaces": ["x"] } }""" },
    };

    public static TheoryData<string, string> HalfTypedSources => new()
    {
        { "empty", "" },
        { "unclosed start", "using System.Diagnostics; class C { static readonly ActivitySource S = new(\"shop.checkout\"); void M() { var a = S.StartActivity(" },
        { "missing arguments", "using System.Diagnostics.Metrics; class C { void M(Meter m) { var c = m.CreateCounter<long>(); c.Add(); m.CreateHistogram<int>(unit:); } }" },
        { "unknown types", "class C { void M() { var a = Source.StartActivity(\"x\"); a.Stop(); Missing.Counter.Add(1, new(\"k\", 1)); } }" },
        { "lambda spans", "using System.Diagnostics; class C { static ActivitySource S = new(\"x\"); System.Action A = () => { var a = S.StartActivity(\"y\")" },
        { "catch without try", "using System.Diagnostics; class C { void M(ActivitySource s) { using var a = s.StartActivity(\"x\"); catch (System.Exception e) { } } }" },
        { "garbage", "}}}{{{ ;;; class 123 ActivitySource.StartActivity(\"" },
    };

    [Theory]
    [MemberData(nameof(BrokenContracts))]
    public async Task BrokenContract_NoAnalyzerThrows(string name, string contract)
    {
        _ = name;
        await AssertNoAnalyzerThrowsAsync(TelemetrySource, contract);
    }

    [Theory]
    [MemberData(nameof(HalfTypedSources))]
    public async Task HalfTypedCode_NoAnalyzerThrows(string name, string source)
    {
        _ = name;
        await AssertNoAnalyzerThrowsAsync(source, ValidContract);
        await AssertNoAnalyzerThrowsAsync(source, contract: null);
    }

    [Fact]
    public async Task EveryPrefixOfTelemetryCode_NoAnalyzerThrows()
    {
        // Cut the file at 60 points, as if it were being typed.
        int step = Math.Max(1, TelemetrySource.Length / 60);
        for (int length = 0; length <= TelemetrySource.Length; length += step)
        {
            await AssertNoAnalyzerThrowsAsync(TelemetrySource.Substring(0, length), ValidContract);
        }
    }

    [Fact]
    public async Task CompleteTelemetryCode_NoAnalyzerThrows() =>
        await AssertNoAnalyzerThrowsAsync(TelemetrySource, ValidContract);

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void Analyzer_EnablesConcurrencyAndSkipsGeneratedCode(string analyzerName)
    {
        var context = new RecordingAnalysisContext();
        RuleCatalog.Analyzer(analyzerName).Initialize(context);

        Assert.True(context.ConcurrentExecutionEnabled, $"{analyzerName} must call EnableConcurrentExecution");
        Assert.NotNull(context.GeneratedCodeFlags);
        Assert.False(context.GeneratedCodeFlags!.Value.HasFlag(GeneratedCodeAnalysisFlags.Analyze), $"{analyzerName} must not analyse generated code");
    }

    private static async Task AssertNoAnalyzerThrowsAsync(string source, string? contract)
    {
        var references = TestReferences.Net80.References;
        var compilation = CSharpCompilation.Create(
            "Robustness",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "/0/Test0.cs") },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var additionalFiles = contract is null
            ? ImmutableArray<AdditionalText>.Empty
            : ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText(TestContract.Path, contract));
        var failures = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(additionalFiles),
            onAnalyzerException: (exception, analyzer, _) => failures.Enqueue($"{analyzer.GetType().Name}: {exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation
            .WithAnalyzers(RuleCatalog.Exported, options)
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None);

        Assert.Empty(failures);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    private sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryAdditionalText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>Records what an analyzer's Initialize asks for, without running anything.</summary>
    private sealed class RecordingAnalysisContext : AnalysisContext
    {
        public bool ConcurrentExecutionEnabled { get; private set; }

        public GeneratedCodeAnalysisFlags? GeneratedCodeFlags { get; private set; }

        public override void EnableConcurrentExecution() => ConcurrentExecutionEnabled = true;

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCodeFlags = analysisMode;

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
        {
        }

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action)
        {
        }

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action)
        {
        }

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds)
        {
        }

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
        {
        }

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action)
        {
        }

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action)
        {
        }

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
        {
        }

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action)
        {
        }
    }
}
