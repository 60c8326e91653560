using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Shop.Checkout;

/// <summary>Authorizes payments with the payment gateway, retrying its transient failures.</summary>
public sealed class PaymentClient(HttpClient gateway, ILogger<PaymentClient> logger)
{
    private const int MaxAttempts = 3;

    private static readonly Meter PaymentsMeter = new("shop.payments");

    // OBS1001: "payment_retries" is outside the approved namespaces (shop.checkout, shop.payments); it is not declared
    // in contract.json either, so no other service's dashboards or alerts know it.
    private static readonly Counter<long> Retries = PaymentsMeter.CreateCounter<long>("payment_retries", "{retry}");

    public async Task<string> AuthorizeAsync(Order order, CancellationToken cancellationToken)
    {
        // OBS3001: the span is stopped only when authorization succeeds; a timeout or a declined payment throws past
        // Stop() and the span never ends. `using var activity = ...` ends it on every path.
        var activity = CheckoutTelemetry.Source.StartActivity("payments.authorize", ActivityKind.Client);
        activity?.SetTag("payment_method", order.PaymentMethod);

        using var response = await SendAsync(order, cancellationToken);
        var result = await response.Content.ReadFromJsonAsync<AuthorizationResponse>(cancellationToken)
            ?? throw new PaymentDeclinedException("the gateway sent no answer");
        if (!result.Approved)
        {
            throw new PaymentDeclinedException(result.Reason ?? "no reason given");
        }

        logger.LogDebug("Authorized payment {authorization_id} for order {order_id}", result.AuthorizationId, order.Id);
        activity?.Stop();
        return result.AuthorizationId;
    }

    private async Task<HttpResponseMessage> SendAsync(Order order, CancellationToken cancellationToken)
    {
        var request = new AuthorizationRequest(order.Id, order.Amount, order.Currency, order.PaymentMethod);
        for (int attempt = 1; ; attempt++)
        {
            var response = await gateway.PostAsJsonAsync("authorizations", request, cancellationToken);
            bool transient = (int)response.StatusCode >= 500;
            if (!transient || attempt == MaxAttempts)
            {
                return response.EnsureSuccessStatusCode();
            }

            response.Dispose();
            Retries.Add(1, new KeyValuePair<string, object?>("payment_method", order.PaymentMethod));
            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
        }
    }

    private sealed record AuthorizationRequest(string OrderId, decimal Amount, string Currency, string PaymentMethod);

    private sealed record AuthorizationResponse(bool Approved, string AuthorizationId, string? Reason);
}
