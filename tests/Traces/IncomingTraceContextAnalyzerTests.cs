using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Tests.Verifiers;
using SignalContract.CodeFixes.Traces;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SignalContract.Analyzers.Traces.IncomingTraceContextAnalyzer,
    SignalContract.CodeFixes.Traces.IncomingTraceContextCodeFix>;

namespace SignalContract.Analyzers.Tests.Traces;

/// <summary>OBS3007 findings, and the good code that stays quiet. The fix is tested in IncomingTraceContextCodeFixTests.</summary>
public class IncomingTraceContextAnalyzerTests
{
    internal static DiagnosticResult Expected(int location, string kind) =>
        Verify.Diagnostic(Descriptors.SpanWithoutIncomingContext).WithLocation(location).WithArguments(kind);

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        Verify.VerifyAnalyzerAsync(source, contract: null, expected);

    private static async Task VerifyAsync(ReferenceSet references, string source, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test(references) { TestCode = source, FixedCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    // ---- findings ----

    [Fact]
    public async Task ConsumerAndServerActivitiesWithoutParent_Trigger()
    {
        await VerifyAsync("""
            using System.Diagnostics;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(byte[] body)
                {
                    using var activity = {|#0:Source.StartActivity("orders.consume", ActivityKind.Consumer)|};
                }

                void Serve()
                {
                    using var activity = {|#1:Source?.StartActivity("orders.serve", ActivityKind.Server)|};
                }

                void ConsumeNamedByCaller()
                {
                    using var activity = {|#2:Source.StartActivity(ActivityKind.Consumer)|};
                }

                void Created()
                {
                    var activity = {|#3:Source.CreateActivity("orders.created", ActivityKind.Consumer)|};
                    activity?.Start();
                    activity?.Stop();
                }

                void DefaultParent()
                {
                    using var activity = {|#4:Source.StartActivity("orders.default", ActivityKind.Server, parentContext: default)|};
                }

                void NullParent()
                {
                    using var activity = {|#5:Source.StartActivity("orders.null", ActivityKind.Server, parentId: null)|};
                }
            }
            """,
            Expected(0, "Consumer"),
            Expected(1, "Server"),
            Expected(2, "Consumer"),
            Expected(3, "Consumer"),
            Expected(4, "Server"),
            Expected(5, "Server"));
    }

    [Fact]
    public async Task ConsumerAndServerTelemetrySpansWithoutParent_Trigger()
    {
        await VerifyAsync("""
            using OpenTelemetry.Trace;

            class QueueWorker
            {
                private readonly Tracer tracer;

                public QueueWorker(Tracer tracer) => this.tracer = tracer;

                void Consume()
                {
                    using var span = {|#0:tracer.StartActiveSpan("orders.consume", SpanKind.Consumer)|};
                }

                void Serve()
                {
                    var span = {|#1:tracer.StartSpan("orders.serve", SpanKind.Server, parentContext: default)|};
                    span.End();
                }
            }
            """,
            Expected(0, "Consumer"),
            Expected(1, "Server"));
    }

    // ---- good code ----

    [Fact]
    public async Task ParentContextParentIdOrLinksGiven_DoNotTrigger()
    {
        await VerifyAsync("""
            using System.Collections.Generic;
            using System.Diagnostics;
            using OpenTelemetry.Trace;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");
                private readonly Tracer tracer;

                public QueueWorker(Tracer tracer) => this.tracer = tracer;

                void Consume(ActivityContext parent, string traceParent, IEnumerable<ActivityLink> batch, SpanContext spanParent, TelemetrySpan caller)
                {
                    using var a = Source.StartActivity("orders.consume", ActivityKind.Consumer, parent);
                    using var b = Source.StartActivity("orders.consume", ActivityKind.Consumer, traceParent);
                    using var c = Source.StartActivity("orders.batch", ActivityKind.Consumer, default(ActivityContext), links: batch);
                    using var d = Source.StartActivity(ActivityKind.Server, parentContext: parent);
                    using var e = Source.CreateActivity("orders.created", ActivityKind.Server, parent);
                    using var f = tracer.StartActiveSpan("orders.consume", SpanKind.Consumer, spanParent);
                    using var g = tracer.StartActiveSpan("orders.consume", SpanKind.Consumer, caller);
                    using var h = tracer.StartSpan("orders.batch", SpanKind.Consumer, links: new[] { new Link(spanParent) });
                }
            }
            """);
    }

    [Fact]
    public async Task ContextMadeCurrentBeforeTheStart_DoesNotTrigger()
    {
        await VerifyAsync("""
            using System.Collections.Generic;
            using System.Diagnostics;
            using OpenTelemetry;
            using OpenTelemetry.Context.Propagation;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void ConsumeWithCurrent(Dictionary<string, string> headers)
                {
                    DistributedContextPropagator.Current.ExtractTraceIdAndState(
                        headers,
                        (object? carrier, string name, out string? value, out IEnumerable<string>? values) =>
                        {
                            values = null;
                            ((Dictionary<string, string>)carrier!).TryGetValue(name, out value);
                        },
                        out var traceParent,
                        out var traceState);
                    if (ActivityContext.TryParse(traceParent, traceState, out var parent))
                    {
                        Activity.Current = new Activity("orders.remote").SetParentId(parent.TraceId, parent.SpanId);
                    }

                    using var activity = Source.StartActivity("orders.consume", ActivityKind.Consumer);
                }

                void ConsumeWithBaggage(Dictionary<string, string> headers)
                {
                    var context = Propagators.DefaultTextMapPropagator.Extract(default, headers, (h, key) => h.TryGetValue(key, out var v) ? new[] { v } : new string[0]);
                    Baggage.Current = context.Baggage;
                    using var activity = Source.StartActivity("orders.consume", ActivityKind.Consumer);
                }

                void CreatedThenParented(string traceId, string spanId)
                {
                    var activity = Source.CreateActivity("orders.created", ActivityKind.Consumer);
                    activity?.SetParentId(ActivityTraceId.CreateFromString(traceId), ActivitySpanId.CreateFromString(spanId));
                    activity?.Start();
                    activity?.Stop();
                }
            }
            """);
    }

    [Fact]
    public async Task RootOnlyWhenNoContextCameIn_DoesNotTrigger()
    {
        // The caller's trace is continued when the message carries one; a new trace is right when none came in.
        await VerifyAsync("""
            using System.Diagnostics;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Conditional(string? traceParent)
                {
                    ActivityContext.TryParse(traceParent, null, out var parent);
                    using var activity = parent == default
                        ? Source.StartActivity("orders.consume", ActivityKind.Consumer)
                        : Source.StartActivity("orders.consume", ActivityKind.Consumer, parent);
                }

                void Switched(string? traceParent, bool sampled)
                {
                    ActivityContext.TryParse(traceParent, null, out var parent);
                    using var activity = (parent == default, sampled) switch
                    {
                        (true, _) => Source.StartActivity("orders.consume", ActivityKind.Consumer),
                        (false, true) => Source.StartActivity("orders.consume", ActivityKind.Consumer, parent),
                        _ => null,
                    };
                }

                void Branches(string? traceParent)
                {
                    if (ActivityContext.TryParse(traceParent, null, out var parent))
                    {
                        using var activity = Source.StartActivity("orders.consume", ActivityKind.Consumer, parent);
                    }
                    else
                    {
                        using var activity = Source.StartActivity("orders.consume", ActivityKind.Consumer);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task BothBranchesWithoutParent_Triggers()
    {
        // A choice between two roots still ends the caller's trace here.
        await VerifyAsync("""
            using System.Diagnostics;

            class QueueWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(bool priority)
                {
                    using var activity = priority
                        ? {|#0:Source.StartActivity("orders.priority", ActivityKind.Consumer)|}
                        : {|#1:Source.StartActivity("orders.consume", ActivityKind.Consumer)|};
                }
            }
            """,
            Expected(0, "Consumer"),
            Expected(1, "Consumer"));
    }

    [Fact]
    public async Task SpanInsideAnotherSpanOfTheFunction_DoesNotTrigger()
    {
        // The batch span is the one that starts the trace here; each message's span is its child.
        await VerifyAsync("""
            using System.Collections.Generic;
            using System.Diagnostics;

            class BatchWorker
            {
                private static readonly ActivitySource Source = new("shop.orders");

                void Consume(IEnumerable<byte[]> batch)
                {
                    using var activity = {|#0:Source.StartActivity("orders.batch", ActivityKind.Consumer)|};
                    foreach (var body in batch)
                    {
                        using var message = Source.StartActivity("orders.message", ActivityKind.Consumer);
                    }
                }
            }
            """,
            Expected(0, "Consumer"));
    }

    [Fact]
    public async Task InternalClientAndProducerKinds_DoNotTrigger()
    {
        await VerifyAsync("""
            using System.Diagnostics;
            using OpenTelemetry.Trace;

            class Orders
            {
                private static readonly ActivitySource Source = new("shop.orders");
                private readonly Tracer tracer;

                public Orders(Tracer tracer) => this.tracer = tracer;

                void Run(ActivityKind kind)
                {
                    using var a = Source.StartActivity("orders.run");
                    using var b = Source.StartActivity("orders.call", ActivityKind.Client);
                    using var c = Source.StartActivity("orders.publish", ActivityKind.Producer);
                    using var d = Source.StartActivity("orders.step", ActivityKind.Internal);
                    using var e = Source.StartActivity("orders.any", kind);
                    using var f = tracer.StartActiveSpan("orders.run");
                    using var g = tracer.StartSpan("orders.publish", SpanKind.Producer);
                    using var h = tracer.StartRootSpan("orders.nightly", SpanKind.Server);
                }
            }
            """);
    }

    [Fact]
    public async Task SpansInAspNetCoreRequests_DoNotTrigger()
    {
        // The host started the server span and made it current: these spans are its children, not new traces.
        await VerifyAsync(TestReferences.AspNetCore, """
            using System.Diagnostics;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                private static readonly ActivitySource Source = new("shop.orders");

                [HttpPost("orders")]
                public IActionResult Place()
                {
                    using var activity = Source.StartActivity("orders.place", ActivityKind.Server);
                    return Ok();
                }
            }

            public class TimingMiddleware
            {
                private static readonly ActivitySource Source = new("shop.orders");
                private readonly RequestDelegate next;

                public TimingMiddleware(RequestDelegate next) => this.next = next;

                public async Task InvokeAsync(HttpContext context)
                {
                    using var activity = Source.StartActivity("orders.request", ActivityKind.Server);
                    await next(context);
                }
            }

            public static class Endpoints
            {
                private static readonly ActivitySource Source = new("shop.orders");

                public static void Map(WebApplication app)
                {
                    app.MapPost("/webhooks/payments", () =>
                    {
                        using var activity = Source.StartActivity("payments.webhook", ActivityKind.Consumer);
                        return Results.Ok();
                    });
                }
            }
            """);
    }

    [Fact]
    public async Task SpansInGrpcServices_DoNotTrigger()
    {
        // The base class is what protoc generates for a service; gRPC's host started the server span.
        await VerifyAsync("""
            using System.Diagnostics;
            using System.Threading.Tasks;
            using Grpc.Core;

            public static partial class Checkout
            {
                [BindServiceMethod(typeof(Checkout), "BindService")]
                public abstract partial class CheckoutBase
                {
                    public virtual Task<string> Place(string request, ServerCallContext context) => throw new RpcException(new Status(StatusCode.Unimplemented, ""));
                }
            }

            public class CheckoutService : Checkout.CheckoutBase
            {
                private static readonly ActivitySource Source = new("shop.checkout");

                public override Task<string> Place(string request, ServerCallContext context)
                {
                    using var activity = Source.StartActivity("checkout.place", ActivityKind.Server);
                    return Task.FromResult(Validate(request));
                }

                private static string Validate(string request)
                {
                    using var activity = Source.StartActivity("checkout.validate", ActivityKind.Server);
                    return request;
                }
            }
            """);
    }
}
