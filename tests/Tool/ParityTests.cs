using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using SignalContract.Tool.Tests.Infrastructure;

namespace SignalContract.Tool.Tests;

/// <summary>
/// <c>signalcontract parity</c>: the sample pair (the Prometheus-style legacy service and its rewrite), and inventories
/// written by hand the way a Go or Rust service's tooling writes them.
/// </summary>
public sealed class ParityTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "signalcontract-parity-" + Guid.NewGuid().ToString("N"));

    public ParityTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task SamplePair_ReportsEachDifferenceThatBreaksDashboards()
    {
        var copy = await SharedSamples.GetAsync();
        var result = await copy.RunAsync("parity", SharedSamples.LegacyInventory, SharedSamples.CheckoutInventory, "--format", "json");

        Assert.Equal(1, result.ExitCode);
        using var report = JsonDocument.Parse(result.Output);
        var root = report.RootElement;
        Assert.Equal(4, root.GetProperty("breaking").GetInt32());
        Assert.Equal(7, root.GetProperty("compatible").GetInt32());
        Assert.Equal(
            [
                ("metric", "shop_checkout_duration_seconds", "shop.checkout.duration", "labels", true),
                ("metric", "shop_payments_retries_total", null, "missing", true),
                ("metric", null, "checkout_orders_total", "added", false),
                ("metric", null, "payment_retries", "added", false),
                ("span", "checkout.place_order", "checkout.place_order", "attributes", true),
                ("span", "checkout.place_order", "checkout.place_order", "attributes", false),
                ("span", null, "checkout.place_queued_orders", "added", false),
                // The rewrite dropped the customer's id from its log lines; it still carries the request's ids, through its scope
                // provider. It logs the customer's email instead: compatible for parity, personal data for OBS4001.
                ("log", "customer_id", null, "fields", true),
                ("log", null, "authorization_id", "fields", false),
                ("log", null, "customer_email", "fields", false),
                ("log", "Placed order {order_id} for customer {customer_id}", null, "missing", false),
            ],
            Differences(root));
        Assert.Equal(
            [
                ("metric", "shop_checkout_duration_seconds", "shop.checkout.duration", "contract instrument"),
                ("metric", "shop_checkout_orders_total", "shop.checkout.orders", "contract instrument"),
                ("span", "checkout.cancel_order", "checkout.cancel_order", "same name"),
                ("span", "checkout.place_order", "checkout.place_order", "same name"),
                ("span", "payments.authorize", "payments.authorize", "same name"),
                ("log", "Payment for order {order_id} was declined: {reason}", "Payment for order {order_id} was declined: {reason}", "template"),
                ("log", "Cancelled order {order_id}", "Cancelled order {order_id}", "template"),
            ],
            root.GetProperty("matches").EnumerateArray().Select(m => (
                m.GetProperty("signal").GetString(), m.GetProperty("baselineName").GetString(), m.GetProperty("candidateName").GetString(), m.GetProperty("matchedBy").GetString())));
        Assert.Contains("`region` added", Detail(root, "shop_checkout_duration_seconds"), StringComparison.Ordinal);
        Assert.Empty(root.GetProperty("notes").EnumerateArray());
    }

    [Fact]
    public async Task SameInventory_HasNoDifference()
    {
        var copy = await SharedSamples.GetAsync();
        var result = await copy.RunAsync("parity", SharedSamples.CheckoutInventory, SharedSamples.CheckoutInventory);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("**No difference that breaks dashboards.** 0 compatible.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readme_ShowsTheParityReportOfTheSamplePair()
    {
        var copy = await SharedSamples.GetAsync();
        var result = await copy.RunAsync("parity", SharedSamples.LegacyInventory, SharedSamples.CheckoutInventory);

        // The README quotes the report, so that its headings and tables sit inside the README's own section.
        string quoted = string.Join("\n", result.Output.TrimEnd('\n').Split('\n').Select(line => line.Length == 0 ? ">" : "> " + line));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(quoted, Docs.Read("README.md"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrometheusName_MatchesTheOpenTelemetryName_ThroughTheTranslation()
    {
        string go = Write("go.json", Inventory("go", metrics: """[ { "name": "shop_checkout_orders_total", "nameStyle": "prometheus", "kind": "counter", "prometheusName": "shop_checkout_orders_total", "labels": ["payment_method", "region"] } ]"""));
        string csharp = Write("cs.json", Inventory("csharp", metrics: """[ { "name": "shop.checkout.orders", "nameStyle": "otel", "kind": "counter", "unit": "{order}", "prometheusName": "shop_checkout_orders_total", "labels": ["PaymentMethod", "region"] } ]"""));

        var result = await ToolRun.RunAsync(_folder, "parity", go, csharp, "--format", "json");

        using var report = JsonDocument.Parse(result.Output);
        var match = Assert.Single(report.RootElement.GetProperty("matches").EnumerateArray());
        Assert.Equal("Prometheus translation", match.GetProperty("matchedBy").GetString());

        // The same label by words, but exported as another key: queries that name it exactly break.
        Assert.Equal([("metric", "shop_checkout_orders_total", "shop.checkout.orders", "labels", true)], Differences(report.RootElement));
        Assert.Contains("`payment_method` spelt `PaymentMethod`", Detail(report.RootElement, "shop_checkout_orders_total"), StringComparison.Ordinal);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task KindAndUnit_BreakOnlyWhereTheExportedTypeOrScaleChanges()
    {
        string baseline = Write("a.json", Inventory("go", metrics: """
            [
              { "name": "queue.depth", "nameStyle": "otel", "kind": "updowncounter", "unit": "{item}", "prometheusName": "queue_depth" },
              { "name": "jobs", "nameStyle": "otel", "kind": "counter", "unit": "{job}", "prometheusName": "jobs_total" },
              { "name": "latency", "nameStyle": "otel", "kind": "histogram", "unit": "s", "prometheusName": "latency_seconds" }
            ]
            """));
        string candidate = Write("b.json", Inventory("csharp", metrics: """
            [
              { "name": "queue.depth", "nameStyle": "otel", "kind": "observablegauge", "unit": "{item}", "prometheusName": "queue_depth" },
              { "name": "jobs", "nameStyle": "otel", "kind": "histogram", "unit": "{job}", "prometheusName": "jobs" },
              { "name": "latency", "nameStyle": "otel", "kind": "histogram", "unit": "ms", "prometheusName": "latency_milliseconds" }
            ]
            """));

        var result = await ToolRun.RunAsync(_folder, "parity", baseline, candidate, "--format", "json");

        using var report = JsonDocument.Parse(result.Output);
        Assert.Equal(
            [
                ("metric", "jobs", "jobs", "kind", true),
                ("metric", "latency", "latency", "unit", true),
            ],
            Differences(report.RootElement));
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task Logs_AreComparedByFieldsAndMatchedEvents_WhenBothInventoriesExtractThem()
    {
        string contract = Write("contract.json", """{ "version": 1, "logs": { "requiredFields": ["request_id"], "minimumLevel": "Information" } }""");
        string go = Write("go.json", Inventory("go", logs: """
            [
              { "level": "information", "event": "order_placed", "template": "placed order {order_id}", "fields": ["order_id", "request_id", "tenant_id"] },
              { "level": "error", "template": "payment failed for {order_id}", "fields": ["order_id", "request_id"] }
            ]
            """));
        string csharp = Write("cs.json", Inventory("csharp", logs: """
            [
              { "level": "information", "event": "OrderPlaced", "template": "Placed order {OrderId}", "fields": ["OrderId", "request_id"] },
              { "level": "warning", "template": "payment failed for {OrderId}", "fields": ["OrderId", "request_id"] },
              { "level": "information", "template": "Cache warmed", "fields": [] },
              { "level": "debug", "template": "Cache probe", "fields": [] }
            ]
            """));

        var result = await ToolRun.RunAsync(_folder, "parity", go, csharp, "--contract", contract, "--format", "json");

        using var report = JsonDocument.Parse(result.Output);
        Assert.Equal(
            [
                ("log", "tenant_id", null, "fields", true),
                ("log", "order_id", "OrderId", "fields", true),
                ("log", "order_placed", "OrderPlaced", "fields", true),
                ("log", "payment failed for {order_id}", "payment failed for {OrderId}", "level", true),
                ("log", null, "Cache warmed", "required-field", true),
            ],
            Differences(report.RootElement));
        Assert.Equal(
            [("order_placed", "OrderPlaced", "event name"), ("payment failed for {order_id}", "payment failed for {OrderId}", "template")],
            report.RootElement.GetProperty("matches").EnumerateArray().Select(m => (m.GetProperty("baselineName").GetString(), m.GetProperty("candidateName").GetString(), m.GetProperty("matchedBy").GetString())));
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task MissingSection_IsANote_NotADifference()
    {
        string metricsOnly = Write("a.json", Inventory("go", metrics: "[]", spans: "null"));
        string both = Write("b.json", Inventory("csharp", metrics: "[]", spans: """[ { "name": "checkout.place_order" } ]"""));

        var result = await ToolRun.RunAsync(_folder, "parity", metricsOnly, both, "--format", "json");

        using var report = JsonDocument.Parse(result.Output);
        Assert.Empty(report.RootElement.GetProperty("differences").EnumerateArray());
        Assert.Contains("Spans not compared: the baseline inventory does not extract them (its \"spans\" is null).", report.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(0, result.ExitCode);
    }

    [Theory]
    [InlineData("""{ "inventoryVersion": 1 """, "not a valid inventory")]
    [InlineData("""{ "inventoryVersion": 3, "producer": { "tool": "t", "language": "go" } }""", "inventoryVersion 3 is not supported")]
    [InlineData("""{ "inventoryVersion": 1, "producer": { "tool": "t", "language": "go" }, "metrics": [ { "name": "a", "nameStyle": "otel", "kind": "timer", "prometheusName": "a" } ] }""", "metrics[0].kind is \"timer\"")]
    [InlineData("""{ "inventoryVersion": 1, "producer": { "tool": "t" } }""", "language")]
    [InlineData("""{ "inventoryVersion": 1, "producer": { "tool": "t", "language": "go" }, "logs": [ { "fields": ["a"], "sites": [ { "file": "a.go", "line": 1, "origins": [ { "field": "a", "from": "context" } ] } ] } ] }""", "logs[0].sites[0].origins[0].from is \"context\"")]
    public async Task InvalidInventory_IsAnErrorThatSaysWhere(string text, string expected)
    {
        string bad = Write("bad.json", text);
        string good = Write("good.json", Inventory("go"));

        var result = await ToolRun.RunAsync(_folder, "parity", bad, good);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    private string Write(string name, string text)
    {
        File.WriteAllText(Path.Combine(_folder, name), text);
        return name;
    }

    private static string Inventory(string language, string metrics = "[]", string spans = "[]", string logs = "null") =>
        $$"""{ "inventoryVersion": 1, "producer": { "tool": "hand", "language": "{{language}}" }, "metrics": {{metrics}}, "spans": {{spans}}, "logs": {{logs}} }""";

    private static IEnumerable<(string? Signal, string? Baseline, string? Candidate, string? Change, bool Breaking)> Differences(JsonElement report) =>
        report.GetProperty("differences").EnumerateArray().Select(d => (
            d.GetProperty("signal").GetString(),
            d.GetProperty("baselineName").GetString(),
            d.GetProperty("candidateName").GetString(),
            d.GetProperty("change").GetString(),
            d.GetProperty("isBreaking").GetBoolean()));

    private static string Detail(JsonElement report, string baselineName) =>
        report.GetProperty("differences").EnumerateArray().First(d => d.GetProperty("baselineName").GetString() == baselineName).GetProperty("detail").GetString()!;
}
