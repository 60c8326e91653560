using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Tests.Verifiers;
using SignalContract.CodeFixes.Traces;
using VerifyAnalyzer = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Traces.SpanNameAnalyzer>;
using VerifyName = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SignalContract.Analyzers.Traces.SpanNameAnalyzer,
    SignalContract.CodeFixes.Traces.SpanNameNotConstantCodeFix>;
using VerifySource = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SignalContract.Analyzers.Traces.SpanNameAnalyzer,
    SignalContract.CodeFixes.Traces.SourceOutsideApprovedCodeFix>;

namespace SignalContract.Analyzers.Tests.Traces;

public class SpanNameAnalyzerTests
{
    private const string Contract = """
        {
          "version": 1,
          "traces": {
            "sources": ["shop.checkout", "shop.payments"],
            "spans": [
              { "name": "checkout.place_order", "attributes": ["payment_method", "order_id"] },
              { "name": "checkout.cancel" },
              { "name": "checkout.quiet", "attributes": [] }
            ],
            "requireDeclared": true
          }
        }
        """;

    // OBS3003

    [Fact]
    public async Task InterpolatedAndConcatenatedNames_Triggers()
    {
        const string source = """
            using System.Diagnostics;
            using OpenTelemetry.Trace;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Handle(string id, string kind, Tracer tracer)
                {
                    using var a = Source.StartActivity({|OBS3003:$"GET /orders/{id}"|});
                    using var b = Source.CreateActivity({|OBS3003:"process " + kind|}, ActivityKind.Internal);
                    using var c = new Activity({|OBS3003:$"load {kind}"|});
                    using var d = tracer.StartActiveSpan({|OBS3003:$"span {id}"|});
                    using var e = tracer.StartSpan({|OBS3003:"span " + id|});
                    using var f = tracer.StartRootSpan({|OBS3003:$"root {id}"|});
                }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null);
    }

    [Fact]
    public async Task ConstantAndParameterNames_DoesNotTrigger()
    {
        const string source = """
            using System.Diagnostics;

            class Orders
            {
                const string Prefix = "checkout";
                const int Version = 2;
                static readonly ActivitySource Source = new("shop.checkout");

                void Handle(string id)
                {
                    using var a = Source.StartActivity($"{Prefix}.place_order");
                    using var b = Source.StartActivity(Prefix + ".cancel");
                    using var c = Source.StartActivity(nameof(Handle));
                    using var d = Source.StartActivity();
                    using var e = Source.StartActivity("checkout.v" + Version);
                    using var f = Source.StartActivity($"{Prefix}.v{Version}");
                }

                // A wrapper passes its caller's name through; the caller is checked, not the wrapper.
                static Activity? Start(string name) => Source.StartActivity(name);
            }

            class Tracing
            {
                public object? StartActivity(string name) => null;

                void Use(string id) => StartActivity($"user {id}");
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null);
    }

    [Fact]
    public async Task InterpolatedNameOfLocalActivity_Fixes()
    {
        const string source = """
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Handle(int orderId, string kind)
                {
                    using var activity = Source.StartActivity({|OBS3003:$"GET /orders/{orderId}/items/{kind}"|}, ActivityKind.Server);
                    activity?.SetTag("component", "orders");
                }
            }
            """;
        const string fixedSource = """
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Handle(int orderId, string kind)
                {
                    using var activity = Source.StartActivity("GET /orders/items", ActivityKind.Server);
                    activity?.SetTag("order_id", orderId);
                    activity?.SetTag("kind", kind);
                    activity?.SetTag("component", "orders");
                }
            }
            """;

        await VerifyName.VerifyCodeFixAsync(source, fixedSource, contract: null, SpanNameNotConstantCodeFix.UseConstantNameKey);
    }

    [Fact]
    public async Task ConcatenatedNameOfTelemetrySpanInUsingStatement_Fixes()
    {
        const string source = """
            using OpenTelemetry.Trace;

            class Order { public long Id { get; set; } public decimal Total { get; set; } }

            class Orders
            {
                void Handle(Tracer tracer, Order order)
                {
                    using (var span = tracer.StartActiveSpan({|OBS3003:"process " + order.Id + " " + order.Total|}))
                    {
                        Work();
                    }
                }

                void Work() { }
            }
            """;
        const string fixedSource = """
            using OpenTelemetry.Trace;

            class Order { public long Id { get; set; } public decimal Total { get; set; } }

            class Orders
            {
                void Handle(Tracer tracer, Order order)
                {
                    using (var span = tracer.StartActiveSpan("process"))
                    {
                        span.SetAttribute("order_id", order.Id.ToString());
                        span.SetAttribute("order_total", order.Total.ToString());
                        Work();
                    }
                }

                void Work() { }
            }
            """;

        await VerifyName.VerifyCodeFixAsync(source, fixedSource, contract: null, SpanNameNotConstantCodeFix.UseConstantNameKey);
    }

