using System.Collections.Immutable;
using System.Threading.Tasks;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Tests.Verifiers;
using SignalContract.CodeFixes.Metrics;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<SignalContract.Analyzers.Metrics.MetricNameAnalyzer, SignalContract.CodeFixes.Metrics.MetricContractFixer>;

namespace SignalContract.Analyzers.Tests.Metrics;

public class MetricContractFixerTests
{
    private const string Contract = """
        {
          "version": 1,
          "metrics": {
            "namespaces": ["shop.checkout"],
            "requireDeclared": true,
            "instruments": [
              { "name": "shop.checkout.orders", "kind": "counter", "unit": "{order}" }
            ]
          }
        }
        """;

    [Fact]
    public async Task UndeclaredInstrument_Fixes()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            class Refunds
            {
                private static readonly Meter Meter = new("shop.checkout");
                private readonly Counter<long> _refunds = Meter.CreateCounter<long>({|OBS1003:"shop.checkout.refunds"|}, "{refund}");

                void Refund(string reason) => _refunds.Add(1, new KeyValuePair<string, object?>("reason", reason), new("channel", "web"));
            }
            """;
        const string fixedContract = """
            {
              "version": 1,
              "metrics": {
                "namespaces": ["shop.checkout"],
                "requireDeclared": true,
                "instruments": [
                  { "name": "shop.checkout.orders", "kind": "counter", "unit": "{order}" },
                  { "name": "shop.checkout.refunds", "kind": "counter", "unit": "{refund}", "labels": ["reason", "channel"] }
                ]
              }
            }
            """;
        var test = new Verify.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = MetricContractFixer.DeclareInstrumentKey };
        TestContract.AddTo(test.TestState, Contract);
        TestContract.AddTo(test.FixedState, fixedContract);
        await test.RunAsync();
        AssertParsesCleanly(fixedContract);
    }

    [Fact]
    public async Task UndeclaredInstrumentWithForbiddenLabel_DeclaresTheOtherLabels()
    {
        const string contract = """
            {
              "version": 1,
              "metrics": {
                "namespaces": ["shop.checkout"],
                "forbiddenLabels": ["user_id"],
                "requireDeclared": true,
                "instruments": []
              }
            }
            """;
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            class Cancellations
            {
                private static readonly Meter Meter = new("shop.checkout");
                private readonly Counter<long> _cancelled = Meter.CreateCounter<long>({|OBS1003:"shop.checkout.cancellations"|}, "{order}");

                void Cancel(string reason, string userId) =>
                    _cancelled.Add(1, new KeyValuePair<string, object?>("reason", reason), new("UserId", userId));
            }
            """;
        const string fixedContract = """
            {
              "version": 1,
              "metrics": {
                "namespaces": ["shop.checkout"],
                "forbiddenLabels": ["user_id"],
                "requireDeclared": true,
                "instruments": [
                  { "name": "shop.checkout.cancellations", "kind": "counter", "unit": "{order}", "labels": ["reason"] }
                ]
              }
            }
            """;
        var test = new Verify.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = MetricContractFixer.DeclareInstrumentKey };
        TestContract.AddTo(test.TestState, contract);
        TestContract.AddTo(test.FixedState, fixedContract);
        await test.RunAsync();
        AssertParsesCleanly(fixedContract);
    }

    [Fact]
    public async Task UndeclaredInstruments_FixAll()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Refunds
            {
                private static readonly Meter Meter = new("shop.checkout");
                private static readonly Histogram<double> Latency = Meter.CreateHistogram<double>({|OBS1003:"shop.checkout.refund_latency"|}, unit: "s");
                private static readonly ObservableGauge<int> Pending = Meter.CreateObservableGauge({|OBS1003:"shop.checkout.pending_refunds"|}, () => 1);

                void Refund() => Latency.Record(0.5);
            }
            """;
        const string fixedContract = """
            {
              "version": 1,
              "metrics": {
                "namespaces": ["shop.checkout"],
                "requireDeclared": true,
                "instruments": [
                  { "name": "shop.checkout.orders", "kind": "counter", "unit": "{order}" },
                  { "name": "shop.checkout.refund_latency", "kind": "histogram", "unit": "s", "labels": [] },
                  { "name": "shop.checkout.pending_refunds", "kind": "observablegauge" }
                ]
              }
            }
            """;
        var test = new Verify.Test
        {
            TestCode = source,
            FixedCode = source,
            CodeActionEquivalenceKey = MetricContractFixer.DeclareInstrumentKey,
            NumberOfFixAllIterations = 1,
            NumberOfFixAllInDocumentIterations = 1,
            NumberOfFixAllInProjectIterations = 1,
        };
        TestContract.AddTo(test.TestState, Contract);
        TestContract.AddTo(test.FixedState, fixedContract);

        // One at a time, the second entry lands after the first: the same file.
        await test.RunAsync();
        AssertParsesCleanly(fixedContract);
    }

    [Fact]
    public void ContractWithoutInstruments_GetsTheKeyInItsOwnIndentation()
    {
        string text = "{\r\n    \"version\": 1,\r\n    \"metrics\": {\r\n        \"requireDeclared\": true\r\n    }\r\n}\r\n";
        string? updated = ContractJsonEditor.AddInstruments(text, new[] { new InstrumentEntry("shop.a", "counter", null, ImmutableArray.Create("x")) });
        Assert.Equal(
            "{\r\n    \"version\": 1,\r\n    \"metrics\": {\r\n        \"requireDeclared\": true,\r\n        \"instruments\": [\r\n            { \"name\": \"shop.a\", \"kind\": \"counter\", \"labels\": [\"x\"] }\r\n        ]\r\n    }\r\n}\r\n",
            updated);
        AssertParsesCleanly(updated!);
    }

    [Fact]
    public void ContractWithoutMetricsOrWithEmptyArray_StaysValid()
    {
        string noMetrics = ContractJsonEditor.AddInstruments("{ \"version\": 1 }", new[] { new InstrumentEntry("a\"b", "gauge", "By", null) })!;
        Assert.Contains("\"name\": \"a\\\"b\"", noMetrics);
        AssertParsesCleanly(noMetrics);

        string empty = ContractJsonEditor.AddInstruments("{\n  \"version\": 1,\n  \"metrics\": { \"instruments\": [] }\n}", new[] { new InstrumentEntry("shop.b", "counter", null, null) })!;
        Assert.Equal("{\n  \"version\": 1,\n  \"metrics\": { \"instruments\": [\n    { \"name\": \"shop.b\", \"kind\": \"counter\" }\n  ] }\n}", empty);
        AssertParsesCleanly(empty);

        Assert.Null(ContractJsonEditor.AddInstruments("{ \"version\": 1, ", new[] { new InstrumentEntry("shop.c", null, null, null) }));
    }

    [Fact]
    public void RepositoryContract_KeepsItsLayout()
    {
        string original = System.IO.File.ReadAllText(System.IO.Path.Combine(Meta.Repository.Root, "contract.json"));
        string updated = ContractJsonEditor.AddInstruments(original, new[] { new InstrumentEntry("shop.checkout.refunds", "counter", "{refund}", ImmutableArray.Create("reason")) })!;

        string added = "\n      { \"name\": \"shop.checkout.refunds\", \"kind\": \"counter\", \"unit\": \"{refund}\", \"labels\": [\"reason\"] }";
        Assert.Equal(original.Replace("\r\n", "\n"), updated.Replace("\r\n", "\n").Replace("," + added, string.Empty));
        AssertParsesCleanly(updated);
        Assert.NotNull(ContractReader.Read(updated).Metrics.FindInstrument("shop.checkout.refunds"));
    }

    private static void AssertParsesCleanly(string contract)
    {
        var model = ContractReader.Read(contract);
        Assert.Empty(model.Problems);
    }
}
