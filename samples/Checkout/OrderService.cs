using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Shop.Observability;

namespace Shop.Checkout;

/// <summary>Places and cancels orders: takes the payment, stores the order, and reports both.</summary>
public sealed class OrderService(PaymentClient payments, IOrderStore store, ILogger<OrderService> logger)
{
    public async Task<string> PlaceOrderAsync(Order order, string requestId, string correlationId, CancellationToken cancellationToken)
    {
        using var scope = RequestScope.Begin(logger, requestId, correlationId);
        using var activity = CheckoutTelemetry.Source.StartActivity("checkout.place_order");
        activity?.SetTag("payment_method", order.PaymentMethod);
        long started = Stopwatch.GetTimestamp();
        try
        {
            string authorizationId = await payments.AuthorizeAsync(order, cancellationToken);
            await store.SaveAsync(order, authorizationId, cancellationToken);
            CheckoutTelemetry.Orders.Add(1, new TagList
            {
                { "payment_method", order.PaymentMethod },
                { "region", order.Region },
            });
            RecordDuration(started, "placed");

            // OBS4001: the customer's email address is written into every "order placed" event, and from there into
            // the log store, its backups and every export, where anyone who can read logs can read it.
            logger.LogInformation("Placed order {order_id} for {customer_email}", order.Id, order.CustomerEmail);
            return authorizationId;
        }
        catch (PaymentDeclinedException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            activity?.SetTag("error.type", typeof(PaymentDeclinedException).FullName);
            RecordDuration(started, "declined");

            // OBS2004: the decline is logged as text only. The exception's type and stack trace, and the exception.*
            // fields the other services' logs carry, never reach the logs.
            logger.LogWarning("Payment for order {order_id} was declined: {reason}", order.Id, ex.Message);
            throw;
        }
    }

    public async Task CancelOrderAsync(Order order, string requestId, string correlationId, CancellationToken cancellationToken)
    {
        using var scope = RequestScope.Begin(logger, requestId, correlationId);
        using var activity = CheckoutTelemetry.Source.StartActivity("checkout.cancel_order");
        long started = Stopwatch.GetTimestamp();
        await store.DeleteAsync(order.Id, cancellationToken);

        // OBS1005: contract.json declares shop.checkout.duration with the one label "outcome". The extra "region"
        // makes these series differ from the other services' and from the ones PlaceOrderAsync records.
        CheckoutTelemetry.Duration.Record(
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("outcome", "cancelled"),
            new KeyValuePair<string, object?>("region", order.Region));
        logger.LogInformation("Cancelled order {order_id}", order.Id);
    }

    private static void RecordDuration(long started, string outcome) =>
        CheckoutTelemetry.Duration.Record(
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("outcome", outcome));
}