    [Fact]
    public async Task NewActivityName_Fixes()
    {
        const string source = """
            using System.Diagnostics;

            class Loader
            {
                void Load(string kind, string id)
                {
                    var activity = new Activity({|OBS3003:"load " + kind + ":" + id|});
                    activity.Start();
                    activity.Stop();
                }
            }
            """;
        const string fixedSource = """
            using System.Diagnostics;

            class Loader
            {
                void Load(string kind, string id)
                {
                    var activity = new Activity("load");
                    activity.SetTag("kind", kind);
                    activity.SetTag("id", id);
                    activity.Start();
                    activity.Stop();
                }
            }
            """;

        await VerifyName.VerifyCodeFixAsync(source, fixedSource, contract: null, SpanNameNotConstantCodeFix.UseConstantNameKey);
    }

    [Fact]
    public async Task NameOfUnstoredSpans_FixesAll()
    {
        const string source = """
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                const int Version = 2;

                Activity? Start(string id) => Source.StartActivity({|OBS3003:$"orders.v{Version}.{id}.load"|});

                void Fire(string kind) => Source.StartActivity({|OBS3003:$"process {kind}"|})?.Dispose();
            }
            """;
        const string fixedSource = """
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                const int Version = 2;

                Activity? Start(string id) => Source.StartActivity("orders.v2.load");

                void Fire(string kind) => Source.StartActivity("process")?.Dispose();
            }
            """;

        await VerifyName.VerifyCodeFixAsync(source, fixedSource, contract: null, SpanNameNotConstantCodeFix.UseConstantNameKey);
    }

    // OBS3004

    [Fact]
    public async Task SourceAndTracerOutsideApproved_Triggers()
    {
        const string source = """
            using System.Diagnostics;
            using OpenTelemetry.Trace;

            class Telemetry
            {
                const string Name = "inventory";
                static readonly ActivitySource A = new({|#0:"orders"|});
                static readonly ActivitySource B = new({|#1:Name|}, "1.0");
                static readonly Tracer T = TracerProvider.Default.GetTracer({|#2:"shop.inventory"|});
            }
            """;

        await VerifyAnalyzer.VerifyAsync(
            source,
            Contract,
            VerifyAnalyzer.Diagnostic(Descriptors.SourceOutsideApproved).WithLocation(0).WithArguments("ActivitySource", "orders", "shop.checkout, shop.payments"),
            VerifyAnalyzer.Diagnostic(Descriptors.SourceOutsideApproved).WithLocation(1).WithArguments("ActivitySource", "inventory", "shop.checkout, shop.payments"),
            VerifyAnalyzer.Diagnostic(Descriptors.SourceOutsideApproved).WithLocation(2).WithArguments("Tracer", "shop.inventory", "shop.checkout, shop.payments"));
    }

