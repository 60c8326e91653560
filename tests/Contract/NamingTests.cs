using SignalContract.Analyzers.Contract;

namespace SignalContract.Analyzers.Tests.Contract;

public class NamingTests
{
    [Theory]
    [InlineData("request_id", "request id")]
    [InlineData("RequestId", "request id")]
    [InlineData("requestId", "request id")]
    [InlineData("request.id", "request id")]
    [InlineData("request-id", "request id")]
    [InlineData("HTTPRequestID", "http request id")]
    [InlineData("sha256Hash", "sha256 hash")]
    [InlineData("__x__", "x")]
    [InlineData("", "")]
    public void Split_FindsTheWords(string name, string words) =>
        Assert.Equal(words, string.Join(" ", NameWords.Split(name)));

    [Theory]
    [InlineData("request_id", "RequestId", true)]
    [InlineData("request_id", "request", false)]
    [InlineData("request_id", "request_ids", false)]
    [InlineData("", "", true)]
    [InlineData("_", ".", false)]
    public void SameWords_ComparesWordByWord(string left, string right, bool expected) =>
        Assert.Equal(expected, NameWords.SameWords(left, right));

    [Theory]
    [InlineData("payment_method", "snake_case", true)]
    [InlineData("payment__method", "snake_case", false)]
    [InlineData("payment_method_", "snake_case", false)]
    [InlineData("PaymentMethod", "snake_case", false)]
    [InlineData("http.request.method", "otel", true)]
    [InlineData("http..method", "otel", false)]
    [InlineData("paymentMethod", "camelCase", true)]
    [InlineData("PaymentMethod", "camelCase", false)]
    [InlineData("PaymentMethod", "PascalCase", true)]
    [InlineData("payment_Method", "PascalCase", false)]
    [InlineData("", "snake_case", false)]
    public void Conforms_ChecksTheStyle(string name, string style, bool expected) =>
        Assert.Equal(expected, NamingStyles.Conforms(name, Style(style)));

    [Theory]
    [InlineData("PaymentMethod", "snake_case", "payment_method")]
    [InlineData("payment_method", "otel", "payment.method")]
    [InlineData("payment_method", "camelCase", "paymentMethod")]
    [InlineData("payment-method", "PascalCase", "PaymentMethod")]
    public void Format_RespellsTheWords(string name, string style, string expected) =>
        Assert.Equal(expected, NamingStyles.Format(name, Style(style)));

    [Theory]
    [InlineData("shop.checkout.order_count", false, true)]
    [InlineData("shop.checkout.OrderCount", false, false)]
    [InlineData("shop_checkout_orders_total", true, true)]
    [InlineData("shop.checkout.orders", true, false)]
    public void MetricNames_FollowTheirStyle(string name, bool prometheus, bool expected) =>
        Assert.Equal(expected, NamingStyles.Conforms(name, prometheus ? MetricNameStyle.Prometheus : MetricNameStyle.Otel));

    [Theory]
    [InlineData("Shop.Checkout.OrderCount", false, "shop.checkout.order_count")]
    [InlineData("shop.checkout.orders", true, "shop_checkout_orders")]
    public void MetricNames_AreRespelled(string name, bool prometheus, string expected) =>
        Assert.Equal(expected, NamingStyles.Format(name, prometheus ? MetricNameStyle.Prometheus : MetricNameStyle.Otel));

    [Theory]
    [InlineData("shop.checkout", "shop.checkout", true)]
    [InlineData("shop.checkout.orders", "shop.checkout", true)]
    [InlineData("shop_checkout_orders_total", "shop_checkout", true)]
    [InlineData("shop.checkout_orders", "shop.checkout", true)]
    [InlineData("acme-catalog-activations", "acme-catalog", true)]
    [InlineData("acme/catalog/activations", "acme", true)]
    [InlineData("shop.checkoutx", "shop.checkout", false)]
    [InlineData("shop.checkout:orders", "shop.checkout", false)]
    [InlineData("shop", "shop.checkout", false)]
    public void Namespaces_MatchAtSeparators(string name, string ns, bool expected) =>
        Assert.Equal(expected, ContractNames.IsInsideNamespace(name, ns));

    [Theory]
    [InlineData("acme-catalog", true)]
    [InlineData("acme-catalog-worker", true)]
    [InlineData("acme-catalog/sync", true)]
    [InlineData("acme-catalogue", false)]
    public void MetricNamespacesAndTraceSources_MatchAlike(string name, bool expected)
    {
        var model = ContractReader.Read("""{ "version": 1, "metrics": { "namespaces": ["acme-catalog"] }, "traces": { "sources": ["acme-catalog"] } }""");

        Assert.Equal(expected, model.Metrics.IsApprovedName(name));
        Assert.Equal(expected, model.Traces.IsApprovedSource(name));
    }

    /// <summary>Styles by their contract.json spelling (test methods must be public, the enum is internal).</summary>
    private static NamingStyle Style(string name) => NamingStyles.ContractNames.Single(n => n.Name == name).Style;

    [Fact]
    public void SameWords_AgreesWithSplitOnEverySpelling()
    {
        string[] names =
        {
            "request_id", "RequestId", "requestId", "request.id", "request-id", "REQUEST_ID", "RequestID", "requestID",
            "HTTPRequestId", "http_request_id", "HttpRequestID", "sha256Hash", "sha256_hash", "Sha256HASH", "_request__id_",
            "request", "requestIds", "request_ids", "a", "A", "", "_", "x1y", "X1Y", "x1_y", "ÜberZahl", "über_zahl",
        };
        foreach (string left in names)
        {
            foreach (string right in names)
            {
                var a = NameWords.Split(left);
                var b = NameWords.Split(right);
                bool expected = left == right || (a.Length > 0 && a.SequenceEqual(b));
                Assert.True(expected == NameWords.SameWords(left, right), $"'{left}' and '{right}'");
            }
        }
    }
}
