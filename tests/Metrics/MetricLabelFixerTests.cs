using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SignalContract.CodeFixes.Metrics;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<SignalContract.Analyzers.Metrics.MetricLabelAnalyzer, SignalContract.CodeFixes.Metrics.MetricLabelFixer>;

namespace SignalContract.Analyzers.Tests.Metrics;

public class MetricLabelFixerTests
{
    private const string Contract = MetricsTestContract.Json;

    private const string Header = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;

        class Checkout
        {
            private static readonly Meter Meter = new("shop.checkout");
            private readonly Counter<long> _orders = Meter.CreateCounter<long>("shop.checkout.orders", "{order}");
            private readonly Histogram<double> _duration = Meter.CreateHistogram<double>("shop.checkout.duration", "s");

        """;

    [Fact]
    public async Task ForbiddenLabelArgument_Fixes()
    {
        const string source = Header + """
                void Place(string paymentMethod, string region, string userId)
                {
                    _orders.Add(1, new("payment_method", paymentMethod), new({|OBS1007:"user_id"|}, userId), new("region", region));
                }
            }
            """;
        const string fixedSource = Header + """
                void Place(string paymentMethod, string region, string userId)
                {
                    _orders.Add(1, new("payment_method", paymentMethod), new("region", region));
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, Contract, MetricLabelFixer.RemoveLabelKey);
    }

    [Fact]
    public async Task UnboundedLabelsInTagList_FixAll()
    {
        const string source = Header + """
                void Place(string paymentMethod, string region, Guid orderRef, DateTime placedAt)
                {
                    var tags = new TagList { { "payment_method", paymentMethod }, { {|OBS1007:"order_ref"|}, orderRef } };
                    tags.Add("region", region);
                    tags.Add({|OBS1007:"placed_at"|}, placedAt);
                    _orders.Add(1, tags);
                }
            }
            """;
        const string fixedSource = Header + """
                void Place(string paymentMethod, string region, Guid orderRef, DateTime placedAt)
                {
                    var tags = new TagList { { "payment_method", paymentMethod } };
                    tags.Add("region", region);
                    _orders.Add(1, tags);
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, Contract, MetricLabelFixer.RemoveLabelKey);
    }

    [Fact]
    public async Task ExtraLabelsInArrayAndCollectionExpression_FixAll()
    {
        const string source = Header + """
                void Place(string paymentMethod, string region)
                {
                    _orders.Add(1, new KeyValuePair<string, object?>[] { new("payment_method", paymentMethod), new({|OBS1005:"coupon"|}, "none"), new("region", region) });
                    _orders.Add(1, [new("payment_method", paymentMethod), new("region", region), new({|OBS1005:"channel"|}, "web")]);
                }
            }
            """;
        const string fixedSource = Header + """
                void Place(string paymentMethod, string region)
                {
                    _orders.Add(1, new KeyValuePair<string, object?>[] { new("payment_method", paymentMethod), new("region", region) });
                    _orders.Add(1, [new("payment_method", paymentMethod), new("region", region)]);
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, Contract, MetricLabelFixer.UseDeclaredLabelsKey);
    }

    [Fact]
    public async Task MissingLabelFromParameter_Fixes()
    {
        const string source = Header + """
                void Place(string paymentMethod, string region)
                {
                    {|OBS1005:_orders.Add(1, new KeyValuePair<string, object?>("payment_method", paymentMethod))|};
                }

                void Finish(string outcome) => {|OBS1005:_duration.Record(0.25)|};
            }
            """;
        const string fixedSource = Header + """
                void Place(string paymentMethod, string region)
                {
                    _orders.Add(1, new KeyValuePair<string, object?>("payment_method", paymentMethod), new KeyValuePair<string, object?>("region", region));
                }

                void Finish(string outcome) => _duration.Record(0.25, new KeyValuePair<string, object?>("outcome", outcome));
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, Contract, MetricLabelFixer.UseDeclaredLabelsKey);
    }

    [Fact]
    public async Task MissingLabelInTagList_Fixes()
    {
        const string source = Header + """
                private readonly string _region = "eu";

                void Place(string paymentMethod)
                {
                    var tags = new TagList();
                    tags.Add("payment_method", paymentMethod);
                    {|OBS1005:_orders.Add(1, tags)|};
                    {|OBS1005:_orders.Add(1, new TagList { { "payment_method", paymentMethod } })|};
                }
            }
            """;
        const string fixedSource = Header + """
                private readonly string _region = "eu";

                void Place(string paymentMethod)
                {
                    var tags = new TagList();
                    tags.Add("payment_method", paymentMethod);
                    tags.Add("region", _region);
                    _orders.Add(1, tags);
                    _orders.Add(1, new TagList { { "payment_method", paymentMethod }, { "region", _region } });
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, Contract, MetricLabelFixer.UseDeclaredLabelsKey);
    }

    [Fact]
    public async Task ExtraAndMissingLabelAtOneSite_FixesBothAtOnce()
    {
        const string source = Header + """
                void Finish(string outcome, string region) =>
                    {|OBS1005:_duration.Record(0.25, new KeyValuePair<string, object?>({|OBS1005:"region"|}, region))|};
            }
            """;
        const string fixedSource = Header + """
                void Finish(string outcome, string region) =>
                    _duration.Record(0.25, new KeyValuePair<string, object?>("outcome", outcome));
            }
            """;

        // One application of either finding's fix leaves the site with the declared labels.
        var test = new Verify.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = MetricLabelFixer.UseDeclaredLabelsKey,
            NumberOfIncrementalIterations = 1,
        };
        Verifiers.TestContract.AddTo(test.TestState, Contract);
        Verifiers.TestContract.AddTo(test.FixedState, Contract);
        await test.RunAsync();
    }

    [Fact]
    public async Task ExtraAndMissingLabelsAtTwoSites_FixAll()
    {
        const string source = Header + """
                private readonly string _region = "eu";

                void Place(string paymentMethod, string channel, string coupon)
                {
                    var tags = new TagList();
                    tags.Add({|OBS1005:"channel"|}, channel);
                    tags.Add("payment_method", paymentMethod);
                    tags.Add({|OBS1005:"coupon"|}, coupon);
                    {|OBS1005:_orders.Add(1, tags)|};
                    {|OBS1005:_orders.Add(1, [new("payment_method", paymentMethod), new({|OBS1005:"channel"|}, channel)])|};
                }
            }
            """;
        const string fixedSource = Header + """
                private readonly string _region = "eu";

                void Place(string paymentMethod, string channel, string coupon)
                {
                    var tags = new TagList();
                    tags.Add("payment_method", paymentMethod);
                    tags.Add("region", _region);
                    _orders.Add(1, tags);
                    _orders.Add(1, [new("payment_method", paymentMethod), new("region", _region)]);
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, Contract, MetricLabelFixer.UseDeclaredLabelsKey);
    }

    [Fact]
    public async Task ExtraLabelWhenMissingOneCannotBeAdded_RemovesIt()
    {
        const string source = Header + """
                void Finish(string region) =>
                    {|OBS1005:_duration.Record(0.25, new KeyValuePair<string, object?>({|OBS1005:"region"|}, region))|};
            }
            """;
        const string fixedSource = Header + """
                void Finish(string region) =>
                    {|OBS1005:_duration.Record(0.25)|};
            }
            """;

        // 'outcome' stays missing: nothing in scope has its name.
        var test = new Verify.Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = MetricLabelFixer.UseDeclaredLabelsKey };
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        Verifiers.TestContract.AddTo(test.TestState, Contract);
        Verifiers.TestContract.AddTo(test.FixedState, Contract);
        await test.RunAsync();
    }

    [Fact]
    public async Task MissingLabelWithNothingInScope_HasNoFix()
    {
        const string source = Header + """
                void Place(string method)
                {
                    {|OBS1005:_orders.Add(1, new KeyValuePair<string, object?>("payment_method", method))|};
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, source, Contract);
    }

    [Fact]
    public async Task MissingLabelDeclaredLater_HasNoFix()
    {
        const string source = Header + """
                void Place(string paymentMethod)
                {
                    {|OBS1005:_orders.Add(1, new KeyValuePair<string, object?>("payment_method", paymentMethod))|};
                    var region = "eu";
                    _ = region;
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, source, Contract);
    }

    [Fact]
    public async Task NullableAndConcatenatedValues_FixAll()
    {
        const string source = Header + """
                void Place(string paymentMethod, string region, Guid? jobId, int attempt)
                {
                    _orders.Add(1, new("payment_method", paymentMethod), new("region", region), new({|OBS1007:"job"|}, jobId));
                    _orders.Add(1, new("payment_method", paymentMethod), new({|OBS1007:"attempt"|}, "attempt-" + attempt), new("region", region));

                    // Four tags bind to the params array overload.
                    _orders.Add(1, new("payment_method", paymentMethod), new({|OBS1007:"job"|}, jobId), new("region", region), new({|OBS1007:"attempt"|}, "attempt-" + attempt));
                }
            }
            """;
        const string fixedSource = Header + """
                void Place(string paymentMethod, string region, Guid? jobId, int attempt)
                {
                    _orders.Add(1, new("payment_method", paymentMethod), new("region", region));
                    _orders.Add(1, new("payment_method", paymentMethod), new("region", region));

                    // Four tags bind to the params array overload.
                    _orders.Add(1, new("payment_method", paymentMethod), new("region", region));
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, Contract, MetricLabelFixer.RemoveLabelKey);
    }

    [Fact]
    public async Task InstrumentCreatedThroughHelper_FixAll()
    {
        const string Helper = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            sealed class CheckoutMetrics
            {
                private static readonly Meter Meter = new("shop.checkout");
                private readonly Counter<long> _orders = NewCounter("shop.checkout.orders", "{order}");

                private static Counter<long> NewCounter(string name, string unit) => Meter.CreateCounter<long>(name, unit);

            """;
        const string source = Helper + """
                public void Placed(string paymentMethod, string region) =>
                    {|OBS1005:_orders.Add(1, new KeyValuePair<string, object?>("payment_method", paymentMethod))|};

                public void Retried(string paymentMethod, string region, string coupon) =>
                    _orders.Add(1, new KeyValuePair<string, object?>("payment_method", paymentMethod), new("region", region), new({|OBS1005:"coupon"|}, coupon));
            }
            """;
        const string fixedSource = Helper + """
                public void Placed(string paymentMethod, string region) =>
                    _orders.Add(1, new KeyValuePair<string, object?>("payment_method", paymentMethod), new KeyValuePair<string, object?>("region", region));

                public void Retried(string paymentMethod, string region, string coupon) =>
                    _orders.Add(1, new KeyValuePair<string, object?>("payment_method", paymentMethod), new("region", region));
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, Contract, MetricLabelFixer.UseDeclaredLabelsKey);
    }

    [Fact]
    public async Task ObservableCallbackMeasurementPerItem_FixAll()
    {
        const string Queues = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;
            using System.Linq;

            sealed record WorkQueue(string Name, string Owner, long Depth);

            sealed class QueueMetrics
            {
                private static readonly Meter Meter = new("shop.checkout");
                private readonly List<WorkQueue> _queues = new();

            """;
        const string source = Queues + """
                public QueueMetrics() =>
                    Meter.CreateObservableGauge(
                        "shop.checkout.queue_depth",
                        () => _queues.Select(q => new Measurement<long>(q.Depth, new KeyValuePair<string, object?>("queue", q.Name), new KeyValuePair<string, object?>({|OBS1005:"owner"|}, q.Owner)))
                            .Append(new Measurement<long>(0, new KeyValuePair<string, object?>("queue", "all"), new KeyValuePair<string, object?>({|OBS1005:"shard"|}, "a"))),
                        "{item}");
            }
            """;
        const string fixedSource = Queues + """
                public QueueMetrics() =>
                    Meter.CreateObservableGauge(
                        "shop.checkout.queue_depth",
                        () => _queues.Select(q => new Measurement<long>(q.Depth, new KeyValuePair<string, object?>("queue", q.Name)))
                            .Append(new Measurement<long>(0, new KeyValuePair<string, object?>("queue", "all"))),
                        "{item}");
            }
            """;
        await Verify.VerifyCodeFixAsync(source, fixedSource, MetricsTestContract.Observable, MetricLabelFixer.UseDeclaredLabelsKey);
    }
}