    [Fact]
    public async Task SourcesInsideApprovedOrNotEnforced_DoesNotTrigger()
    {
        const string source = """
            using System.Diagnostics;
            using OpenTelemetry.Trace;

            class Telemetry
            {
                static readonly ActivitySource A = new("shop.checkout");
                static readonly ActivitySource B = new("shop.payments.cards", "1.0");
                static readonly Tracer T = TracerProvider.Default.GetTracer("shop.checkout_api");

                static ActivitySource For(string name) => new(name);
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, Contract);
        await VerifyAnalyzer.VerifyAsync(source.Replace("shop.checkout", "anything"), """{ "version": 1 }""");
        await VerifyAnalyzer.VerifyAsync(source.Replace("shop.checkout", "anything"), contract: null);
    }

    [Fact]
    public async Task SourceOutsideApproved_FixesWithEachSource()
    {
        const string source = """
            using System.Diagnostics;

            class Telemetry
            {
                static readonly ActivitySource A = new({|OBS3004:"orders"|});
                static readonly ActivitySource B = new( /* name */ {|OBS3004:"checkout.cart"|}, "2.0");
            }
            """;
        const string withCheckout = """
            using System.Diagnostics;

            class Telemetry
            {
                static readonly ActivitySource A = new("shop.checkout.orders");
                static readonly ActivitySource B = new( /* name */ "shop.checkout.cart", "2.0");
            }
            """;
        const string withPayments = """
            using System.Diagnostics;

            class Telemetry
            {
                static readonly ActivitySource A = new("shop.payments.orders");
                static readonly ActivitySource B = new( /* name */ "shop.payments.checkout.cart", "2.0");
            }
            """;

        await VerifySource.VerifyCodeFixAsync(source, withCheckout, Contract, SourceOutsideApprovedCodeFix.KeyFor("shop.checkout"));
        await VerifySource.VerifyCodeFixAsync(source, withPayments, Contract, SourceOutsideApprovedCodeFix.KeyFor("shop.payments"));
    }

    // OBS3005

    [Fact]
    public async Task UndeclaredSpanNames_Triggers()
    {
        const string source = """
            using System.Diagnostics;
            using OpenTelemetry.Trace;

            class Orders
            {
                const string Refund = "checkout.refund";
                static readonly ActivitySource Source = new("shop.checkout");

                void PlaceOrder(Tracer tracer)
                {
                    using var a = Source.StartActivity({|#0:"checkout.place"|});
                    using var b = Source.StartActivity({|#1:Refund|});
                    using var c = {|#2:Source.StartActivity()|};
                    using var d = tracer.StartActiveSpan({|#3:"checkout.ship"|});
                    using var e = new Activity({|#4:nameof(PlaceOrder)|});
                }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(
            source,
            Contract,
            VerifyAnalyzer.Diagnostic(Descriptors.SpanNotDeclared).WithLocation(0).WithArguments("checkout.place"),
            VerifyAnalyzer.Diagnostic(Descriptors.SpanNotDeclared).WithLocation(1).WithArguments("checkout.refund"),
            VerifyAnalyzer.Diagnostic(Descriptors.SpanNotDeclared).WithLocation(2).WithArguments("PlaceOrder"),
            VerifyAnalyzer.Diagnostic(Descriptors.SpanNotDeclared).WithLocation(3).WithArguments("checkout.ship"),
            VerifyAnalyzer.Diagnostic(Descriptors.SpanNotDeclared).WithLocation(4).WithArguments("PlaceOrder"));
    }

    [Fact]
    public async Task DeclaredOrNotRequired_DoesNotTrigger()
    {
        const string source = """
            using System.Diagnostics;
            using OpenTelemetry.Trace;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Handle(Tracer tracer, string name)
                {
                    using var a = Source.StartActivity("checkout.place_order");
                    using var b = tracer.StartSpan("checkout.cancel");
                    using var c = Source.StartActivity(name);
                }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, Contract);
        await VerifyAnalyzer.VerifyAsync(source.Replace("checkout.cancel", "checkout.other"), Contract.Replace("\"requireDeclared\": true", "\"requireDeclared\": false"));
    }

    // OBS3006

    [Fact]
    public async Task UndeclaredAttributes_Triggers()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics;
            using OpenTelemetry.Trace;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Handle(Tracer tracer, string userId)
                {
                    using var activity = Source.StartActivity("checkout.place_order");
                    activity?.SetTag({|#0:"user_id"|}, userId);
                    activity?.SetTag("payment_method", "card").AddTag({|#1:"region"|}, "eu");

                    using var span = tracer.StartActiveSpan("checkout.place_order");
                    span.SetAttribute({|#2:"user.id"|}, userId);

                    using var quiet = Source.StartActivity("checkout.quiet");
                    quiet?.SetTag({|#3:"order_id"|}, 1);

                    Source.StartActivity("checkout.place_order")?.SetTag({|#4:"cart"|}, 3);

                    using var tagged = Source.StartActivity(
                        ActivityKind.Internal,
                        tags: new Dictionary<string, object?> { ["payment_method"] = "card", [{|#5:"user_id"|}] = userId },
                        name: "checkout.place_order");

                    using (var statement = Source.StartActivity("checkout.place_order"))
                    {
                        statement?.SetTag({|#6:"coupon"|}, 1);
                    }
                }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(
            source,
            Contract,
            VerifyAnalyzer.Diagnostic(Descriptors.SpanAttributeNotDeclared).WithLocation(0).WithArguments("user_id", "checkout.place_order", "payment_method, order_id"),
            VerifyAnalyzer.Diagnostic(Descriptors.SpanAttributeNotDeclared).WithLocation(1).WithArguments("region", "checkout.place_order", "payment_method, order_id"),
            VerifyAnalyzer.Diagnostic(Descriptors.SpanAttributeNotDeclared).WithLocation(2).WithArguments("user.id", "checkout.place_order", "payment_method, order_id"),
            VerifyAnalyzer.Diagnostic(Descriptors.SpanAttributeNotDeclared).WithLocation(3).WithArguments("order_id", "checkout.quiet", "none"),
            VerifyAnalyzer.Diagnostic(Descriptors.SpanAttributeNotDeclared).WithLocation(4).WithArguments("cart", "checkout.place_order", "payment_method, order_id"),
            VerifyAnalyzer.Diagnostic(Descriptors.SpanAttributeNotDeclared).WithLocation(5).WithArguments("user_id", "checkout.place_order", "payment_method, order_id"),
            VerifyAnalyzer.Diagnostic(Descriptors.SpanAttributeNotDeclared).WithLocation(6).WithArguments("coupon", "checkout.place_order", "payment_method, order_id"));
    }

    [Fact]
    public async Task UsingLocalsTaggedInNestedScopes_Triggers()
    {
        // Each tag call is judged by the span of its own using local: one declared in a case block, one whose
        // name is reused by a sibling scope, one tagged in a nested block and in a lambda.
        const string source = """
            using System;
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Handle(int step, bool retry)
                {
                    switch (step)
                    {
                        case 1:
                        {
                            using var activity = Source.StartActivity("checkout.quiet");
                            activity?.SetTag({|#0:"payment_method"|}, "card");
                            break;
                        }
                    }

                    if (retry)
                    {
                        using var activity = Source.StartActivity("checkout.place_order");
                        if (step > 2)
                        {
                            activity?.SetTag("payment_method", "card");
                            activity?.SetTag({|#1:"coupon"|}, 1);
                        }

                        Action tag = () => activity?.SetTag({|#2:"region"|}, "eu");
                        tag();
                    }
                    else
                    {
                        using (var activity = Source.StartActivity("checkout.quiet"))
                        {
                            {
                                activity?.SetTag({|#3:"order_id"|}, 1);
                            }
                        }
                    }
                }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(
            source,
            Contract,
            VerifyAnalyzer.Diagnostic(Descriptors.SpanAttributeNotDeclared).WithLocation(0).WithArguments("payment_method", "checkout.quiet", "none"),
            VerifyAnalyzer.Diagnostic(Descriptors.SpanAttributeNotDeclared).WithLocation(1).WithArguments("coupon", "checkout.place_order", "payment_method, order_id"),
            VerifyAnalyzer.Diagnostic(Descriptors.SpanAttributeNotDeclared).WithLocation(2).WithArguments("region", "checkout.place_order", "payment_method, order_id"),
            VerifyAnalyzer.Diagnostic(Descriptors.SpanAttributeNotDeclared).WithLocation(3).WithArguments("order_id", "checkout.quiet", "none"));
    }

    [Fact]
    public async Task DeclaredAndErrorAttributes_DoesNotTrigger()
    {
        const string source = """
            using System;
            using System.Diagnostics;
            using OpenTelemetry.Trace;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Handle(Tracer tracer, string key, Exception ex)
                {
                    using var activity = Source.StartActivity("checkout.place_order");
                    activity?.SetTag("payment_method", "card");
                    activity?.SetTag("PaymentMethod", "card");
                    activity?.SetTag("order.id", 1);
                    activity?.SetTag("error.type", ex.GetType().FullName);
                    activity?.SetTag("exception.message", ex.Message);
                    activity?.SetTag("otel.status_code", "ERROR");
                    activity?.SetTag(key, "dynamic");

                    using var cancel = Source.StartActivity("checkout.cancel");
                    cancel?.SetTag("anything", 1);

                    using var span = tracer.StartActiveSpan("checkout.cancel");
                    span.SetAttribute("anything", 1);

                    using var declared = tracer.StartActiveSpan("checkout.place_order");
                    declared.SetAttribute("payment_method", "card").SetAttribute("exception.type", "none");

                    var reused = Source.StartActivity("checkout.quiet");
                    reused = Source.StartActivity("checkout.cancel");
                    reused?.SetTag("anything", 1);

                    using var named = Source.StartActivity(key);
                    named?.SetTag("anything", 1);

                    using (var unnamed = Source.StartActivity(key, ActivityKind.Internal))
                    {
                        unnamed?.SetTag("anything", 1);
                    }

                    var handed = Source.StartActivity("checkout.place_order");
                    Replace(out handed);
                    handed?.SetTag("anything", 1);
                }

                static void Replace(out Activity? activity) => activity = Source.StartActivity("checkout.cancel");
            }

            class FakeSpan
            {
                public void SetTag(string key, object value) { }

                void Use() => SetTag("user_id", 1);
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, Contract);
    }

    [Fact]
    public async Task HalfTypedCode_DoesNotTrigger()
    {
        const string source = """
            using System;
            using System.Diagnostics;
            using OpenTelemetry.Trace;

            class Broken
            {
                static readonly ActivitySource Source = new();
                static readonly Tracer T = TracerProvider.Default.GetTracer();

                void M(string id)
                {
                    using var activity = Source.StartActivity(
                    try { Work(); } catch (Missing ex) { activity?.SetTag(, 1); activity.SetStatus(); }
                    using var span = T.StartActiveSpan(
                    new Activity().SetTag(
                    activity?.SetTag(
                }
            }
            """;

        var test = new VerifyAnalyzer.Test { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.None };
        TestContract.AddTo(test.TestState, """{ "version": 1, "traces": { "sources": ["shop"], "requireDeclared": true, "spans": [ { "name": "a", "attributes": [] } ] } }""");
        await test.RunAsync(CancellationToken.None);
    }
}
