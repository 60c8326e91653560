using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NJsonSchema;
using SignalContract.Analyzers.Tests.Meta;
using SignalContract.Tool.Tests.Infrastructure;

namespace SignalContract.Tool.Tests;

/// <summary><c>signalcontract inventory</c> on the two samples, loaded as real, restored projects.</summary>
public sealed class InventoryTests
{
    private static readonly Lazy<Task<JsonSchema>> Schema = new(() => JsonSchema.FromFileAsync(Path.Combine(Repository.Root, "docs", "inventory.schema.json")));

    [Fact]
    public async Task Checkout_ListsEveryMetricWithKindUnitLabelsAndSites()
    {
        var copy = await SharedSamples.GetAsync();
        using var inventory = JsonDocument.Parse(await SharedSamples.ReadAsync(SharedSamples.CheckoutInventory));
        var root = inventory.RootElement;

        Assert.Equal(1, root.GetProperty("inventoryVersion").GetInt32());
        Assert.Equal("checkout", root.GetProperty("service").GetString());
        Assert.Equal("csharp", root.GetProperty("producer").GetProperty("language").GetString());
        Assert.Equal(["samples/Checkout/Checkout.csproj"], Strings(root.GetProperty("inputs")));
        Assert.Equal("contract.json", root.GetProperty("contract").GetString());

        var metrics = root.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.Equal(["checkout_orders_total", "payment_retries", "shop.checkout.duration", "shop.checkout.orders"], metrics.Keys);

        var orders = metrics["shop.checkout.orders"];
        Assert.Equal("otel", orders.GetProperty("nameStyle").GetString());
        Assert.Equal("counter", orders.GetProperty("kind").GetString());
        Assert.Equal("{order}", orders.GetProperty("unit").GetString());
        Assert.Equal("shop_checkout_orders_total", orders.GetProperty("prometheusName").GetString());
        Assert.Equal("shop.checkout", orders.GetProperty("meter").GetString());
        Assert.Equal("shop.checkout.orders", orders.GetProperty("declaredAs").GetString());
        Assert.Equal(JsonValueKind.Null, orders.GetProperty("renamedTo").ValueKind);
        Assert.Equal(["payment_method", "region"], Strings(orders.GetProperty("labels")));
        Assert.Equal(
            [
                ("creation", "samples/Checkout/CheckoutTelemetry.cs", copy.LineOf("samples/Checkout/CheckoutTelemetry.cs", "\"shop.checkout.orders\""), (string?)null),
                ("record", "samples/Checkout/OrderService.cs", copy.LineOf("samples/Checkout/OrderService.cs", "CheckoutTelemetry.Orders.Add"), "payment_method,region"),
            ],
            Sites(orders));

        var duration = metrics["shop.checkout.duration"];
        Assert.Equal(("histogram", "s", "shop_checkout_duration_seconds"), (duration.GetProperty("kind").GetString(), duration.GetProperty("unit").GetString(), duration.GetProperty("prometheusName").GetString()));
        Assert.Equal([["outcome"], ["outcome", "region"]], duration.GetProperty("labelSets").EnumerateArray().Select(Strings));
        Assert.Equal(3, duration.GetProperty("sites").GetArrayLength());

        var renamed = metrics["checkout_orders_total"];
        Assert.Equal(JsonValueKind.Null, renamed.GetProperty("declaredAs").ValueKind);
        Assert.Equal("shop.checkout.orders", renamed.GetProperty("renamedTo").GetString());

        var retries = metrics["payment_retries"];
        Assert.Equal(("shop.payments", "payment_retries_total", "{retry}"), (retries.GetProperty("meter").GetString(), retries.GetProperty("prometheusName").GetString(), retries.GetProperty("unit").GetString()));
        Assert.Equal(["payment_method"], Strings(retries.GetProperty("labels")));

        Assert.Empty(root.GetProperty("unresolved").EnumerateArray());
    }

    [Fact]
    public async Task Checkout_ListsSpansWithSourceKindAndAttributes()
    {
        var copy = await SharedSamples.GetAsync();
        using var inventory = JsonDocument.Parse(await SharedSamples.ReadAsync(SharedSamples.CheckoutInventory));
        var spans = inventory.RootElement.GetProperty("spans").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);

