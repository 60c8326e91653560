using System.Threading.Tasks;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Tests.Verifiers;
using SignalContract.CodeFixes.Metrics;
using LabelVerify = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<SignalContract.Analyzers.Metrics.MetricLabelAnalyzer, SignalContract.CodeFixes.Metrics.MetricNameFixer>;
using UnitVerify = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<SignalContract.Analyzers.Metrics.MetricNameAnalyzer, SignalContract.CodeFixes.Metrics.MetricUnitFixer>;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<SignalContract.Analyzers.Metrics.MetricNameAnalyzer, SignalContract.CodeFixes.Metrics.MetricNameFixer>;

namespace SignalContract.Analyzers.Tests.Metrics;

public class MetricNameFixerTests
{
    private const string Contract = MetricsTestContract.Json;

    [Fact]
    public async Task RenamedName_Fixes()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
                static readonly Counter<long> Orders = Meter.CreateCounter<long>(/* legacy */ {|OBS1009:"checkout_orders_total"|}, "{order}");
            }
            """;
        const string fixedSource = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
                static readonly Counter<long> Orders = Meter.CreateCounter<long>(/* legacy */ "shop.checkout.orders", "{order}");
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, Contract, MetricNameFixer.RenameToCurrentKey);
    }

    [Fact]
    public async Task RenamedNamesAcrossSolution_FixAll()
    {
        var test = new Verify.Test { CodeActionEquivalenceKey = MetricNameFixer.RenameToCurrentKey, NumberOfFixAllIterations = 1, NumberOfFixAllInProjectIterations = 1, NumberOfFixAllInDocumentIterations = 2 };
        test.TestState.Sources.Add(("/0/Orders.cs", """
            using System.Diagnostics.Metrics;

            class Orders
            {
                static readonly Meter Meter = new("shop.checkout");
                static readonly Counter<long> A = Meter.CreateCounter<long>({|OBS1009:"checkout_orders_total"|}, "{order}");
                static readonly Counter<int> B = Meter.CreateCounter<int>(unit: "{order}", name: {|OBS1009:"checkout_orders_total"|});
            }
            """));
        test.TestState.Sources.Add(("/0/Legacy.cs", """
            using Prometheus;

            class Legacy
            {
                static readonly Counter C = Metrics.CreateCounter({|OBS1009:"checkout_orders_total"|}, "Orders", "payment_method", "region");
            }
            """));
        test.FixedState.Sources.Add(("/0/Orders.cs", """
            using System.Diagnostics.Metrics;

            class Orders
            {
                static readonly Meter Meter = new("shop.checkout");
                static readonly Counter<long> A = Meter.CreateCounter<long>("shop.checkout.orders", "{order}");
                static readonly Counter<int> B = Meter.CreateCounter<int>(unit: "{order}", name: "shop.checkout.orders");
            }
            """));
        test.FixedState.Sources.Add(("/0/Legacy.cs", """
            using Prometheus;

            class Legacy
            {
                static readonly Counter C = Metrics.CreateCounter("shop_checkout_orders_total", "Orders", "payment_method", "region");
            }
            """));
        TestContract.AddTo(test.TestState, Contract);
        TestContract.AddTo(test.FixedState, Contract);
        await test.RunAsync();
    }

    [Fact]
    public async Task NamingStyle_Fixes()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
                static readonly Counter<long> Refunds = Meter.CreateCounter<long>({|OBS1002:"shop.checkout.RefundCount"|});
                static readonly Counter<long> Voids = Meter.CreateCounter<long>({|OBS1002:"shop.checkout.VoidCount"|});
            }
            """;
        const string fixedSource = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
                static readonly Counter<long> Refunds = Meter.CreateCounter<long>({|OBS1003:"shop.checkout.refund_count"|});
                static readonly Counter<long> Voids = Meter.CreateCounter<long>({|OBS1003:"shop.checkout.void_count"|});
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, Contract, MetricNameFixer.RenameToStyleKey);
    }

    [Fact]
    public async Task LabelKeyStyle_Fixes()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            class Jobs
            {
                private static readonly Meter Meter = new("shop.checkout");
                private static readonly Counter<long> Runs = Meter.CreateCounter<long>("shop.checkout.job_runs");

                void Run() => Runs.Add(1, new KeyValuePair<string, object?>({|OBS1002:"JobKind"|}, "nightly"), new({|OBS1002:"runOutcome"|}, "ok"));
            }
            """;
        const string fixedSource = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            class Jobs
            {
                private static readonly Meter Meter = new("shop.checkout");
                private static readonly Counter<long> Runs = Meter.CreateCounter<long>("shop.checkout.job_runs");

                void Run() => Runs.Add(1, new KeyValuePair<string, object?>("job_kind", "nightly"), new("run_outcome", "ok"));
            }
            """;
        await LabelVerify.VerifyCodeFixAsync(source, fixedSource, MetricsTestContract.Open, MetricNameFixer.RenameToStyleKey);
    }

    [Fact]
    public async Task OutsideNamespaceWithMatchingContractMetric_Fixes()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
                static readonly Counter<long> Orders = Meter.CreateCounter<long>({|OBS1001:"checkout.orders"|}, "{order}");
            }
            """;
        const string fixedSource = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
                static readonly Counter<long> Orders = Meter.CreateCounter<long>("shop.checkout.orders", "{order}");
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, Contract, MetricNameFixer.MoveIntoNamespaceKeyPrefix + "0");
    }

    [Fact]
    public async Task OutsideNamespaces_FixesWithSecondNamespace()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Payments
            {
                static readonly Meter Meter = new({|OBS1001:"Payments"|});
                static readonly Counter<long> Refunds = Meter.CreateCounter<long>({|OBS1001:"refunds"|});
                static readonly Counter<long> Voids = Meter.CreateCounter<long>({|OBS1001:"voids"|});
            }
            """;
        const string fixedSource = """
            using System.Diagnostics.Metrics;

            class Payments
            {
                static readonly Meter Meter = new("shop.payments.Payments");
                static readonly Counter<long> Refunds = Meter.CreateCounter<long>({|OBS1003:"shop.payments.refunds"|});
                static readonly Counter<long> Voids = Meter.CreateCounter<long>({|OBS1003:"shop.payments.voids"|});
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, Contract, MetricNameFixer.MoveIntoNamespaceKeyPrefix + "1");
    }

    [Fact]
    public async Task MeterNameSpelledLikeNamespace_Fixes()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new({|OBS1001:"Shop.Checkout"|});
            }
            """;
        const string fixedSource = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, Contract, MetricNameFixer.MoveIntoNamespaceKeyPrefix + "0");
    }

    [Fact]
    public async Task WrongUnit_Fixes()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
                static readonly Histogram<double> A = Meter.CreateHistogram<double>("shop.checkout.duration", {|OBS1004:"ms"|}, "Checkout time");
                static readonly Histogram<double> B = Meter.CreateHistogram<double>({|OBS1004:"shop.checkout.duration"|});
                static readonly Histogram<double> C = Meter.CreateHistogram<double>({|OBS1004:"shop.checkout.duration"|}, null, "Checkout time");
            }
            """;
        const string fixedSource = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
                static readonly Histogram<double> A = Meter.CreateHistogram<double>("shop.checkout.duration", "s", "Checkout time");
                static readonly Histogram<double> B = Meter.CreateHistogram<double>("shop.checkout.duration", unit: "s");
                static readonly Histogram<double> C = Meter.CreateHistogram<double>("shop.checkout.duration", "s", "Checkout time");
            }
            """;
        await UnitVerify.VerifyCodeFixAsync(source, fixedSource, Contract, MetricUnitFixer.UseContractUnitKey);
    }

    [Fact]
    public async Task KindMismatch_HasNoFix()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
                static readonly Histogram<long> Orders = Meter.CreateHistogram<long>({|OBS1004:"shop.checkout.orders"|}, "{order}");
            }
            """;
        await UnitVerify.VerifyCodeFixAsync(source, source, Contract);
    }

    [Fact]
    public async Task RenamedNameInConstant_FixAll()
    {
        var test = new Verify.Test { CodeActionEquivalenceKey = MetricNameFixer.RenameToCurrentKey, NumberOfFixAllIterations = 1, NumberOfFixAllInProjectIterations = 1 };
        test.TestState.Sources.Add(("/0/MetricNames.cs", """
            public static class MetricNames
            {
                public const string Orders = "checkout_orders_total";
            }
            """));
        test.TestState.Sources.Add(("/0/Checkout.cs", """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
                static readonly Counter<long> A = Meter.CreateCounter<long>({|OBS1009:MetricNames.Orders|}, "{order}");
                static readonly Counter<int> B = Meter.CreateCounter<int>({|OBS1009:MetricNames.Orders|}, "{order}");
            }
            """));
        test.FixedState.Sources.Add(("/0/MetricNames.cs", """
            public static class MetricNames
            {
                public const string Orders = "shop.checkout.orders";
            }
            """));
        test.FixedState.Sources.Add(("/0/Checkout.cs", """
            using System.Diagnostics.Metrics;

            class Checkout
            {
                static readonly Meter Meter = new("shop.checkout");
                static readonly Counter<long> A = Meter.CreateCounter<long>(MetricNames.Orders, "{order}");
                static readonly Counter<int> B = Meter.CreateCounter<int>(MetricNames.Orders, "{order}");
            }
            """));
        TestContract.AddTo(test.TestState, Contract);
        TestContract.AddTo(test.FixedState, Contract);
        await test.RunAsync();
    }

    [Fact]
    public async Task WrapperCallSiteUnit_Fixes()
    {
        const string source = """
            using System.Diagnostics.Metrics;

            public sealed class Instruments
            {
                private readonly Meter _meter = new("shop.checkout");

                public Counter<long> Counter(string name, string? unit = null) => _meter.CreateCounter<long>(name, unit);

                public Counter<long> Orders() => Counter({|OBS1004:"shop.checkout.orders"|});
            }
            """;
        const string fixedSource = """
            using System.Diagnostics.Metrics;

            public sealed class Instruments
            {
                private readonly Meter _meter = new("shop.checkout");

                public Counter<long> Counter(string name, string? unit = null) => _meter.CreateCounter<long>(name, unit);

                public Counter<long> Orders() => Counter("shop.checkout.orders", unit: "{order}");
            }
            """;
        await UnitVerify.VerifyCodeFixAsync(source, fixedSource, Contract, MetricUnitFixer.UseContractUnitKey);
    }
}
