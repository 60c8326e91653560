using System.Threading.Tasks;
using NameVerify = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Metrics.MetricNameAnalyzer>;
using LabelVerify = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Metrics.MetricLabelAnalyzer>;

namespace SignalContract.Analyzers.Tests.Metrics;

/// <summary>Idiomatic metric code that keeps the contract: neither metrics analyzer may say a word about it.</summary>
public class GoodMetricsCodeTests
{
    private const string Contract = MetricsTestContract.Json;

    public static TheoryData<string> Sources => new()
    {
        // Dependency injection: IMeterFactory, instruments in readonly fields set in the constructor.
        """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;

        public sealed class CheckoutMetrics
        {
            public const string MeterName = "shop.checkout";
            private readonly Counter<long> _orders;
            private readonly Histogram<double> _duration;

            public CheckoutMetrics(IMeterFactory meterFactory)
            {
                var meter = meterFactory.Create(MeterName);
                _orders = meter.CreateCounter<long>("shop.checkout.orders", unit: "{order}", description: "Orders placed");
                _duration = meter.CreateHistogram<double>("shop.checkout.duration", "s", "Time to place an order");
            }

            public void OrderPlaced(string paymentMethod, string region) =>
                _orders.Add(1, new KeyValuePair<string, object?>("payment_method", paymentMethod), new KeyValuePair<string, object?>("region", region));

            public void CheckoutFinished(TimeSpan elapsed, bool succeeded)
            {
                var tags = new TagList();
                tags.Add("outcome", succeeded ? "success" : "failure");
                _duration.Record(elapsed.TotalSeconds, tags);
            }
        }
        """,

        // A static meter, instruments in static fields, TagList initializers and collection expressions.
        """
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;

        internal static class Telemetry
        {
            private static readonly Meter Meter = new(new MeterOptions("shop.checkout") { Version = "1.0.0" });
            internal static readonly Counter<long> Orders = Meter.CreateCounter<long>("shop.checkout.orders", "{order}");
            internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(name: "shop.checkout.duration", unit: "s");
            private static int _depth;
            internal static readonly ObservableGauge<int> QueueDepth =
                Meter.CreateObservableGauge("shop.checkout.queue_depth", () => new Measurement<int>(_depth), "{item}");

            internal static void Placed(string paymentMethod, string region) =>
                Orders.Add(1, new TagList { { "payment_method", paymentMethod }, { "region", region } });

            internal static void PlacedAgain(string paymentMethod, string region) =>
                Orders.Add(1, [new("payment_method", paymentMethod), new("region", region)]);

            internal static void Timed(double seconds, string outcome) =>
                Duration.Record(seconds, new KeyValuePair<string, object?>[] { new("outcome", outcome) });
        }
        """,

        // A wrapper that takes the name as a parameter and is called with constants; a tag helper.
        """
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;

        public sealed class InstrumentFactory
        {
            private readonly Meter _meter;

            public InstrumentFactory(IMeterFactory factory) => _meter = factory.Create(new MeterOptions("shop.payments"));

            public Counter<long> Counter(string name, string unit) => _meter.CreateCounter<long>(name, unit);

            public Histogram<double> Histogram(string name, string? unit = null) => _meter.CreateHistogram<double>(name, unit);

            public static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

            public void RecordWith(Counter<long> counter, string key, object? value) => counter.Add(1, new KeyValuePair<string, object?>(key, value));

            public Counter<long> Orders() => Counter("shop.checkout.orders", "{order}");
        }
        """,

        // prometheus-net, with names that translate to the contract's.
        """
        using Prometheus;

        public sealed class LegacyCheckoutMetrics
        {
            private static readonly Counter Orders = Metrics.CreateCounter(
                "shop_checkout_orders_total", "Orders placed", "payment_method", "region");

            private static readonly Histogram Duration = Metrics.CreateHistogram(
                "shop_checkout_duration_seconds", "Checkout time", new HistogramConfiguration { LabelNames = new[] { "outcome" } });

            private static readonly Gauge QueueDepth = Metrics.CreateGauge("shop_checkout_queue_depth", "Items waiting");

            public void Placed(string paymentMethod, string region) => Orders.WithLabels(paymentMethod, region).Inc();

            public void Timed(double seconds, bool ok) => Duration.WithLabels(ok ? "success" : "failure").Observe(seconds);

            public void Queue(int depth) => QueueDepth.Set(depth);
        }
        """,

        // Methods named like metric APIs that are not metric APIs.
        """
        using System.Collections.Generic;

        public sealed class Counter
        {
            public void Add(string key, object value) { }
            public void Record(string userId) { }
        }

        public sealed class Cart
        {
            private readonly List<KeyValuePair<string, object?>> _items = new();
            private readonly Dictionary<string, int> _counts = new();

            public void Add(string userId, System.Guid orderId)
            {
                _items.Add(new KeyValuePair<string, object?>("user_id", userId));
                _counts.Add($"order-{orderId}", 1);
                new Counter().Add("request_id", orderId);
                new Counter().Record(userId);
            }
        }
        """,
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task IdiomaticMetricCode_DoesNotTrigger(string source)
    {
        await NameVerify.VerifyAsync(source, Contract);
        await LabelVerify.VerifyAsync(source, Contract);
    }
}
