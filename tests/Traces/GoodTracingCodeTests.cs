using System.Threading.Tasks;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Traces.SpanLifetimeAnalyzer>;

namespace SignalContract.Analyzers.Tests.Traces;

/// <summary>Idiomatic, correct tracing code as services write it: span lifetime must stay silent on all of it.</summary>
public class GoodTracingCodeTests
{
    [Fact]
    public async Task AspNetStyleHandlers_DoesNotTrigger()
    {
        await Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed record Order(string Id, decimal Total);

            public interface IOrderStore
            {
                Task<Order?> FindAsync(string id, CancellationToken cancellationToken);
                Task SaveAsync(Order order, CancellationToken cancellationToken);
            }

            public sealed class OrdersEndpoint
            {
                private static readonly ActivitySource Source = new("Shop.Orders", "1.0.0");
                private readonly IOrderStore store;

                public OrdersEndpoint(IOrderStore store) => this.store = store;

                public async Task<Order?> GetAsync(string id, CancellationToken cancellationToken)
                {
                    using var activity = Source.StartActivity("orders.get", ActivityKind.Server);
                    activity?.SetTag("order.id", id);
                    var order = await store.FindAsync(id, cancellationToken);
                    if (order is null)
                    {
                        activity?.SetStatus(ActivityStatusCode.Error, "not found");
                        return null;
                    }

                    return order;
                }

                public async Task<int> PostAsync(Order order, CancellationToken cancellationToken)
                {
                    using var activity = Source.StartActivity("orders.post");
                    try
                    {
                        await store.SaveAsync(order, cancellationToken);
                        return 201;
                    }
                    catch (Exception ex)
                    {
                        activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                        activity?.SetTag("error.type", ex.GetType().FullName);
                        throw;
                    }
                }

                public async Task<IReadOnlyList<Order>> ListAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
                {
                    var result = new List<Order>();
                    using (Source.StartActivity("orders.list"))
                    {
                        foreach (var id in ids)
                        {
                            using var item = Source.StartActivity("orders.list.item");
                            if (await store.FindAsync(id, cancellationToken) is { } order)
                            {
                                result.Add(order);
                            }
                        }
                    }

                    return result;
                }

                public int Status(string kind)
                {
                    switch (kind)
                    {
                        case "live":
                        {
                            using var activity = Source.StartActivity("orders.status.live");
                            return 200;
                        }

                        default:
                            return 404;
                    }
                }
            }
            """, contract: null);
    }

    [Fact]
    public async Task BackgroundWorkerLoop_DoesNotTrigger()
    {
        await Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Diagnostics;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class OutboxWorker
            {
                private static readonly ActivitySource Source = new("Shop.Outbox");
                private readonly BlockingCollection<string> queue = new();

                public async Task RunAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        var activity = Source.StartActivity("outbox.dispatch", ActivityKind.Consumer);
                        try
                        {
                            if (!queue.TryTake(out var message, 100))
                            {
                                continue;
                            }

                            activity?.SetTag("messaging.message.id", message);
                            await DispatchAsync(message, stoppingToken);
                        }
                        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                        {
                            break;
                        }
                        catch (Exception ex)
                        {
                            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                        }
                        finally
                        {
                            activity?.Stop();
                        }
                    }
                }

                public void Drain()
                {
                    for (int i = 0; i < 10; i++)
                    {
                        var activity = Source.CreateActivity("outbox.drain", ActivityKind.Internal);
                        activity?.Start();
                        try
                        {
                            Flush();
                        }
                        finally
                        {
                            activity?.Dispose();
                        }
                    }
                }

                private static Task DispatchAsync(string message, CancellationToken cancellationToken) => Task.CompletedTask;

                private static void Flush() { }
            }
            """, contract: null);
    }

    [Fact]
    public async Task MiddlewareStyleTryFinally_DoesNotTrigger()
    {
        await Verify.VerifyAsync("""
            using System;
            using System.Diagnostics;
            using System.Threading.Tasks;

            public delegate Task RequestDelegate(object context);

            public sealed class TracingMiddleware
            {
                private static readonly ActivitySource Source = new("Shop.Http");
                private readonly RequestDelegate next;

                public TracingMiddleware(RequestDelegate next) => this.next = next;

                public async Task InvokeAsync(object context)
                {
                    Activity? activity = null;
                    try
                    {
                        activity = Source.StartActivity("http.request", ActivityKind.Server);
                        await next(context);
                    }
                    catch (Exception ex)
                    {
                        activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                        throw;
                    }
                    finally
                    {
                        activity?.Dispose();
                    }
                }

                public async Task InvokeSampledAsync(object context)
                {
                    var activity = Source.StartActivity("http.sampled");
                    if (activity != null)
                    {
                        try
                        {
                            await next(context);
                        }
                        finally
                        {
                            activity.Stop();
                        }
                    }
                    else
                    {
                        await next(context);
                    }
                }

                public async Task InvokeGuardedAsync(object context)
                {
                    var activity = Source.StartActivity("http.guarded");
                    if (activity is null)
                    {
                        await next(context);
                        return;
                    }

                    using (activity)
                    {
                        await next(context);
                    }
                }
            }
            """, contract: null);
    }

    [Fact]
    public async Task WrappersThatReturnSpans_DoesNotTrigger()
    {
        await Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using OpenTelemetry.Trace;

            public static class Telemetry
            {
                public static readonly ActivitySource Source = new("Shop.Payments");

                public static Activity? StartCharge(string orderId, ActivityContext parent = default)
                {
                    var activity = Source.StartActivity("payments.charge", ActivityKind.Client, parent);
                    if (activity is null)
                    {
                        return null;
                    }

                    activity.SetTag("order.id", orderId);
                    activity.SetTag("payment.provider", Provider());
                    return activity;
                }

                public static Activity? StartRefund() => Source.StartActivity("payments.refund")?.SetTag("kind", "refund");

                public static TelemetrySpan StartSpan(Tracer tracer, string name)
                {
                    var span = tracer.StartActiveSpan(name);
                    span.SetAttribute("component", "payments");
                    return span;
                }

                public static bool TryStart(string name, out Activity? activity)
                {
                    activity = Source.StartActivity(name);
                    return activity is not null;
                }

                public static IEnumerable<Activity?> StartBatch(int count)
                {
                    for (int i = 0; i < count; i++)
                    {
                        yield return Source.StartActivity("payments.batch.item");
                    }
                }

                private static string Provider() => "acme";
            }
            """, contract: null);
    }

    [Fact]
    public async Task SpanHandedToOwner_DoesNotTrigger()
    {
        await Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using System.Threading.Tasks;

            public sealed class SpanScope : IDisposable
            {
                private readonly Activity? activity;

                public SpanScope(Activity? activity) => this.activity = activity;

                public void Dispose() => activity?.Stop();
            }

            public sealed class Pipeline
            {
                private static readonly ActivitySource Source = new("Shop.Pipeline");
                private readonly Dictionary<string, Activity?> open = new();
                private Activity? batch;

                public SpanScope Begin(string step)
                {
                    var activity = Source.StartActivity(step);
                    Prepare();
                    return new SpanScope(activity);
                }

                public void Open(string key)
                {
                    var activity = Source.StartActivity("pipeline.open");
                    open[key] = activity;
                }

                public void Close(string key)
                {
                    if (open.Remove(key, out var activity))
                    {
                        activity?.Stop();
                    }
                }

                public void StartBatch() => batch = Source.StartActivity("pipeline.batch");

                public void EndBatch() => batch?.Stop();

                public Task RunLater()
                {
                    var activity = Source.StartActivity("pipeline.later");
                    return Task.Run(() =>
                    {
                        using (activity)
                        {
                            Prepare();
                        }
                    });
                }

                public void RunSteps(IEnumerable<string> steps)
                {
                    foreach (var step in steps)
                    {
                        using var scope = new SpanScope(Source.StartActivity(step));
                        Prepare();
                    }
                }

                private static void Prepare() { }
            }
            """, contract: null);
    }

    [Fact]
    public async Task OpenTelemetryTracerUsage_DoesNotTrigger()
    {
        await Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            using OpenTelemetry.Trace;

            public sealed class Inventory
            {
                private readonly Tracer tracer;

                public Inventory(TracerProvider provider) => tracer = provider.GetTracer("Shop.Inventory");

                public async Task ReserveAsync(string sku)
                {
                    using var span = tracer.StartActiveSpan("inventory.reserve");
                    span.SetAttribute("sku", sku);
                    await Task.Yield();
                }

                public void Release(string sku)
                {
                    var span = tracer.StartSpan("inventory.release");
                    try
                    {
                        span.SetAttribute("sku", sku);
                        Check(sku);
                    }
                    catch (Exception ex)
                    {
                        span.RecordException(ex);
                        span.SetStatus(Status.Error.WithDescription(ex.Message));
                        throw;
                    }
                    finally
                    {
                        span.End();
                    }
                }

                public void Audit()
                {
                    using (var span = tracer.StartRootSpan("inventory.audit"))
                    {
                        Check("all");
                    }
                }

                private static void Check(string sku) { }
            }
            """, contract: null);
    }

    [Fact]
    public async Task IteratorsLambdasAndLocalFunctions_DoesNotTrigger()
    {
        await Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using System.Linq;
            using System.Threading.Tasks;

            public sealed class Reports
            {
                private static readonly ActivitySource Source = new("Shop.Reports");
                private readonly object gate = new();

                public IEnumerable<string> Lines(IEnumerable<string> rows)
                {
                    using var activity = Source.StartActivity("reports.lines");
                    foreach (var row in rows)
                    {
                        yield return row.Trim();
                    }
                }

                public async IAsyncEnumerable<int> Numbers()
                {
                    using var activity = Source.StartActivity("reports.numbers");
                    await Task.Yield();
                    yield return 1;
                }

                public Task RenderAll(IEnumerable<string> names) =>
                    Task.WhenAll(names.Select(async name =>
                    {
                        using var activity = Source.StartActivity("reports.render");
                        await Task.Delay(1);
                    }));

                public void Build()
                {
                    Step("a");
                    Step("b");

                    void Step(string name)
                    {
                        var activity = Source.StartActivity("reports.step");
                        try
                        {
                            lock (gate)
                            {
                                Console.WriteLine(name);
                            }
                        }
                        finally
                        {
                            activity?.Stop();
                        }
                    }
                }

                public void Marker()
                {
                    var activity = Source.StartActivity("reports.marker");
                    activity?.SetTag("marker", true);
                    activity?.Stop();
                }
            }
            """, contract: null);
    }
}
