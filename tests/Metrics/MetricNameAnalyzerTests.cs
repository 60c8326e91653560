using System.Threading.Tasks;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Metrics;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Metrics.MetricNameAnalyzer>;

namespace SignalContract.Analyzers.Tests.Metrics;

public class MetricNameAnalyzerTests
{
    private const string Contract = MetricsTestContract.Json;

    [Fact]
    public async Task MeterNameOutsideNamespaces_Triggers()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new({|#0:"billing"|});
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricOutsideNamespaces).WithLocation(0).WithArguments("Meter", "billing", "shop.checkout, shop.payments"));
    }

    [Fact]
    public async Task MeterOptionsAndFactoryNames_Trigger()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                Checkout(IMeterFactory factory)
                {
                    var a = new Meter(new MeterOptions({|OBS1001:"billing"|}));
                    var b = factory.Create({|OBS1001:"billing.api"|});
                    var c = factory.Create(new MeterOptions({|OBS1001:"Billing"|}) { Version = "1.0" });
                }
            }
            """;
        await Verify.VerifyAsync(source, Contract);
    }

    [Fact]
    public async Task MeterNamesInsideNamespaces_DoesNotTrigger()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                const string Name = "shop.checkout";
                static readonly Meter A = new(Name, "1.0");
                static readonly Meter B = new(new MeterOptions("shop.payments.api"));

                Checkout(IMeterFactory factory, string dynamicName)
                {
                    var c = factory.Create("shop.checkout");
                    var d = new Meter(dynamicName);
                }
            }
            """;
        await Verify.VerifyAsync(source, Contract);
    }

    [Fact]
    public async Task InstrumentNameOutsideNamespaces_Triggers()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
                static readonly Counter<long> Orders = Meter.CreateCounter<long>({|#0:"orders"|});
                static readonly Histogram<double> Latency = Meter.CreateHistogram<double>(unit: "s", name: {|#1:"billing.latency"|});
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricOutsideNamespaces).WithLocation(0).WithArguments("Metric", "orders", "shop.checkout, shop.payments"),
            Verify.Diagnostic(Descriptors.MetricOutsideNamespaces).WithLocation(1).WithArguments("Metric", "billing.latency", "shop.checkout, shop.payments"));
    }

    [Fact]
    public async Task NamingStyle_Triggers()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
                static readonly Counter<long> Refunds = Meter.CreateCounter<long>({|#0:"shop.checkout.RefundCount"|});
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricNamingStyle).WithLocation(0).WithArguments("Metric name", "shop.checkout.RefundCount", "otel", "shop.checkout.refund_count"));
    }

    [Fact]
    public async Task NotDeclared_Triggers()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                const string RefundsName = "shop.checkout.refunds";
                static readonly Meter Meter = new("shop.checkout");
                static readonly Counter<long> Refunds = Meter.CreateCounter<long>({|#0:RefundsName|});
                static readonly UpDownCounter<int> Carts = Meter.CreateUpDownCounter<int>({|#1:"shop.checkout.open_carts"|}, "{cart}");
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricNotDeclared).WithLocation(0).WithArguments("shop.checkout.refunds"),
            Verify.Diagnostic(Descriptors.MetricNotDeclared).WithLocation(1).WithArguments("shop.checkout.open_carts"));
    }

    [Fact]
    public async Task NotDeclaredWithoutRequireDeclared_DoesNotTrigger()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
                static readonly Counter<long> Refunds = Meter.CreateCounter<long>("shop.checkout.refunds");
            }
            """;
        await Verify.VerifyAsync(source, MetricsTestContract.Open);
    }

    [Fact]
    public async Task KindAndUnitMismatch_Triggers()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
                static readonly Histogram<long> Orders = Meter.CreateHistogram<long>({|#0:"shop.checkout.orders"|}, "{order}");
                static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("shop.checkout.duration", {|#1:"ms"|});
                static readonly Histogram<double> Duration2 = Meter.CreateHistogram<double>({|#2:"shop.checkout.duration"|});
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricKindOrUnitMismatch).WithLocation(0).WithArguments("shop.checkout.orders", "kind", "counter", "kind 'histogram'"),
            Verify.Diagnostic(Descriptors.MetricKindOrUnitMismatch).WithLocation(1).WithArguments("shop.checkout.duration", "unit", "s", "unit 'ms'"),
            Verify.Diagnostic(Descriptors.MetricKindOrUnitMismatch).WithLocation(2).WithArguments("shop.checkout.duration", "unit", "s", "no unit"));
    }

    [Fact]
    public async Task DeclaredKindAndUnit_DoesNotTrigger()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
                static readonly Counter<long> Orders = Meter.CreateCounter<long>("shop.checkout.orders", "{order}", "Orders placed");
                static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(description: "Checkout time", unit: "s", name: "shop.checkout.duration");
                static readonly ObservableGauge<int> Queue = Meter.CreateObservableGauge("shop.checkout.queue_depth", () => 3, "{item}");
            }
            """;
        await Verify.VerifyAsync(source, Contract);
    }

    [Fact]
    public async Task NonConstantName_Triggers()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
                static string Suffix = "orders";
                static readonly Counter<long> Orders = Meter.CreateCounter<long>({|#0:"shop.checkout." + Suffix|});
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricNameNotConstant).WithLocation(0).WithArguments("The metric name"));
    }

    [Fact]
    public async Task WrapperWithNameParameterAndNameof_DoesNotTrigger()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Instruments
            {
                private readonly Meter _meter = new("shop.checkout");

                public Counter<long> Counter(string name, string unit) => _meter.CreateCounter<long>(name, unit);

                public Counter<long> Orders() => Counter("shop.checkout.orders", "{order}");
            }
            """;
        await Verify.VerifyAsync(source, Contract);
    }

    [Fact]
    public async Task RenamedName_TriggersOnlyRenamed()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
                static readonly Counter<long> Orders = Meter.CreateCounter<long>({|#0:"checkout_orders_total"|}, "{order}");
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricRenamed).WithLocation(0).WithArguments("checkout_orders_total", "shop.checkout.orders"));
    }

    [Fact]
    public async Task PrometheusNames_Trigger()
    {
        const string source = """
            using Prometheus;

            class Checkout
            {
                static readonly Counter Refunds = Metrics.CreateCounter({|#0:"billing_refunds_total"|}, "Refunds");
                static readonly Counter Orders = Metrics.CreateCounter({|#1:"checkout_orders_total"|}, "Orders", "payment_method", "region");
                static readonly Gauge Wrong = Metrics.CreateGauge({|#2:"shop_checkout_orders_total"|}, "Orders");
                static readonly Counter Style = Metrics.CreateCounter({|#3:"shop_checkout_refunds"|}, "Refunds");
                static readonly Summary Undeclared = Metrics.CreateSummary({|#4:"shop_checkout_latency_seconds"|}, "Latency");
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricOutsideNamespaces).WithLocation(0).WithArguments("Metric", "billing_refunds_total", "shop.checkout, shop.payments"),
            Verify.Diagnostic(Descriptors.MetricRenamed).WithLocation(1).WithArguments("checkout_orders_total", "shop_checkout_orders_total"),
            Verify.Diagnostic(Descriptors.MetricKindOrUnitMismatch).WithLocation(2).WithArguments("shop_checkout_orders_total", "kind", "counter", "kind 'prometheus-net Gauge'"),
            Verify.Diagnostic(Descriptors.MetricNamingStyle).WithLocation(3).WithArguments("Metric name", "shop_checkout_refunds", "prometheus", "shop_checkout_refunds_total"),
            Verify.Diagnostic(Descriptors.MetricNotDeclared).WithLocation(4).WithArguments("shop_checkout_latency_seconds"));
    }

    [Fact]
    public async Task PrometheusTranslatedNames_DoesNotTrigger()
    {
        const string source = """
            using Prometheus;

            class Checkout
            {
                static readonly Counter Orders = Metrics.CreateCounter("shop_checkout_orders_total", "Orders", "payment_method", "region");
                static readonly Histogram Duration = Metrics.CreateHistogram("shop_checkout_duration_seconds", "Checkout time",
                    new HistogramConfiguration { LabelNames = new[] { "outcome" } });
                static readonly Gauge Queue = Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()).CreateGauge("shop_checkout_queue_depth", "Queue");
            }
            """;
        await Verify.VerifyAsync(source, Contract);
    }

    [Fact]
    public async Task UserTypesWithSameNames_DoesNotTrigger()
    {
        const string source = """
            class Meter
            {
                public Meter(string name) { }
                public Counter CreateCounter(string name) => new();
            }

            class Counter
            {
                public void Add(int value) { }
            }

            class Checkout
            {
                void Run()
                {
                    var meter = new Meter("billing");
                    meter.CreateCounter("Orders Count").Add(1);
                }
            }
            """;
        await Verify.VerifyAsync(source, Contract);
    }

    [Fact]
    public async Task NoContract_DoesNotTrigger()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("billing");
            }
            """;
        var test = new Verify.Test { TestCode = source };
        test.ExpectedDiagnostics.Clear();
        await test.RunAsync();
    }

    [Fact]
    public async Task HalfTypedCode_DoesNotThrow()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
                void Run()
                {
                    var c = Meter.{|CS1501:CreateCounter<long>|}({|CS1026:|}{|CS1002:|}
                }
            }
            """;
        var test = new Verify.Test { TestCode = source };
        test.TestState.AdditionalFiles.Add(("/0/contract.json", Contract));
        await test.RunAsync();
    }

    [Fact]
    public async Task GaugeKindMismatch_Triggers()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Queue
            {
                private static readonly Meter Meter = new("shop.checkout");
                private static readonly Gauge<int> Depth = Meter.CreateGauge<int>({|#0:"shop.checkout.queue_depth"|}, "{item}");
            }
            """;
        var test = new Verify.Test(SignalContract.Analyzers.Tests.Verifiers.TestReferences.Net100) { TestCode = source };
        test.TestState.AdditionalFiles.Add((SignalContract.Analyzers.Tests.Verifiers.TestContract.Path, Contract));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(Descriptors.MetricKindOrUnitMismatch).WithLocation(0).WithArguments("shop.checkout.queue_depth", "kind", "observablegauge", "kind 'gauge'"));
        await test.RunAsync();
    }

    [Fact]
    public async Task WrapperCallSites_Triggers()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            public sealed class Instruments
            {
                private readonly Meter _meter = new("shop.checkout");

                public Counter<long> Counter(string name, string? unit = null) => _meter.CreateCounter<long>(name, unit);

                public Histogram<double> Seconds(string name) => _meter.CreateHistogram<double>(name, "s");

                public Counter<long> Prefixed(string name) => _meter.CreateCounter<long>({|#3:"shop.checkout." + name|});

                public void Create()
                {
                    Counter({|#0:"checkout_orders_total"|}, "{order}");
                    Counter({|#1:"shop.checkout.orders"|});
                    Seconds({|#2:"shop.checkout.orders"|});
                    Counter("shop.checkout.orders", "{order}");
                    Seconds("shop.checkout.duration");
                    Prefixed("orders");
                }
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricRenamed).WithLocation(0).WithArguments("checkout_orders_total", "shop.checkout.orders"),
            Verify.Diagnostic(Descriptors.MetricKindOrUnitMismatch).WithLocation(1).WithArguments("shop.checkout.orders", "unit", "{order}", "no unit"),
            Verify.Diagnostic(Descriptors.MetricKindOrUnitMismatch).WithLocation(2).WithArguments("shop.checkout.orders", "kind", "counter", "kind 'histogram'"),
            Verify.Diagnostic(Descriptors.MetricNameNotConstant).WithLocation(3).WithArguments("The metric name"));
    }

    [Fact]
    public async Task DashedNamesInsideNamespace_TriggerStyleOnly()
    {
        // OpenTelemetry allows '-' and '/' in instrument names: a dash after the namespace is a boundary, and only the
        // style rule has something to say about it.
        const string contract = """
            { "version": 1, "metrics": { "namespaces": ["acme-catalog"], "nameStyle": "otel" } }
            """;
        const string source = """
            using System.Diagnostics.Metrics;

            class Catalog
            {
                static readonly Meter Meter = new("acme-catalog");
                static readonly Counter<long> Activations = Meter.CreateCounter<long>({|#0:"acme-catalog-activations"|});
                static readonly Counter<long> Imports = Meter.CreateCounter<long>({|#1:"acme-catalog/imports"|});
                static readonly Counter<long> Other = Meter.CreateCounter<long>({|#2:"acme-catalogue-items"|});
            }
            """;
        await Verify.VerifyAsync(source, contract,
            Verify.Diagnostic(Descriptors.MetricNamingStyle).WithLocation(0).WithArguments("Metric name", "acme-catalog-activations", "otel", "acme_catalog_activations"),
            Verify.Diagnostic(Descriptors.MetricNamingStyle).WithLocation(1).WithArguments("Metric name", "acme-catalog/imports", "otel", "acme_catalog_imports"),
            Verify.Diagnostic(Descriptors.MetricOutsideNamespaces).WithLocation(2).WithArguments("Metric", "acme-catalogue-items", "acme-catalog"),
            Verify.Diagnostic(Descriptors.MetricNamingStyle).WithLocation(2).WithArguments("Metric name", "acme-catalogue-items", "otel", "acme_catalogue_items"));
    }
}
