namespace SignalContract.Analyzers.Tests.Metrics;

/// <summary>The contract the metrics tests check code against: the repository's sample, metrics section.</summary>
internal static class MetricsTestContract
{
    public const string Json = """
        {
          "version": 1,
          "metrics": {
            "namespaces": ["shop.checkout", "shop.payments"],
            "nameStyle": "otel",
            "labelStyle": "snake_case",
            "forbiddenLabels": ["user_id", "request_id", "correlation_id", "order_id"],
            "requireDeclared": true,
            "instruments": [
              { "name": "shop.checkout.orders", "kind": "counter", "unit": "{order}",
                "labels": ["payment_method", "region"], "renamedFrom": ["checkout_orders_total"] },
              { "name": "shop.checkout.duration", "kind": "histogram", "unit": "s", "labels": ["outcome"] },
              { "name": "shop.checkout.queue_depth", "kind": "observablegauge", "unit": "{item}" }
            ]
          }
        }
        """;

    /// <summary>Undeclared instruments allowed: what OBS1006 needs to apply.</summary>
    public const string Open = """
        {
          "version": 1,
          "metrics": {
            "namespaces": ["shop.checkout"],
            "forbiddenLabels": ["user_id"]
          }
        }
        """;

    /// <summary>Observable instruments with declared labels, for the callback tests.</summary>
    public const string Observable = """
        {
          "version": 1,
          "metrics": {
            "namespaces": ["shop.checkout"],
            "forbiddenLabels": ["user_id"],
            "instruments": [
              { "name": "shop.checkout.queue_depth", "kind": "observablegauge", "unit": "{item}", "labels": ["queue"] }
            ]
          }
        }
        """;
}
