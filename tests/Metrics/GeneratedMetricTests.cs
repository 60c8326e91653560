using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Tests.Verifiers;
using LabelVerify = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Metrics.MetricLabelAnalyzer>;
using NameVerify = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Metrics.MetricNameAnalyzer>;

namespace SignalContract.Analyzers.Tests.Metrics;

/// <summary>Metrics declared for the Microsoft.Extensions.Telemetry metrics source generator.</summary>
public class GeneratedMetricTests
{
    // What the generator would write, so the sources compile without it.
    private const string Generated = """

        public sealed class OrdersCounter { }
        public sealed class CheckoutDuration { }
        public sealed class RefundCounter { }
        public static partial class CheckoutMetrics
        {
            public static partial OrdersCounter CreateOrders(Meter meter) => new();
            public static partial CheckoutDuration CreateDuration(Meter meter) => new();
            public static partial RefundCounter CreateRefunds(Meter meter) => new();
        }
        """;

    [Fact]
    public async Task GeneratedMetricNames_Triggers()
    {
        const string source = """
            using System.Diagnostics.Metrics;
            using Microsoft.Extensions.Diagnostics.Metrics;

            public static partial class CheckoutMetrics
            {
                [Counter("payment_method", "region", Name = {|#0:"checkout_orders_total"|})]
                public static partial OrdersCounter CreateOrders(Meter meter);

                [Counter<long>("outcome", Name = {|#1:"shop.checkout.duration"|})]
                public static partial CheckoutDuration CreateDuration(Meter meter);

                [Counter]
                public static partial RefundCounter {|#2:CreateRefunds|}(Meter meter);
            }
            """ + Generated;
        await RunAsync<NameVerify.Test>(source,
            NameVerify.Diagnostic(Descriptors.MetricRenamed).WithLocation(0).WithArguments("checkout_orders_total", "shop.checkout.orders"),
            NameVerify.Diagnostic(Descriptors.MetricKindOrUnitMismatch).WithLocation(1).WithArguments("shop.checkout.duration", "kind", "histogram", "kind 'counter'"),
            NameVerify.Diagnostic(Descriptors.MetricOutsideNamespaces).WithLocation(2).WithArguments("Metric", "RefundCounter", "shop.checkout, shop.payments"),
            NameVerify.Diagnostic(Descriptors.MetricNamingStyle).WithLocation(2).WithArguments("Metric name", "RefundCounter", "otel", "refund_counter"));
    }

    [Fact]
    public async Task GeneratedMetricTags_Triggers()
    {
        const string source = """
            using System.Diagnostics.Metrics;
            using Microsoft.Extensions.Diagnostics.Metrics;

            public sealed class DurationTags
            {
                [TagName({|#2:"Outcome"|})]
                public string? Outcome { get; set; }

                public string? {|#3:user_id|};
            }

            public static partial class CheckoutMetrics
            {
                [{|#0:Counter("payment_method", {|#1:"user_id"|}, Name = "shop.checkout.orders")|}]
                public static partial OrdersCounter CreateOrders(Meter meter);

                [Histogram(typeof(DurationTags), Name = "shop.checkout.duration")]
                public static partial CheckoutDuration CreateDuration(Meter meter);

                [Counter("reason", Name = "shop.checkout.refunds")]
                public static partial RefundCounter CreateRefunds(Meter meter);
            }
            """ + Generated;
        await RunAsync<LabelVerify.Test>(source,
            LabelVerify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(0).WithArguments("shop.checkout.orders", "the contract's labels [payment_method, region]", "'region' is missing"),
            LabelVerify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(1).WithArguments("user_id", "shop.checkout.orders", "is the forbidden label 'user_id'"),
            LabelVerify.Diagnostic(Descriptors.MetricNamingStyle).WithLocation(2).WithArguments("Label key", "Outcome", "snake_case", "outcome"),
            LabelVerify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(3).WithArguments("user_id", "shop.checkout.duration", "is the forbidden label 'user_id'"));
    }

    [Fact]
    public async Task GeneratedMetricsKeepingTheContract_DoesNotTrigger()
    {
        const string source = """
            using System.Diagnostics.Metrics;
            using Microsoft.Extensions.Diagnostics.Metrics;

            public sealed class DurationTags
            {
                [TagName("outcome")]
                public string? Outcome { get; set; }
            }

            public static partial class CheckoutMetrics
            {
                [Counter("payment_method", "region", Name = "shop.checkout.orders")]
                public static partial OrdersCounter CreateOrders(Meter meter);

                [Histogram<double>(typeof(DurationTags), Name = "shop.checkout.duration")]
                public static partial CheckoutDuration CreateDuration(Meter meter);

                [Counter("reason", Name = "shop.payments.refunds")]
                public static partial RefundCounter CreateRefunds(Meter meter);
            }
            """ + Generated;
        await RunAsync<NameVerify.Test>(source);
        await RunAsync<LabelVerify.Test>(source);
    }

    private static Task RunAsync<TTest>(string source, params DiagnosticResult[] expected)
        where TTest : AnalyzerTest<DefaultVerifier>, new()
    {
        var test = new TTest { TestCode = source };
        TestContract.AddTo(test.TestState, MetricsTestContract.Json.Replace("\"requireDeclared\": true", "\"requireDeclared\": false"));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
