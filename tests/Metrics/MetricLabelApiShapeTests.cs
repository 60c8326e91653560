using System.Threading.Tasks;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Tests.Verifiers;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Metrics.MetricLabelAnalyzer>;

namespace SignalContract.Analyzers.Tests.Metrics;

/// <summary>
/// Every shape tags can take at a record site, against both reference sets: the API grew after .NET 8
/// (<c>params ReadOnlySpan</c> tags, <c>Measurement(T, TagList)</c>). Tags listed inline and bound to a
/// <c>params ReadOnlySpan</c> need a C# 13 compiler, newer than the one these tests run on: the end-to-end tests build
/// that shape with the SDK's compiler.
/// </summary>
public class MetricLabelApiShapeTests
{
    private const string Contract = MetricsTestContract.Json;

    public static TheoryData<string> ReferenceSets => new() { TestReferences.Net80.Name, TestReferences.Net100.Name };

    private const string Instruments = """
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;

        partial class Checkout
        {
            private static readonly Meter Meter = new("shop.checkout");
            private readonly Counter<long> _orders = Meter.CreateCounter<long>("shop.checkout.orders", "{order}");
        }

        """;

    [Theory]
    [MemberData(nameof(ReferenceSets))]
    public async Task KeyValuePairArguments_Triggers(string references)
    {
        const string source = Instruments + """
            partial class Checkout
            {
                void Place(string paymentMethod, string region, string coupon)
                {
                    _orders.Add(1, new KeyValuePair<string, object?>("payment_method", paymentMethod), new("region", region), new({|#0:"coupon"|}, coupon));
                    {|#1:_orders.Add(1, KeyValuePair.Create("payment_method", (object?)paymentMethod))|};
                }
            }
            """;
        await RunAsync(references, source,
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(0).WithArguments("shop.checkout.orders", "the contract's labels [payment_method, region]", "'coupon' is not declared"),
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(1).WithArguments("shop.checkout.orders", "the contract's labels [payment_method, region]", "'region' is missing"));
    }

    [Theory]
    [MemberData(nameof(ReferenceSets))]
    public async Task ArrayAndCollectionExpression_Triggers(string references)
    {
        const string source = Instruments + """
            partial class Checkout
            {
                void Place(string paymentMethod, string region, string userId)
                {
                    _orders.Add(1, new KeyValuePair<string, object?>[] { new("payment_method", paymentMethod), new("region", region), new({|#0:"user_id"|}, userId) });
                    _orders.Add(1, [new("payment_method", paymentMethod), new("region", region), new({|#1:"coupon"|}, "none")]);
                }
            }
            """;
        await RunAsync(references, source,
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(0).WithArguments("user_id", "shop.checkout.orders", "is the forbidden label 'user_id'"),
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(1).WithArguments("shop.checkout.orders", "the contract's labels [payment_method, region]", "'coupon' is not declared"));
    }

    [Theory]
    [MemberData(nameof(ReferenceSets))]
    public async Task TagListArguments_Triggers(string references)
    {
        const string source = Instruments + """
            partial class Checkout
            {
                void Place(string paymentMethod, string region)
                {
                    var tags = new TagList { { "payment_method", paymentMethod } };
                    tags.Add({|#0:"Region"|}, region);
                    _orders.Add(1, tags);
                    {|#1:_orders.Add(1, new TagList { { "payment_method", paymentMethod } })|};
                }
            }
            """;
        await RunAsync(references, source,
            Verify.Diagnostic(Descriptors.MetricNamingStyle).WithLocation(0).WithArguments("Label key", "Region", "snake_case", "region"),
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(1).WithArguments("shop.checkout.orders", "the contract's labels [payment_method, region]", "'region' is missing"));
    }

    [Theory]
    [MemberData(nameof(ReferenceSets))]
    public async Task ObservableMeasurementShapes_Triggers(string references)
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics;
            using System.Diagnostics.Metrics;

            class QueueMetrics
            {
                private static readonly Meter Meter = new("shop.checkout");
                private static long _depth;

                private static readonly ObservableGauge<long> Depth = Meter.CreateObservableGauge(
                    "shop.checkout.queue_depth",
                    () => new[]
                    {
                        new Measurement<long>(_depth, [new KeyValuePair<string, object?>({|#0:"user_id"|}, "u1")]),
                        new Measurement<long>(_depth, new TagList { { {|#1:"request_id"|}, "r1" } }),
                        new Measurement<long>(_depth, new KeyValuePair<string, object?>[] { new({|#2:"order_id"|}, "o1") }),
                    },
                    "{item}");
            }
            """;
        await RunAsync(references, source,
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(0).WithArguments("user_id", "shop.checkout.queue_depth", "is the forbidden label 'user_id'"),
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(1).WithArguments("request_id", "shop.checkout.queue_depth", "is the forbidden label 'request_id'"),
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(2).WithArguments("order_id", "shop.checkout.queue_depth", "is the forbidden label 'order_id'"));
    }

    private static async Task RunAsync(string references, string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
    {
        var test = new Verify.Test(references == TestReferences.Net100.Name ? TestReferences.Net100 : TestReferences.Net80) { TestCode = source };
        TestContract.AddTo(test.TestState, Contract);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }
}
