using System;

namespace Shop.Checkout;

/// <summary>An order as the storefront submits it.</summary>
public sealed record Order(string Id, string CustomerId, string CustomerEmail, decimal Amount, string Currency, string PaymentMethod, string Region);

/// <summary>The payment gateway refused the payment; the order cannot be placed.</summary>
public sealed class PaymentDeclinedException(string reason) : Exception($"Payment declined: {reason}")
{
    public string Reason { get; } = reason;
}
