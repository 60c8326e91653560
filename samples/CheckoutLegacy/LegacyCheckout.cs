using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Prometheus;
using Serilog;
using Serilog.Context;

namespace Shop.Checkout.Legacy;

/// <summary>Places and cancels orders, as the service did before the rewrite.</summary>
public sealed class LegacyCheckout(IPaymentGateway gateway)
{
    private const int MaxAttempts = 3;

    public async Task<bool> PlaceOrderAsync(Order order, string requestId, string correlationId, CancellationToken cancellationToken)
    {
        // Every request's log lines carry its ids, pushed onto Serilog's log context for the length of the request.
        using var request = LogContext.PushProperty("request_id", requestId);
        using var correlation = LogContext.PushProperty("correlation_id", correlationId);
        using var activity = LegacyTelemetry.Source.StartActivity("checkout.place_order");
        activity?.SetTag("payment_method", order.PaymentMethod);
        activity?.SetTag("region", order.Region);
        using (LegacyTelemetry.Duration.WithLabels("placed").NewTimer())
        {
            var authorization = await AuthorizeAsync(order, cancellationToken);
            if (!authorization.Approved)
            {
                Log.Warning("Payment for order {order_id} was declined: {reason}", order.Id, authorization.DeclineReason);
                return false;
            }

            LegacyTelemetry.Orders.WithLabels(order.PaymentMethod, order.Region).Inc();
            Log.Information("Placed order {order_id} for customer {customer_id}", order.Id, order.CustomerId);
            return true;
        }
    }

    public Task CancelOrderAsync(Order order, string requestId, string correlationId)
    {
        using var request = LogContext.PushProperty("request_id", requestId);
        using var correlation = LogContext.PushProperty("correlation_id", correlationId);
        using var activity = LegacyTelemetry.Source.StartActivity("checkout.cancel_order");
        LegacyTelemetry.Duration.WithLabels("cancelled").Observe(0);
        Log.Information("Cancelled order {order_id}", order.Id);
        return Task.CompletedTask;
    }

    private async Task<Authorization> AuthorizeAsync(Order order, CancellationToken cancellationToken)
    {
        using var activity = LegacyTelemetry.Source.StartActivity("payments.authorize", ActivityKind.Client);
        activity?.SetTag("payment_method", order.PaymentMethod);
        for (int attempt = 1; ; attempt++)
        {
            var authorization = await gateway.AuthorizeAsync(order, cancellationToken);
            if (!authorization.Transient || attempt == MaxAttempts)
            {
                return authorization;
            }

            LegacyTelemetry.PaymentRetries.WithLabels(order.PaymentMethod).Inc();
            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
        }
    }
}