        Assert.Equal(["checkout.cancel_order", "checkout.place_order", "checkout.place_queued_orders", "payments.authorize"], spans.Keys);
        Assert.All(spans.Values, span => Assert.Equal("shop.checkout", span.GetProperty("source").GetString()));

        var authorize = spans["payments.authorize"];
        Assert.Equal("client", authorize.GetProperty("kind").GetString());
        Assert.Equal(["payment_method"], Strings(authorize.GetProperty("attributes")));
        Assert.Equal(JsonValueKind.Null, authorize.GetProperty("declaredAs").ValueKind);

        var placeOrder = spans["checkout.place_order"];
        Assert.Equal("internal", placeOrder.GetProperty("kind").GetString());
        Assert.Equal("checkout.place_order", placeOrder.GetProperty("declaredAs").GetString());
        Assert.Equal(["error.type", "payment_method"], Strings(placeOrder.GetProperty("attributes")));
        string file = "samples/Checkout/OrderService.cs";
        Assert.Equal(
            [
                ("start", file, copy.LineOf(file, "StartActivity(\"checkout.place_order\")"), null),
                ("attribute", file, copy.LineOf(file, "SetTag(\"payment_method\""), "payment_method"),
                ("attribute", file, copy.LineOf(file, "SetTag(\"error.type\""), "error.type"),
            ],
            placeOrder.GetProperty("sites").EnumerateArray().Select(s => (
                s.GetProperty("role").GetString(),
                s.GetProperty("file").GetString(),
                s.GetProperty("line").GetInt32(),
                s.GetProperty("key").GetString())));

