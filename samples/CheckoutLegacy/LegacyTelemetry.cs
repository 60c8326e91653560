using System.Diagnostics;
using Prometheus;

namespace Shop.Checkout.Legacy;

/// <summary>The legacy service's metrics, named and labelled the way its Grafana dashboards and alerts read them.</summary>
internal static class LegacyTelemetry
{
    public static readonly ActivitySource Source = new("shop.checkout");

    /// <summary>Orders placed, by payment method and region.</summary>
    public static readonly Counter Orders =
        Metrics.CreateCounter("shop_checkout_orders_total", "Orders placed.", "payment_method", "region");

    /// <summary>Time spent placing or cancelling an order, by outcome.</summary>
    public static readonly Histogram Duration =
        Metrics.CreateHistogram("shop_checkout_duration_seconds", "Time spent placing or cancelling an order.", new HistogramConfiguration { LabelNames = ["outcome"] });

    /// <summary>Retries of transient payment gateway failures, by payment method.</summary>
    public static readonly Counter PaymentRetries =
        Metrics.CreateCounter("shop_payments_retries_total", "Payment gateway retries.", "payment_method");
}
