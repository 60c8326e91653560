using System.Threading.Tasks;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Tests.Verifiers;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Metrics.MetricLabelAnalyzer>;

namespace SignalContract.Analyzers.Tests.Metrics;

public class MetricLabelAnalyzerTests
{
    private const string Contract = MetricsTestContract.Json;

    private const string Instruments = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;

        partial class Checkout
        {
            private static readonly Meter Meter = new("shop.checkout");
            private readonly Counter<long> _orders;
            private Histogram<double> Duration { get; } = Meter.CreateHistogram<double>("shop.checkout.duration", "s");

            public Checkout() => _orders = Meter.CreateCounter<long>("shop.checkout.orders", "{order}");
        }

        """;

    [Fact]
    public async Task KeyValuePairArguments_DoesNotTrigger()
    {
        const string source = Instruments + """
            partial class Checkout
            {
                void Place(string paymentMethod, string region, bool ok)
                {
                    _orders.Add(1, new KeyValuePair<string, object?>("payment_method", paymentMethod), new("region", region));
                    _orders.Add(1, KeyValuePair.Create("region", (object?)region), KeyValuePair.Create("payment_method", (object?)paymentMethod));
                    Duration.Record(0.2, new KeyValuePair<string, object?>("outcome", ok ? "ok" : "error"));
                }
            }
            """;
        await Verify.VerifyAsync(source, Contract);
    }

    [Fact]
    public async Task MissingLabel_Triggers()
    {
        const string source = Instruments + """
            partial class Checkout
            {
                void Place(string paymentMethod)
                {
                    {|#0:_orders.Add(1, new KeyValuePair<string, object?>("payment_method", paymentMethod))|};
                    {|#1:Duration.Record(0.2)|};
                }
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(0).WithArguments("shop.checkout.orders", "the contract's labels [payment_method, region]", "'region' is missing"),
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(1).WithArguments("shop.checkout.duration", "the contract's labels [outcome]", "'outcome' is missing"));
    }

