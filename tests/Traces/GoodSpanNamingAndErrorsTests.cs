using System.Threading;
using System.Threading.Tasks;
using SignalContract.Analyzers.Tests.Verifiers;
using VerifyErrors = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Traces.SpanErrorAnalyzer>;
using VerifyNames = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Traces.SpanNameAnalyzer>;

namespace SignalContract.Analyzers.Tests.Traces;

/// <summary>Idiomatic tracing code that follows its contract: OBS3002-OBS3006 stay silent on all of it.</summary>
public class GoodSpanNamingAndErrorsTests
{
    private const string Contract = """
        {
          "version": 1,
          "service": "checkout",
          "traces": {
            "sources": ["shop.checkout"],
            "spans": [
              { "name": "checkout.place_order", "attributes": ["payment_method", "order_id"] },
              { "name": "checkout.process_batch", "attributes": ["batch_size"] },
              { "name": "checkout.call_payments" },
              { "name": "checkout.ship" },
              { "name": "checkout.audit" }
            ],
            "requireDeclared": true,
            "recordErrors": true
          }
        }
        """;

    private const string Handlers = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed record Order(string Id, string PaymentMethod);

        public static class CheckoutTelemetry
        {
            public const string SourceName = "shop.checkout";
            public static readonly ActivitySource Source = new(SourceName, "1.0.0");

            // A wrapper that starts spans for its callers: the name is theirs, so it is checked at their call sites.
            public static Activity? StartServer(string name) => Source.StartActivity(name, ActivityKind.Server);

            // Error recording in one place; catch blocks hand it the span and the exception.
            public static void Fail(Activity? activity, Exception exception)
            {
                activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
                activity?.SetTag("error.type", exception.GetType().FullName);
            }
        }

        public sealed class OrdersEndpoint
        {
            private readonly HttpClient _payments = new();

            // ASP.NET-style handler: constant span name, varying values in declared tags.
            public async Task<int> PlaceOrderAsync(Order order, CancellationToken cancellationToken)
            {
                using var activity = CheckoutTelemetry.Source.StartActivity("checkout.place_order", ActivityKind.Server);
                activity?.SetTag("order_id", order.Id);
                activity?.SetTag("payment_method", order.PaymentMethod);
                try
                {
                    await CallPaymentsAsync(order, cancellationToken);
                    return 201;
                }
                catch (OperationCanceledException)
                {
                    return 499;
                }
                catch (HttpRequestException ex)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                    activity?.SetTag("error.type", ex.GetType().FullName);
                    return 502;
                }
                catch (Exception ex)
                {
                    CheckoutTelemetry.Fail(activity, ex);
                    throw;
                }
            }

            private async Task CallPaymentsAsync(Order order, CancellationToken cancellationToken)
            {
                using var activity = CheckoutTelemetry.Source.StartActivity("checkout.call_payments", ActivityKind.Client);
                activity?.SetTag("anything.goes", "no attributes declared");
                using var response = await _payments.GetAsync("https://payments/charge", cancellationToken);
                response.EnsureSuccessStatusCode();
            }

            public void Ship(Order order)
            {
                using var activity = CheckoutTelemetry.StartServer("checkout.ship");
                try
                {
                    Console.WriteLine(order.Id);
                }
                catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
                {
                    activity?.AddEvent(new ActivityEvent("ship.retry"));
                    activity?.SetStatus(ActivityStatusCode.Error, "ship failed");
                }
            }
        }

        public sealed class BatchWorker
        {
            // Background worker: the loop's try/catch is outside any span; each batch has its own span.
            public async Task RunAsync(Func<CancellationToken, Task<IReadOnlyList<Order>>> fetch, CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    try
                    {
                        var batch = await fetch(stoppingToken);
                        Process(batch);
                    }
                    catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                    {
                        break;
                    }
                    catch (Exception ex)
                    {
                        Console.Error.WriteLine(ex);
                    }
                }
            }

            private static void Process(IReadOnlyList<Order> batch)
            {
                var activity = CheckoutTelemetry.Source.StartActivity(
                    ActivityKind.Consumer,
                    tags: new Dictionary<string, object?> { ["batch_size"] = batch.Count },
                    name: "checkout.process_batch");
                try
                {
                    foreach (var order in batch)
                    {
                        Console.WriteLine(order.Id);
                    }
                }
                catch (Exception ex)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                    throw;
                }
                finally
                {
                    activity?.Stop();
                }
            }
        }

        public sealed class Auditor
        {
            private Activity? _current;

            // Spans handed to a field or returned are owned elsewhere; their names are still constant.
            public Activity? Begin()
            {
                _current = CheckoutTelemetry.Source.StartActivity("checkout.audit");
                return _current;
            }

            public void Run(Action work)
            {
                using var activity = CheckoutTelemetry.Source.StartActivity("checkout.audit");
                try
                {
                    work();
                }
                catch (Exception ex)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                }

                Action later = () =>
                {
                    try { work(); } catch (Exception) { Console.WriteLine("ignored outside the span"); }
                };
                later();
            }
        }
        """;

    private const string OpenTelemetryApi = """
        using System;
        using OpenTelemetry.Trace;

        public sealed class ShippingService
        {
            private static readonly Tracer Tracer = TracerProvider.Default.GetTracer("shop.checkout.shipping", "1.0.0");

            public bool Ship(string orderId)
            {
                using var span = Tracer.StartActiveSpan("checkout.ship", SpanKind.Internal);
                span.SetAttribute("order.id", orderId);
                try
                {
                    return Book(orderId);
                }
                catch (TimeoutException ex)
                {
                    span.RecordException(ex);
                    span.SetStatus(Status.Error.WithDescription(ex.Message));
                    return false;
                }
            }

            public TelemetrySpan StartAudit() => Tracer.StartSpan("checkout.audit");

            private static bool Book(string orderId) => orderId.Length > 0;
        }
        """;

    [Fact]
    public async Task ActivitySourceHandlersAndWorkers_DoesNotTrigger()
    {
        await VerifyErrors.VerifyAsync(Handlers, Contract);
        await VerifyNames.VerifyAsync(Handlers, Contract);
    }

    [Fact]
    public async Task OpenTelemetryTracerCode_DoesNotTrigger()
    {
        await VerifyErrors.VerifyAsync(OpenTelemetryApi, Contract);
        await VerifyNames.VerifyAsync(OpenTelemetryApi, Contract);
    }

    [Fact]
    public async Task WithoutContract_DoesNotTrigger()
    {
        await VerifyErrors.VerifyAsync(Handlers, contract: null);
        await VerifyNames.VerifyAsync(Handlers, contract: null);
        await VerifyNames.VerifyAsync(OpenTelemetryApi, contract: null);
    }
}