        Assert.Equal(["checkout.batch.size"], Strings(spans["checkout.place_queued_orders"].GetProperty("attributes")));
    }

    [Fact]
    public async Task Checkout_ReportsContractCoverage()
    {
        using var inventory = JsonDocument.Parse(await SharedSamples.ReadAsync(SharedSamples.CheckoutInventory));
        var root = inventory.RootElement;

        var coverage = root.GetProperty("coverage");
        Assert.Equal("contract.json", coverage.GetProperty("contract").GetString());
        var metrics = coverage.GetProperty("metrics");
        Assert.Equal(2, metrics.GetProperty("declared").GetInt32());
        Assert.Empty(metrics.GetProperty("notEmitted").EnumerateArray());
        Assert.Equal(["payment_retries"], Strings(metrics.GetProperty("undeclared")));
        var renamed = Assert.Single(metrics.GetProperty("renamed").EnumerateArray());
        Assert.Equal(("checkout_orders_total", "shop.checkout.orders"), (renamed.GetProperty("name").GetString(), renamed.GetProperty("renamedTo").GetString()));
        var spans = coverage.GetProperty("spans");
        Assert.Equal(1, spans.GetProperty("declared").GetInt32());
        Assert.Equal(["checkout.cancel_order", "checkout.place_queued_orders", "payments.authorize"], Strings(spans.GetProperty("undeclared")));
        // Log coverage: InventoryLogTests.
        Assert.Equal(JsonValueKind.Object, coverage.GetProperty("logs").ValueKind);
    }

    [Fact]
    public async Task Legacy_ReadsPrometheusNetNamesAndTheLabelNamesFixedAtCreation()
    {
        var copy = await SharedSamples.GetAsync();
        using var inventory = JsonDocument.Parse(await SharedSamples.ReadAsync(SharedSamples.LegacyInventory));
        var metrics = inventory.RootElement.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);

        Assert.Equal(["shop_checkout_duration_seconds", "shop_checkout_orders_total", "shop_payments_retries_total"], metrics.Keys);
        Assert.All(metrics.Values, m => Assert.Equal("prometheus", m.GetProperty("nameStyle").GetString()));
        Assert.All(metrics.Values, m => Assert.Equal(m.GetProperty("name").GetString(), m.GetProperty("prometheusName").GetString()));
        Assert.All(metrics.Values, m => Assert.Equal(JsonValueKind.Null, m.GetProperty("unit").ValueKind));

        var orders = metrics["shop_checkout_orders_total"];
        Assert.Equal(("counter", "shop.checkout.orders"), (orders.GetProperty("kind").GetString(), orders.GetProperty("declaredAs").GetString()));
        string file = "samples/CheckoutLegacy/LegacyCheckout.cs";
        Assert.Equal(
            [
                ("record", file, copy.LineOf(file, "Orders.WithLabels"), "payment_method,region"),
                ("creation", "samples/CheckoutLegacy/LegacyTelemetry.cs", copy.LineOf("samples/CheckoutLegacy/LegacyTelemetry.cs", "\"shop_checkout_orders_total\""), (string?)null),
            ],
            Sites(orders));

        var duration = metrics["shop_checkout_duration_seconds"];
        Assert.Equal(("histogram", "shop.checkout.duration"), (duration.GetProperty("kind").GetString(), duration.GetProperty("declaredAs").GetString()));
        Assert.Equal(["outcome"], Strings(duration.GetProperty("labels")));

        var retries = metrics["shop_payments_retries_total"];
        Assert.Equal(JsonValueKind.Null, retries.GetProperty("declaredAs").ValueKind);
        Assert.Equal(["payment_method"], Strings(retries.GetProperty("labels")));

        var spans = inventory.RootElement.GetProperty("spans").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(["payment_method", "region"], Strings(spans["checkout.place_order"].GetProperty("attributes")));
    }

    [Theory]
    [InlineData(SharedSamples.CheckoutInventory)]
    [InlineData(SharedSamples.LegacyInventory)]
    [InlineData(SharedSamples.LoggingInventory)]
    public async Task Inventory_ValidatesAgainstItsSchema(string file)
    {
        var schema = await Schema.Value;
        var errors = schema.Validate(await SharedSamples.ReadAsync(file));
        Assert.Empty(errors.Select(e => e.ToString()));
    }

    [Fact]
    public async Task DocsExamples_ValidateAgainstTheSchema_AndReadAsInventories()
    {
        var schema = await Schema.Value;
        var examples = Docs.JsonBlocks("inventory.md").Where(block => block.Contains("\"inventoryVersion\"", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, examples.Count);
        string folder = Directory.CreateTempSubdirectory("signalcontract-docs-").FullName;
        try
        {
            foreach (string example in examples)
            {
                Assert.Empty(schema.Validate(example).Select(e => e.ToString()));
                File.WriteAllText(Path.Combine(folder, "example.json"), example);
                var result = await ToolRun.RunAsync(folder, "parity", "example.json", "example.json");
                Assert.True(result.ExitCode == 0, result.ToString());
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("""{ "inventoryVersion": 1, "producer": { "tool": "t", "language": "go" }, "metrics": [], "spans": null, "logs": null }""", true)]
    [InlineData("""{ "inventoryVersion": 2, "producer": { "tool": "t", "language": "go" }, "metrics": [], "spans": null, "logs": null }""", false)]
    [InlineData("""{ "inventoryVersion": 1, "producer": { "tool": "t", "language": "go" }, "metrics": [] }""", false)]
    [InlineData("""{ "inventoryVersion": 1, "producer": { "tool": "t", "language": "go" }, "metrics": [ { "name": "a", "nameStyle": "otel", "kind": "timer", "prometheusName": "a" } ], "spans": null, "logs": null }""", false)]
    [InlineData("""{ "inventoryVersion": 1, "producer": { "tool": "t", "language": "go" }, "metrics": null, "spans": null, "logs": [ { "level": "info", "fields": [] } ] }""", false)]
    [InlineData("""{ "inventoryVersion": 1, "producer": { "tool": "t", "language": "go" }, "metrics": null, "spans": null, "logs": [ { "level": "information", "template": "Placed {order_id}", "fields": ["order_id"] } ], "x-team": "payments" }""", true)]
    [InlineData("""{ "inventoryVersion": 1, "producer": { "tool": "t", "language": "go" }, "metrics": null, "spans": null, "logs": [ { "fields": ["order_id"], "sites": [ { "file": "a.go", "line": 3, "role": "declaration", "origins": [ { "field": "order_id", "from": "logger", "file": "a.go", "line": 2 } ] } ] } ] }""", true)]
    [InlineData("""{ "inventoryVersion": 1, "producer": { "tool": "t", "language": "go" }, "metrics": null, "spans": null, "logs": [ { "fields": ["order_id"], "sites": [ { "file": "a.go", "line": 3, "origins": [ { "field": "order_id", "from": "context" } ] } ] } ] }""", false)]
    public async Task Schema_AcceptsAndRejectsLikeTheDocsSay(string inventory, bool valid)
    {
        var schema = await Schema.Value;
        Assert.Equal(valid, schema.Validate(inventory).Count == 0);
    }

    [Fact]
    public async Task Markdown_ShowsOneRowPerSignal()
    {
        var copy = await SharedSamples.GetAsync();
        var result = await copy.RunAsync("inventory", "samples/Checkout", "--format", "markdown");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("# Signal inventory: checkout\n\nRead from `samples/Checkout/Checkout.csproj` against `contract.json`.\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("| `shop.checkout.orders` | counter | `{order}` | `payment_method`, `region` | `shop_checkout_orders_total` | declared |", result.Output, StringComparison.Ordinal);
        Assert.Contains("| `checkout_orders_total` | counter | `{order}` | `payment_method`, `region` | `checkout_orders_total` | renamed to `shop.checkout.orders` |", result.Output, StringComparison.Ordinal);
        Assert.Contains("| `payments.authorize` | `shop.checkout` | client | `payment_method` | undeclared |", result.Output, StringComparison.Ordinal);
        // Each field says what supplies it, unless the message itself does.
        Assert.Contains(
            $"| information | — | `Cancelled order {{order_id}}` | `correlation_id` (provider), `order_id`, `request_id` (provider) | samples/Checkout/OrderService.cs:{copy.LineOf("samples/Checkout/OrderService.cs", "\"Cancelled order")} |",
            result.Output,
            StringComparison.Ordinal);
        Assert.Contains("- Required log fields (`correlation_id`, `request_id`) some event lacks: —\n- Log sites that lack them where they are written: —\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("- Emitted instruments the contract does not declare: `payment_retries`", result.Output, StringComparison.Ordinal);

        // docs/tool.md quotes an excerpt of this page: each of its lines is one the tool prints, so the docs stay true.
        var excerpt = ToolDocsExcerpt();
        Assert.Contains(excerpt, line => line.StartsWith("| information | — | `Placed order {order_id} for {customer_email}`", StringComparison.Ordinal));
        Assert.All(excerpt, line => Assert.Contains("\n" + line + "\n", result.Output, StringComparison.Ordinal));

        // Progress goes to stderr, so the report can be piped.
        Assert.Contains("Loading samples/Checkout/Checkout.csproj", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Loading", result.Output, StringComparison.Ordinal);
    }

    /// <summary>The lines of docs/tool.md's excerpt of the sample's Markdown inventory.</summary>
    private static List<string> ToolDocsExcerpt()
    {
        string page = Docs.Read("docs/tool.md");
        const string Heading = "Markdown, for the sample service (an excerpt):\n\n```text\n";
        int start = page.IndexOf(Heading, StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/tool.md has no excerpt of the sample's Markdown inventory");
        start += Heading.Length;
        return page[start..page.IndexOf("```", start, StringComparison.Ordinal)].Split('\n').Where(line => line.Length > 0).ToList();
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    /// <summary>Each site as (role, file, line, labels joined by ','; null when the site gives none).</summary>
    private static IEnumerable<(string? Role, string? File, int Line, string? Labels)> Sites(JsonElement metric) =>
        metric.GetProperty("sites").EnumerateArray().Select(s => (
            s.GetProperty("role").GetString(),
            s.GetProperty("file").GetString(),
            s.GetProperty("line").GetInt32(),
            s.GetProperty("labels").ValueKind == JsonValueKind.Null ? null : string.Join(",", Strings(s.GetProperty("labels")))));
}