    [Fact]
    public async Task ExtraLabelInArrayAndCollectionExpression_Triggers()
    {
        const string source = Instruments + """
            partial class Checkout
            {
                void Place(string paymentMethod, string region)
                {
                    _orders.Add(1, new KeyValuePair<string, object?>[] { new("payment_method", paymentMethod), new("region", region), new({|#0:"coupon"|}, "none") });
                    _orders.Add(1, [new("payment_method", paymentMethod), new("region", region), new({|#1:"channel"|}, "web")]);
                }
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(0).WithArguments("shop.checkout.orders", "the contract's labels [payment_method, region]", "'coupon' is not declared"),
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(1).WithArguments("shop.checkout.orders", "the contract's labels [payment_method, region]", "'channel' is not declared"));
    }

    [Fact]
    public async Task TagListInitializerAndAdd_Triggers()
    {
        const string source = Instruments + """
            partial class Checkout
            {
                void Place(string paymentMethod, string region)
                {
                    var tags = new TagList { { "payment_method", paymentMethod } };
                    tags.Add({|#0:"coupon"|}, "none");
                    {|#1:_orders.Add(1, tags)|};
                }
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(0).WithArguments("shop.checkout.orders", "the contract's labels [payment_method, region]", "'coupon' is not declared"),
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(1).WithArguments("shop.checkout.orders", "the contract's labels [payment_method, region]", "'region' is missing"));
    }

    [Fact]
    public async Task TagListBuiltInMethod_DoesNotTrigger()
    {
        const string source = Instruments + """
            partial class Checkout
            {
                void Place(string paymentMethod, string region)
                {
                    TagList tags = default;
                    tags.Add("payment_method", paymentMethod);
                    tags.Add(new KeyValuePair<string, object?>("region", region));
                    _orders.Add(1, tags);
                    _orders.Add(1, new TagList { { "payment_method", paymentMethod }, { "region", region } });
                }

                void Enriched(string paymentMethod)
                {
                    var tags = new TagList { { "payment_method", paymentMethod } };
                    Enrich(ref tags);
                    _orders.Add(1, tags);
                }

                static void Enrich(ref TagList tags) => tags.Add("region", "eu");
            }
            """;
        await Verify.VerifyAsync(source, Contract);
    }

    [Fact]
    public async Task ForbiddenLabel_Triggers()
    {
        const string source = Instruments + """
            partial class Checkout
            {
                void Place(string paymentMethod, string region, string userId)
                {
                    _orders.Add(1, new("payment_method", paymentMethod), new("region", region), new({|#0:"user_id"|}, userId));
                    Duration.Record(1, new KeyValuePair<string, object?>("outcome", "ok"), new({|#1:"RequestId"|}, "x"));
                }
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(0).WithArguments("user_id", "shop.checkout.orders", "is the forbidden label 'user_id'"),
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(1).WithArguments("RequestId", "shop.checkout.duration", "is the forbidden label 'request_id'"));
    }

    [Fact]
    public async Task HighCardinalityValues_Triggers()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            class Jobs
            {
                private static readonly Meter Meter = new("shop.checkout");
                private static readonly Counter<long> Runs = Meter.CreateCounter<long>("shop.checkout.job_runs");

                void Run(Guid jobId, DateTime started, int attempt)
                {
                    Runs.Add(1, new KeyValuePair<string, object?>[]
                    {
                        new({|#0:"job"|}, jobId),
                        new({|#1:"started"|}, started),
                        new({|#2:"attempt"|}, $"attempt-{attempt}"),
                        new({|#3:"at"|}, DateTimeOffset.UtcNow.ToString()),
                    });
                }
            }
            """;
        await Verify.VerifyAsync(source, MetricsTestContract.Open,
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(0).WithArguments("job", "shop.checkout.job_runs", "has a Guid value, unique per measurement"),
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(1).WithArguments("started", "shop.checkout.job_runs", "has a DateTime value, unique per measurement"),
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(2).WithArguments("attempt", "shop.checkout.job_runs", "has an interpolated string value built from run-time values"),
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(3).WithArguments("at", "shop.checkout.job_runs", "has a formatted DateTimeOffset value, unique per measurement"));
    }

    [Fact]
    public async Task BoundedValues_DoesNotTrigger()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            class Jobs
            {
                private const string Kind = "nightly";
                private static readonly Meter Meter = new("shop.checkout");
                private static readonly Counter<long> Runs = Meter.CreateCounter<long>("shop.checkout.job_runs");

                void Run(bool ok, DayOfWeek day)
                {
                    Runs.Add(1, new KeyValuePair<string, object?>("outcome", ok ? "ok" : "error"));
                    Runs.Add(1, new KeyValuePair<string, object?>("outcome", $"{Kind}-run"));
                    Runs.Add(1, new KeyValuePair<string, object?>("outcome", day.ToString()));
                }
            }
            """;
        await Verify.VerifyAsync(source, MetricsTestContract.Open);
    }

    [Fact]
    public async Task LabelKeyStyleAndNonConstantKey_Triggers()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            class Jobs
            {
                private static readonly Meter Meter = new("shop.checkout");
                private static readonly Counter<long> Runs = Meter.CreateCounter<long>("shop.checkout.job_runs");
                private static string Key = "outcome";

                void Run()
                {
                    Runs.Add(1, new KeyValuePair<string, object?>({|#0:"JobKind"|}, "nightly"));
                    Runs.Add(1, new KeyValuePair<string, object?>({|#1:Key.ToLowerInvariant()|}, "ok"));
                }

                void Wrapper(string key, object? value) => Runs.Add(1, new KeyValuePair<string, object?>(key, value));
            }
            """;
        await Verify.VerifyAsync(source, MetricsTestContract.Open,
            Verify.Diagnostic(Descriptors.MetricNamingStyle).WithLocation(0).WithArguments("Label key", "JobKind", "snake_case", "job_kind"),
            Verify.Diagnostic(Descriptors.MetricNameNotConstant).WithLocation(1).WithArguments("The label key on metric 'shop.checkout.job_runs'"));
    }

    [Fact]
    public async Task UnstableLabelSetAcrossTypes_Triggers()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            static class JobMetrics
            {
                private static readonly Meter Meter = new("shop.checkout");
                public static readonly Counter<long> Runs = Meter.CreateCounter<long>("shop.checkout.job_runs");
            }

            class Nightly
            {
                void Run()
                {
                    JobMetrics.Runs.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
                    JobMetrics.Runs.Add(1, new KeyValuePair<string, object?>("outcome", "error"));
                }
            }

            class Hourly
            {
                void Run() => {|#0:JobMetrics.Runs.Add(1, new KeyValuePair<string, object?>("job_kind", "hourly"))|};
            }
            """;
        await Verify.VerifyAsync(source, MetricsTestContract.Open,
            Verify.Diagnostic(Descriptors.MetricLabelSetUnstable).WithLocation(0).WithArguments("shop.checkout.job_runs", "[job_kind]", "[outcome]"));
    }

    [Fact]
    public async Task UnstableLabelSetInOneType_Triggers()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics;
            using System.Diagnostics.Metrics;

            class Jobs
            {
                private readonly Counter<long> _runs;

                public Jobs(IMeterFactory factory) => _runs = factory.Create("shop.checkout").CreateCounter<long>("shop.checkout.job_runs");

                void A() => _runs.Add(1, new KeyValuePair<string, object?>("outcome", "ok"), new("job_kind", "a"));
                void B() => _runs.Add(1, new TagList { { "job_kind", "b" }, { "outcome", "ok" } });
                void C() => {|#0:_runs.Add(1)|};
            }
            """;
        await Verify.VerifyAsync(source, MetricsTestContract.Open,
            Verify.Diagnostic(Descriptors.MetricLabelSetUnstable).WithLocation(0).WithArguments("shop.checkout.job_runs", "no labels", "[job_kind, outcome]"));
    }

    [Fact]
    public async Task StableOrDeclaredLabelSets_DoesNotTrigger()
    {
        const string source = Instruments + """
            partial class Checkout
            {
                private readonly Counter<long> _jobs = Meter.CreateCounter<long>("shop.checkout.jobs");

                void A() => _jobs.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
                void B() => _jobs.Add(1, new KeyValuePair<string, object?>("outcome", "error"));
                void C(object? unknown) => _jobs.Add(1, new KeyValuePair<string, object?>("outcome", unknown));
            }
            """;
        await Verify.VerifyAsync(source, MetricsTestContract.Open);
    }

    [Fact]
    public async Task ObservableCallbackMeasurements_Triggers()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            class Queue
            {
                private static readonly Meter Meter = new("shop.checkout");
                private readonly ObservableGauge<int> _depth;
                private int _count;

                public Queue() => _depth = Meter.CreateObservableGauge("shop.checkout.queue_depth", () => new Measurement<int>(_count, new KeyValuePair<string, object?>({|#0:"user_id"|}, "u1")), "{item}");
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(0).WithArguments("user_id", "shop.checkout.queue_depth", "is the forbidden label 'user_id'"));
    }

    [Fact]
    public async Task PrometheusLabels_Triggers()
    {
        const string source = """
            using System;
            using Prometheus;

            class Checkout
            {
                private static readonly Counter Orders = Metrics.CreateCounter({|#0:"shop_checkout_orders_total"|}, "Orders", "payment_method");
                private static readonly Counter Jobs = Metrics.CreateCounter("shop_checkout_jobs_total", "Jobs", "outcome", {|#1:"user_id"|});

                void Run(Guid id)
                {
                    {|#2:Jobs.WithLabels("ok")|}.Inc();
                    Jobs.WithLabels("ok", {|#3:id.ToString()|}).Inc();
                }
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(0).WithArguments("shop_checkout_orders_total", "the contract's labels [payment_method, region]", "'region' is missing"),
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(1).WithArguments("user_id", "shop_checkout_jobs_total", "is the forbidden label 'user_id'"),
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(2).WithArguments("shop_checkout_jobs_total", "its label names [outcome, user_id]", "WithLabels gives 1 value for 2 label names"),
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(3).WithArguments("user_id", "shop_checkout_jobs_total", "has a formatted Guid value, unique per measurement"));
    }

    [Fact]
    public async Task PrometheusLabels_DoesNotTrigger()
    {
        const string source = """
            using Prometheus;

            class Checkout
            {
                private static readonly Counter Orders = Metrics.CreateCounter("shop_checkout_orders_total", "Orders",
                    new CounterConfiguration { LabelNames = new[] { "payment_method", "region" } });

                void Place(string method, string region)
                {
                    Orders.WithLabels(method, region).Inc();
                    Metrics.CreateGauge("shop_checkout_queue_depth", "Queue").Set(3);
                }
            }
            """;
        await Verify.VerifyAsync(source, Contract);
    }

    [Fact]
    public async Task NonMetricAddCalls_DoesNotTrigger()
    {
        const string source = """
            using System.Collections.Generic;

            class Counter<T>
            {
                public void Add(T value, KeyValuePair<string, object?> tag) { }
            }

            class Checkout
            {
                void Run(string userId)
                {
                    var list = new List<KeyValuePair<string, object?>>();
                    list.Add(new("user_id", userId));
                    new Counter<int>().Add(1, new("user_id", userId));
                }
            }
            """;
        await Verify.VerifyAsync(source, Contract);
    }

    [Fact]
    public async Task HalfTypedRecordSite_DoesNotThrow()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            class Checkout
            {
                private static readonly Meter Meter = new("shop.checkout");
                private static readonly Counter<long> Orders = Meter.CreateCounter<long>("shop.checkout.orders", "{order}");

                void Run() => Orders.Add(1, new {|#1:KeyValuePair<string, object?>|}("region"{|#0:;|}
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerError("CS7036").WithLocation(1),
            Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerError("CS1026").WithLocation(0),
            Microsoft.CodeAnalysis.Testing.DiagnosticResult.CompilerError("CS1026").WithLocation(0));
    }

    [Fact]
    public async Task TopLevelStatements_Triggers()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            var meter = new Meter("shop.checkout");
            var orders = meter.CreateCounter<long>("shop.checkout.orders", "{order}");
            orders.Add(1, new KeyValuePair<string, object?>("payment_method", "card"), new("region", "eu"), new({|#0:"user_id"|}, args[0]));
            """;
        var test = new Verify.Test { TestCode = source };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        TestContract.AddTo(test.TestState, Contract);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(0).WithArguments("user_id", "shop.checkout.orders", "is the forbidden label 'user_id'"));
        await test.RunAsync();
    }

    [Fact]
    public async Task TagListKeysFromLoop_Triggers()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics;
            using System.Diagnostics.Metrics;

            class Jobs
            {
                private static readonly Meter Meter = new("shop.checkout");
                private static readonly Counter<long> Runs = Meter.CreateCounter<long>("shop.checkout.job_runs");

                void Run(Dictionary<string, string> dimensions)
                {
                    var tags = new TagList();
                    foreach (var pair in dimensions)
                    {
                        tags.Add({|#0:pair.Key|}, pair.Value);
                    }

                    Runs.Add(1, tags);
                }
            }
            """;
        await Verify.VerifyAsync(source, MetricsTestContract.Open,
            Verify.Diagnostic(Descriptors.MetricNameNotConstant).WithLocation(0).WithArguments("The label key on metric 'shop.checkout.job_runs'"));
    }

    [Fact]
    public async Task InstrumentFromAnotherTypeWithUnknownLabels_DoesNotTrigger()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics;
            using System.Diagnostics.Metrics;

            static class JobMetrics
            {
                private static readonly Meter Meter = new("shop.checkout");
                public static readonly Counter<long> Runs = Meter.CreateCounter<long>("shop.checkout.job_runs");
            }

            class Nightly
            {
                void Run(TagList tags, KeyValuePair<string, object?>[] more)
                {
                    JobMetrics.Runs.Add(1, tags);
                    JobMetrics.Runs.Add(1, more);
                    JobMetrics.Runs.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
                }
            }
            """;
        await Verify.VerifyAsync(source, MetricsTestContract.Open);
    }

    [Fact]
    public async Task NestedTypes_TriggerOnce()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            class Outer
            {
                private static readonly Meter Meter = new("shop.checkout");
                private static readonly Counter<long> Orders = Meter.CreateCounter<long>("shop.checkout.orders", "{order}");

                class Inner
                {
                    private static readonly Counter<long> Runs = Meter.CreateCounter<long>("shop.checkout.runs");

                    void Run(string userId)
                    {
                        Runs.Add(1, new KeyValuePair<string, object?>({|#0:"user_id"|}, userId));
                        Orders.Add(1, new("payment_method", "card"), new("region", "eu"), new({|#1:"user_id"|}, userId));
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(0).WithArguments("user_id", "shop.checkout.runs", "is the forbidden label 'user_id'"),
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(1).WithArguments("user_id", "shop.checkout.orders", "is the forbidden label 'user_id'"));
    }

    [Fact]
    public async Task InstrumentOfAnotherTypeInSameFile_Triggers()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            public sealed class CheckoutInstruments
            {
                public CheckoutInstruments(IMeterFactory factory)
                {
                    var meter = factory.Create("shop.checkout");
                    Orders = meter.CreateCounter<long>("shop.checkout.orders", "{order}");
                }

                public Counter<long> Orders { get; }
            }

            public sealed class CheckoutService(CheckoutInstruments instruments)
            {
                public void Place(string paymentMethod) =>
                    {|#0:instruments.Orders.Add(1, new KeyValuePair<string, object?>("payment_method", paymentMethod))|};
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(0).WithArguments("shop.checkout.orders", "the contract's labels [payment_method, region]", "'region' is missing"));
    }

    [Fact]
    public async Task ObservableCallbackLabelSet_Triggers()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            class Orders
            {
                private static readonly Meter Meter = new("shop.checkout");
                private static long _count;

                private static readonly ObservableCounter<long> Placed = Meter.CreateObservableCounter(
                    "shop.checkout.orders",
                    () => new[]
                    {
                        {|#0:new Measurement<long>(_count, new KeyValuePair<string, object?>("payment_method", "card"))|},
                        new Measurement<long>(_count, new KeyValuePair<string, object?>("payment_method", "card"), new("region", "eu")),
                    },
                    "{order}");
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(0).WithArguments("shop.checkout.orders", "the contract's labels [payment_method, region]", "'region' is missing"));
    }

    [Fact]
    public async Task PrometheusLabelNameStyleAndNonConstant_Triggers()
    {
        const string source = """
            using Prometheus;

            class Jobs
            {
                private static string Dimension = "kind";
                private static readonly Counter Runs = Metrics.CreateCounter("shop_checkout_job_runs_total", "Runs", {|#0:"JobKind"|}, {|#1:Dimension|});
            }
            """;
        await Verify.VerifyAsync(source, MetricsTestContract.Open,
            Verify.Diagnostic(Descriptors.MetricNamingStyle).WithLocation(0).WithArguments("Label key", "JobKind", "snake_case", "job_kind"),
            Verify.Diagnostic(Descriptors.MetricNameNotConstant).WithLocation(1).WithArguments("The label key on metric 'shop_checkout_job_runs_total'"));
    }

    [Fact]
    public async Task GaugeRecordSite_Triggers()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            class Queue
            {
                private static readonly Meter Meter = new("shop.checkout");
                private static readonly Gauge<int> Depth = Meter.CreateGauge<int>("shop.checkout.queue_size", "{item}");

                void Report(int depth, string userId) => Depth.Record(depth, new KeyValuePair<string, object?>({|#0:"user_id"|}, userId));
            }
            """;
        var test = new Verify.Test(TestReferences.Net100) { TestCode = source };
        TestContract.AddTo(test.TestState, Contract);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(0).WithArguments("user_id", "shop.checkout.queue_size", "is the forbidden label 'user_id'"));
        await test.RunAsync();
    }

    [Fact]
    public async Task DeclaredInstrumentWithDifferingSites_DoesNotTriggerUnstable()
    {
        const string source = Instruments + """
            partial class Checkout
            {
                void A(string paymentMethod, string region) =>
                    _orders.Add(1, new KeyValuePair<string, object?>("payment_method", paymentMethod), new("region", region));

                void B(string paymentMethod) =>
                    {|#0:_orders.Add(1, new KeyValuePair<string, object?>("payment_method", paymentMethod))|};

                void C(string paymentMethod) =>
                    {|#1:_orders.Add(1, new KeyValuePair<string, object?>("payment_method", paymentMethod))|};
            }
            """;

        // Declared instruments are compared with the contract (OBS1005), never with each other (OBS1006).
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(0).WithArguments("shop.checkout.orders", "the contract's labels [payment_method, region]", "'region' is missing"),
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(1).WithArguments("shop.checkout.orders", "the contract's labels [payment_method, region]", "'region' is missing"));
    }

    [Fact]
    public async Task DeclaredInstrumentFromAnotherFile_Triggers()
    {
        // The sample service's shape: instruments in one telemetry class, record sites in the services.
        var test = new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("/0/CheckoutTelemetry.cs", """
                        using System.Diagnostics.Metrics;

                        static class CheckoutTelemetry
                        {
                            private static readonly Meter Meter = new("shop.checkout");
                            public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("shop.checkout.duration", "s");
                        }
                        """),
                    ("/0/OrderService.cs", """
                        using System.Collections.Generic;

                        class OrderService
                        {
                            void Ok() => CheckoutTelemetry.Duration.Record(0.1, new KeyValuePair<string, object?>("outcome", "ok"));

                            void Failed(string region) => CheckoutTelemetry.Duration.Record(
                                0.1, new KeyValuePair<string, object?>("outcome", "error"), new KeyValuePair<string, object?>({|#0:"region"|}, region));
                        }
                        """),
                },
            },
        };
        TestContract.AddTo(test.TestState, Contract);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(0)
            .WithArguments("shop.checkout.duration", "the contract's labels [outcome]", "'region' is not declared"));
        await test.RunAsync();
    }

    [Fact]
    public async Task DeclaredInstrumentFromAnotherFileWithContractLabels_DoesNotTrigger()
    {
        // Declared instruments never take part in the comparison between record sites (OBS1006).
        var test = new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("/0/CheckoutTelemetry.cs", """
                        using System.Diagnostics.Metrics;

                        static class CheckoutTelemetry
                        {
                            private static readonly Meter Meter = new("shop.checkout");
                            public static readonly Counter<long> Orders = Meter.CreateCounter<long>("shop.checkout.orders", "{order}");
                        }
                        """),
                    ("/0/OrderService.cs", """
                        using System.Collections.Generic;
                        using System.Diagnostics;

                        class OrderService
                        {
                            void A(string method, string region) => CheckoutTelemetry.Orders.Add(1, new KeyValuePair<string, object?>("payment_method", method), new("region", region));

                            void B(string method, string region) => CheckoutTelemetry.Orders.Add(1, new TagList { { "region", region }, { "payment_method", method } });
                        }
                        """),
                },
            },
        };
        TestContract.AddTo(test.TestState, Contract);
        await test.RunAsync();
    }

    [Fact]
    public async Task ObservableCallbackMeasurementPerItem_Triggers()
    {
        // One measurement per item: the Measurement is built inside Select, itself inside the callback.
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;
            using System.Linq;

            sealed record WorkQueue(string Name, string Owner, long Depth);

            sealed class QueueMetrics
            {
                private static readonly Meter Meter = new("shop.checkout");
                private readonly List<WorkQueue> _queues = new();

                public QueueMetrics() =>
                    Meter.CreateObservableGauge(
                        "shop.checkout.queue_depth",
                        () => _queues.Select(q => new Measurement<long>(q.Depth, new KeyValuePair<string, object?>("queue", q.Name), new KeyValuePair<string, object?>({|#0:"owner"|}, q.Owner))),
                        "{item}");
            }
            """;
        await Verify.VerifyAsync(source, MetricsTestContract.Observable,
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(0).WithArguments("shop.checkout.queue_depth", "the contract's labels [queue]", "'owner' is not declared"));
    }

    [Fact]
    public async Task ObservableCallbackMeasurementsFromLoop_Triggers()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            sealed class QueueMetrics
            {
                private static readonly Meter Meter = new("shop.checkout");
                private readonly Dictionary<string, long> _depths = new();

                public QueueMetrics() => Meter.CreateObservableGauge("shop.checkout.queue_depth", Observe, "{item}");

                private IEnumerable<Measurement<long>> Observe() => new List<Measurement<long>>();

                public ObservableGauge<long> Inline() => Meter.CreateObservableGauge("shop.checkout.queue_depth", () =>
                {
                    var measurements = new List<Measurement<long>>();
                    foreach (var (queue, depth) in _depths)
                    {
                        measurements.Add({|#0:new Measurement<long>(depth)|});
                    }

                    return measurements;
                }, "{item}");
            }
            """;
        await Verify.VerifyAsync(source, MetricsTestContract.Observable,
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(0).WithArguments("shop.checkout.queue_depth", "the contract's labels [queue]", "'queue' is missing"));
    }

    [Fact]
    public async Task InstrumentCreatedThroughHelper_Triggers()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            sealed class CheckoutMetrics
            {
                private static readonly Meter Meter = new("shop.checkout");
                private readonly Counter<long> _orders;
                private static readonly Histogram<double> Duration = NewHistogram("shop.checkout.duration", "s");

                public CheckoutMetrics() => _orders = NewCounter("shop.checkout.orders", "{order}");

                private static Counter<long> NewCounter(string name, string unit) => Meter.CreateCounter<long>(name, unit);

                private static Histogram<double> NewHistogram(string name, string unit) => Meter.CreateHistogram<double>(name, unit);

                public void Placed(string paymentMethod) =>
                    {|#0:_orders.Add(1, new KeyValuePair<string, object?>("payment_method", paymentMethod))|};

                public void Finished(double seconds, string region) =>
                    Duration.Record(seconds, new KeyValuePair<string, object?>("outcome", "ok"), new KeyValuePair<string, object?>({|#1:"region"|}, region));
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(0).WithArguments("shop.checkout.orders", "the contract's labels [payment_method, region]", "'region' is missing"),
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(1).WithArguments("shop.checkout.duration", "the contract's labels [outcome]", "'region' is not declared"));
    }

    [Fact]
    public async Task InstrumentCreatedThroughHelperInAnotherFile_Triggers()
    {
        var test = new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("/0/CheckoutTelemetry.cs", """
                        using System.Diagnostics.Metrics;

                        static class CheckoutTelemetry
                        {
                            private static readonly Meter Meter = new("shop.checkout");
                            public static readonly Counter<long> Orders = Counter("shop.checkout.orders", "{order}");

                            private static Counter<long> Counter(string name, string unit) => Meter.CreateCounter<long>(name, unit);
                        }
                        """),
                    ("/0/OrderService.cs", """
                        using System.Collections.Generic;

                        class OrderService
                        {
                            void Placed(string paymentMethod, string region, string coupon) => CheckoutTelemetry.Orders.Add(
                                1, new KeyValuePair<string, object?>("payment_method", paymentMethod), new("region", region), new({|#0:"coupon"|}, coupon));
                        }
                        """),
                },
            },
        };
        TestContract.AddTo(test.TestState, Contract);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(0)
            .WithArguments("shop.checkout.orders", "the contract's labels [payment_method, region]", "'coupon' is not declared"));
        await test.RunAsync();
    }

    [Fact]
    public async Task NullableUniqueValues_Triggers()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using System.Diagnostics.Metrics;

            class Jobs
            {
                private static readonly Meter Meter = new("shop.checkout");
                private static readonly Counter<long> Runs = Meter.CreateCounter<long>("shop.checkout.job_runs");
                private static readonly Counter<long> Retries = Meter.CreateCounter<long>("shop.checkout.job_retries");

                void Run(Guid? jobId, DateTime? started, DateTimeOffset? due, int? attempt)
                {
                    Runs.Add(1, new KeyValuePair<string, object?>({|#0:"job"|}, jobId), new({|#1:"started"|}, started), new({|#2:"due"|}, due));
                    Retries.Add(1, new TagList { { {|#3:"job"|}, jobId?.ToString() }, { "attempt", attempt } });
                }
            }
            """;
        await Verify.VerifyAsync(source, MetricsTestContract.Open,
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(0).WithArguments("job", "shop.checkout.job_runs", "has a Guid value, unique per measurement"),
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(1).WithArguments("started", "shop.checkout.job_runs", "has a DateTime value, unique per measurement"),
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(2).WithArguments("due", "shop.checkout.job_runs", "has a DateTimeOffset value, unique per measurement"),
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(3).WithArguments("job", "shop.checkout.job_retries", "has a formatted Guid value, unique per measurement"));
    }

    [Fact]
    public async Task ConcatenatedValue_Triggers()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            class Jobs
            {
                private const string Prefix = "job-";
                private static readonly Meter Meter = new("shop.checkout");
                private static readonly Counter<long> Runs = Meter.CreateCounter<long>("shop.checkout.job_runs");

                void Run(int attempt, string kind)
                {
                    Runs.Add(1, new KeyValuePair<string, object?>({|#0:"attempt"|}, "attempt-" + attempt));
                    Runs.Add(1, new KeyValuePair<string, object?>({|#1:"attempt"|}, Prefix + kind + "-" + attempt));
                    Runs.Add(1, new KeyValuePair<string, object?>("attempt", Prefix + "nightly"));
                }
            }
            """;
        await Verify.VerifyAsync(source, MetricsTestContract.Open,
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(0).WithArguments("attempt", "shop.checkout.job_runs", "has a concatenated string value built from run-time values"),
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(1).WithArguments("attempt", "shop.checkout.job_runs", "has a concatenated string value built from run-time values"));
    }

    [Fact]
    public async Task SameInstrumentNameOnDifferentMeters_DoesNotTrigger()
    {
        // The shape of a test suite: each test makes its own meter and its own "counter".
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            public class CounterTests
            {
                public void RecordsOutcome()
                {
                    using var meter = new Meter(Guid.NewGuid().ToString());
                    var counter = meter.CreateCounter<long>("counter");
                    counter.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
                }

                public void RecordsRegion()
                {
                    using var meter = new Meter(Guid.NewGuid().ToString());
                    var counter = meter.CreateCounter<long>("counter");
                    counter.Add(1, new KeyValuePair<string, object?>("region", "eu"));
                }

                public void RecordsNothing(IMeterFactory factory)
                {
                    var counter = factory.Create(nameof(RecordsNothing)).CreateCounter<long>("counter");
                    counter.Add(1);
                }
            }

            public class HistogramTests
            {
                private readonly Meter _meter = new(nameof(HistogramTests));

                public void RecordsKind() => _meter.CreateCounter<long>("counter").Add(1, new KeyValuePair<string, object?>("kind", "a"));
            }
            """;
        await Verify.VerifyAsync(source, MetricsTestContract.Open);
    }

    [Fact]
    public async Task SameInstrumentOnOneMeterInTwoFiles_Triggers()
    {
        // One meter name and one instrument name are one instrument to OpenTelemetry, wherever they are created.
        var test = new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("/0/Nightly.cs", """
                        using System.Collections.Generic;
                        using System.Diagnostics.Metrics;

                        class Nightly
                        {
                            private static readonly Meter Meter = new("shop.checkout");
                            private static readonly Counter<long> Runs = Meter.CreateCounter<long>("shop.checkout.job_runs");

                            void Ok() => Runs.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
                            void Failed() => Runs.Add(1, new KeyValuePair<string, object?>("outcome", "error"));
                        }
                        """),
                    ("/0/Hourly.cs", """
                        using System.Collections.Generic;
                        using System.Diagnostics.Metrics;

                        class Hourly
                        {
                            private readonly Counter<long> _runs;

                            public Hourly(IMeterFactory factory)
                            {
                                var meter = factory.Create("shop.checkout");
                                _runs = meter.CreateCounter<long>("shop.checkout.job_runs");
                            }

                            void Run() => {|#0:_runs.Add(1, new KeyValuePair<string, object?>("job_kind", "hourly"))|};
                        }
                        """),
                },
            },
        };
        TestContract.AddTo(test.TestState, MetricsTestContract.Open);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(Descriptors.MetricLabelSetUnstable).WithLocation(0).WithArguments("shop.checkout.job_runs", "[job_kind]", "[outcome]"));
        await test.RunAsync();
    }

    /// <summary>Requests and faults of one operation, each declared with its own labels.</summary>
    private const string FaultsContract = """
        {
          "version": 1,
          "metrics": {
            "namespaces": ["shop.checkout"],
            "instruments": [
              { "name": "shop.checkout.requests", "kind": "counter", "unit": "{request}", "labels": ["operation"] },
              { "name": "shop.checkout.faults", "kind": "counter", "unit": "{fault}", "labels": ["operation", "exception_type"] }
            ]
          }
        }
        """;

    private const string Tracker = """
        using System;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;

        sealed partial class Tracker
        {
            private static readonly Meter Meter = new("shop.checkout");
            private static readonly Counter<long> Requests = Meter.CreateCounter<long>("shop.checkout.requests", "{request}");
            private static readonly Counter<long> Faults = Meter.CreateCounter<long>("shop.checkout.faults", "{fault}");
        }

        """;

    [Fact]
    public async Task TagListChangedInLaterLambda_DoesNotTrigger()
    {
        const string source = Tracker + """
            sealed partial class Tracker
            {
                public Action<Exception> Start(string operation)
                {
                    var tags = new TagList { { "operation", operation } };
                    Requests.Add(1, tags);
                    return ex =>
                    {
                        tags.Add("exception_type", ex.GetType().Name);
                        Faults.Add(1, tags);
                    };
                }
            }
            """;
        await Verify.VerifyAsync(source, FaultsContract);
    }

    [Fact]
    public async Task TagListKeyInLaterLambda_TriggersForItsOwnInstrument()
    {
        const string source = Tracker + """
            sealed partial class Tracker
            {
                public Action<Exception> Start(string operation, Func<Exception, string> describe)
                {
                    var tags = new TagList { { "operation", operation } };
                    Requests.Add(1, tags);
                    return ex =>
                    {
                        tags.Add({|#0:describe(ex)|}, ex.GetType().Name);
                        Faults.Add(1, tags);
                    };
                }
            }
            """;
        await Verify.VerifyAsync(source, FaultsContract,
            Verify.Diagnostic(Descriptors.MetricNameNotConstant).WithLocation(0).WithArguments("The label key on metric 'shop.checkout.faults'"));
    }

    [Fact]
    public async Task TagListPassedByReferenceLater_TriggersBeforeTheCall()
    {
        const string source = Instruments + """
            partial class Checkout
            {
                void Place(string paymentMethod)
                {
                    var tags = new TagList { { "payment_method", paymentMethod } };
                    {|#0:_orders.Add(1, tags)|};
                    Enrich(ref tags);
                    _orders.Add(1, tags);
                }

                static void Enrich(ref TagList tags) => tags.Add("region", "eu");
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(0).WithArguments("shop.checkout.orders", "the contract's labels [payment_method, region]", "'region' is missing"));
    }

    [Fact]
    public async Task TagListSharedByTwoInstruments_Triggers()
    {
        // Orders declares region, Duration does not: the label is reported where each instrument records it.
        const string source = Instruments + """
            partial class Checkout
            {
                void Place(string paymentMethod, string region, double seconds)
                {
                    var tags = new TagList { { "payment_method", paymentMethod }, { "region", region }, { {|#0:"user_id"|}, "u" } };
                    _orders.Add(1, tags);
                    tags.Add("outcome", "ok");
                    {|#1:Duration.Record(seconds, tags)|};
                }
            }
            """;
        await Verify.VerifyAsync(source, Contract,
            Verify.Diagnostic(Descriptors.MetricLabelHighCardinality).WithLocation(0).WithArguments("user_id", "shop.checkout.orders", "is the forbidden label 'user_id'"),
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(1).WithArguments("shop.checkout.duration", "the contract's labels [outcome]", "'payment_method' is not declared"),
            Verify.Diagnostic(Descriptors.MetricLabelSetMismatch).WithLocation(1).WithArguments("shop.checkout.duration", "the contract's labels [outcome]", "'region' is not declared"));
    }
}
