using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Shop.Checkout;

/// <summary>The checkout service's activity source, meter, and the instruments contract.json declares.</summary>
internal static class CheckoutTelemetry
{
    public const string Name = "shop.checkout";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Orders placed, by payment method and region.</summary>
    public static readonly Counter<long> Orders =
        Meter.CreateCounter<long>("shop.checkout.orders", "{order}", "Orders placed.");

    /// <summary>Time spent placing or cancelling an order, by outcome.</summary>
    public static readonly Histogram<double> Duration =
        Meter.CreateHistogram<double>("shop.checkout.duration", "s", "Time spent placing or cancelling an order.");
}
