using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using SignalContract.Tool.Tests.Infrastructure;

namespace SignalContract.Tool.Tests;

/// <summary>
/// The log events of <c>signalcontract inventory</c>, read through the logging rules' recognition: the samples, and
/// tests/Tool/LoggingProject, which holds each API shape (Microsoft.Extensions.Logging calls and scopes,
/// <c>[LoggerMessage]</c>, <c>LoggerMessage.Define</c>, Serilog, a wrapper) under its own contract and .editorconfig.
/// </summary>
public sealed class InventoryLogTests
{
    private const string Pipeline = "trace_id pipeline (signal_contract.logs.supplied_fields)";

    [Fact]
    public async Task Checkout_ListsEachLogCall_WithLevelTemplateAndWhatSuppliesEachField()
    {
        var copy = await SharedSamples.GetAsync();
        using var inventory = JsonDocument.Parse(await SharedSamples.ReadAsync(SharedSamples.CheckoutInventory));
        const string Orders = "samples/Checkout/OrderService.cs";
        const string Payments = "samples/Checkout/PaymentClient.cs";
        const string Worker = "samples/Checkout/QueuedOrderWorker.cs";
        // RequestScope.Begin is the contract's scope provider: its scope carries both required fields.
        var orderScopes = copy.LinesOf(Orders, "RequestScope.Begin(logger, requestId, correlationId)");
        string Provided(int line, string field) =>
            $"correlation_id provider:{line} (Shop.Observability.RequestScope.Begin), {field}, request_id provider:{line} (Shop.Observability.RequestScope.Begin)";

        Assert.Equal(
            [
                // The OBS4001 finding: the customer's email is a field of the event.
                $"information | — | Placed order {{order_id}} for {{customer_email}} | correlation_id, customer_email, order_id, request_id"
                    + $" | call {Orders}:{copy.LineOf(Orders, "\"Placed order")} [{Provided(orderScopes[0], "customer_email message, order_id message")}]",
                // The OBS2004 finding: the decline's text is logged, its exception is not, which is no field of the event.
                $"warning | — | Payment for order {{order_id}} was declined: {{reason}} | correlation_id, order_id, reason, request_id"
                    + $" | call {Orders}:{copy.LineOf(Orders, "was declined")} [{Provided(orderScopes[0], "order_id message, reason message")}]",
                $"information | — | Cancelled order {{order_id}} | correlation_id, order_id, request_id"
                    + $" | call {Orders}:{copy.LineOf(Orders, "\"Cancelled order")} [{Provided(orderScopes[1], "order_id message")}]",
                $"debug | — | Authorized payment {{authorization_id}} for order {{order_id}} | authorization_id, order_id"
                    + $" | call {Payments}:{copy.LineOf(Payments, "LogDebug")} [authorization_id message, order_id message]",
                $"warning | — | Payment gateway unreachable; order {{order_id}} stays queued | correlation_id, order_id, request_id"
                    + $" | call {Worker}:{copy.LineOf(Worker, "LogWarning")} [{Provided(copy.LineOf(Worker, "RequestScope.Begin"), "order_id message")}]",
            ],
            Events(inventory.RootElement).Select(Describe));
    }

    [Fact]
    public async Task Checkout_LogCoverage_FindsEveryEventAboveTheMinimumCarryingTheRequiredFields()
    {
        using var inventory = JsonDocument.Parse(await SharedSamples.ReadAsync(SharedSamples.CheckoutInventory));
        var root = inventory.RootElement;

        var logs = root.GetProperty("coverage").GetProperty("logs");
        Assert.Equal(["correlation_id", "request_id"], Strings(logs.GetProperty("requiredFields")));
        // The debug event carries neither, and is below the contract's minimum level (Information).
        Assert.Empty(Strings(logs.GetProperty("missingOnSomeEvents")));
        Assert.Empty(logs.GetProperty("lacking").EnumerateArray());
        Assert.Empty(root.GetProperty("unresolved").EnumerateArray());
        Assert.Empty(root.GetProperty("producer").GetProperty("notes").EnumerateArray());
    }

    [Fact]
    public async Task Legacy_ListsSerilogEvents_WithTheRequestIdsItsLogContextCarries()
    {
        var copy = await SharedSamples.GetAsync();
        using var inventory = JsonDocument.Parse(await SharedSamples.ReadAsync(SharedSamples.LegacyInventory));
        const string File = "samples/CheckoutLegacy/LegacyCheckout.cs";
        var requestLines = copy.LinesOf(File, "PushProperty(\"request_id\"");
        var correlationLines = copy.LinesOf(File, "PushProperty(\"correlation_id\"");
        string Pushed(int request) => $"correlation_id scope:{correlationLines[requestLines.IndexOf(request)]}";

        Assert.Equal(
            [
                $"warning | — | Payment for order {{order_id}} was declined: {{reason}} | correlation_id, order_id, reason, request_id"
                    + $" | call {File}:{copy.LineOf(File, "Log.Warning")} [{Pushed(requestLines[0])}, order_id message, reason message, request_id scope:{requestLines[0]}]",
                $"information | — | Placed order {{order_id}} for customer {{customer_id}} | correlation_id, customer_id, order_id, request_id"
                    + $" | call {File}:{copy.LineOf(File, "\"Placed order")} [{Pushed(requestLines[0])}, customer_id message, order_id message, request_id scope:{requestLines[0]}]",
                $"information | — | Cancelled order {{order_id}} | correlation_id, order_id, request_id"
                    + $" | call {File}:{copy.LineOf(File, "\"Cancelled order")} [{Pushed(requestLines[1])}, order_id message, request_id scope:{requestLines[1]}]",
            ],
            Events(inventory.RootElement).Select(Describe));
    }

    [Fact]
    public async Task MicrosoftExtensionsLogging_ScopesAddUp_AndEachFieldSaysWhereItComesFrom()
    {
        var copy = await SharedSamples.GetAsync();
        var root = await LoggingInventoryAsync();
        string file = SharedSamples.LoggingProject + "/Orders.cs";
        int handling = copy.LineOf(file, "BeginScope(\"Handling {request_id}\"");
        int tenant = copy.LineOf(file, "[\"tenant_id\"]");
        int provider = copy.LineOf(file, "Correlation.Begin(logger, requestId)");
        string Provided = $"request_id provider:{provider} (Shop.Logging.Correlation.Begin)";

        Assert.Equal(
            [
                $"information | — | Handling order {{order_id}} | order_id, request_id, trace_id | call {file}:{copy.LineOf(file, "\"Handling order")} [order_id message, request_id scope:{handling}, {Pipeline}]",
                $"warning | — | Order {{order_id}} is late | order_id, request_id, tenant_id, trace_id | call {file}:{copy.LineOf(file, "is late")} [order_id message, request_id scope:{handling}, tenant_id scope:{tenant}, {Pipeline}]",
                // After the scope's block: only what the message and the pipeline give.
                $"information | — | Handled order {{order_id}} | order_id, trace_id | call {file}:{copy.LineOf(file, "\"Handled order")} [order_id message, {Pipeline}]",
                $"debug | — | Probing {{order_id}} | order_id, request_id, trace_id | call {file}:{copy.LineOf(file, "LogDebug")} [order_id message, {Provided}, {Pipeline}]",
                $"error | — | Order {{order_id}} failed | order_id, request_id, trace_id | call {file}:{copy.LineOf(file, "LogError")} [order_id message, {Provided}, {Pipeline}]",
                $"information | — | Tick {{tick}} | tick, trace_id | call {file}:{copy.LineOf(file, "\"Tick")} [tick message, {Pipeline}]",
                $"information | — | Status requested | request_id, trace_id | call {file}:{copy.LineOf(file, "\"Status requested\"")} [request_id host (logs.ambientIn), {Pipeline}]",
            ],
            Events(root).Where(e => Sites(e).All(s => s.File == file) && e.GetProperty("template").ValueKind != JsonValueKind.Null && e.GetProperty("event").ValueKind == JsonValueKind.Null).Select(Describe));
    }

    [Fact]
    public async Task TemplateBuiltAtRunTime_IsAnEventWithoutTemplate_AndSaysWhy()
    {
        var copy = await SharedSamples.GetAsync();
        var root = await LoggingInventoryAsync();
        string file = SharedSamples.LoggingProject + "/Orders.cs";
        int line = copy.LineOf(file, "LogWarning($\"Order {orderId} is slow\")");

        var logEvent = Assert.Single(Events(root), e => Sites(e).Any(s => s.File == file && s.Line == line));
        Assert.Equal(
            $"warning | — | — | request_id, trace_id | call {file}:{line} [request_id provider:{copy.LineOf(file, "Correlation.Begin(logger, requestId)")} (Shop.Logging.Correlation.Begin), {Pipeline}]",
            Describe(logEvent));
        Assert.Contains(
            ("log", "call", file, line, "the message template is built at run time (OBS2003): its values are logged as text, not as fields"),
            Unresolved(root));
    }

    [Fact]
    public async Task LoggerMessage_IsAnEventAtItsDeclaration_AndAtEachCall()
    {
        var copy = await SharedSamples.GetAsync();
        var root = await LoggingInventoryAsync();
        string messages = SharedSamples.LoggingProject + "/OrderLog.cs";
        string orders = SharedSamples.LoggingProject + "/Orders.cs";
        int provider = copy.LineOf(orders, "Correlation.Begin(logger, requestId)");

        // The event name is the attribute's EventName, else the method's name, as the generator names the EventId.
        Assert.Equal(
            [
                $"information | OrderPlaced | Placed order {{order_id}} | order_id, payment_method, request_id, trace_id"
                    + $" | declaration {messages}:{copy.LineOf(messages, "void Placed(")} [order_id message, payment_method call, {Pipeline}]"
                    + $" | call {orders}:{copy.LineOf(orders, "OrderLog.Placed(")} [order_id message, payment_method call, request_id provider:{provider} (Shop.Logging.Correlation.Begin), {Pipeline}]",
                $"warning | LowStock | Stock for {{sku}} is low | sku, trace_id | declaration {messages}:{copy.LineOf(messages, "void LowStock(")} [sku message, {Pipeline}]",
            ],
            Events(root).Where(e => e.GetProperty("event").ValueKind != JsonValueKind.Null).Select(Describe));
    }

    [Fact]
    public async Task DefinedMessage_IsAnEventAtItsDefinition_AndAtEachInvocation()
    {
        var copy = await SharedSamples.GetAsync();
        var root = await LoggingInventoryAsync();
        string file = SharedSamples.LoggingProject + "/OrderLog.cs";

        var shipped = Assert.Single(Events(root), e => e.GetProperty("template").GetString() == "Shipped order {order_id}");
        Assert.Equal(
            $"information | — | Shipped order {{order_id}} | order_id, trace_id"
                + $" | declaration {file}:{copy.LineOf(file, "LoggerMessage.Define<string>")} [order_id message, {Pipeline}]"
                + $" | call {file}:{copy.LineOf(file, "ShippedMessage(logger, orderId, null)")} [order_id message, {Pipeline}]",
            Describe(shipped));
    }

    [Fact]
    public async Task Serilog_ReadsForContextLogContextAndWrappers()
    {
        var copy = await SharedSamples.GetAsync();
        var root = await LoggingInventoryAsync();
        string file = SharedSamples.LoggingProject + "/Payments.cs";
        int pushed = copy.LineOf(file, "PushProperty(\"request_id\"");
        int retrying = copy.LineOf(file, "\"Retrying");

        Assert.Equal(
            [
                // "job" comes from the ForContext the field is initialised with; "attempt" from the call's own receiver.
                $"information | — | Charging {{payment_id}} | job, payment_id, request_id, trace_id | call {file}:{copy.LineOf(file, "\"Charging")} [job logger, payment_id message, request_id scope:{pushed}, {Pipeline}]",
                $"warning | — | Retrying {{payment_id}} | attempt, payment_id, request_id, trace_id | call {file}:{retrying} [attempt logger:{retrying}, payment_id message, request_id scope:{pushed}, {Pipeline}]",
                // A wrapper marked [MessageTemplateFormatMethod]: each call is the event (its name gives no level); its body is not one.
                $"— | — | Refunded {{payment_id}} | payment_id, trace_id | call {file}:{copy.LineOf(file, "Audit(\"Refunded")} [payment_id message, {Pipeline}]",
                // An unmarked helper: its callers' templates cannot be read, which the inventory says (below).
                $"information | — | — | job, trace_id | call {file}:{copy.LineOf(file, "_log.Information(message)")} [job logger, {Pipeline}]",
            ],
            Events(root).Where(e => Sites(e).All(s => s.File == file)).Select(Describe));
        Assert.Contains(
            ("log", "call", file, copy.LineOf(file, "_log.Information(message)"),
                "the message template is the parameter 'message' of Note, whose callers give it; mark the method [MessageTemplateFormatMethod] or [StructuredMessageTemplate] so that its calls are read as log events"),
            Unresolved(root));
    }

    [Fact]
    public async Task LogCoverage_ListsEachSiteLackingARequiredField_AndWhetherItsCallersMaySupplyIt()
    {
        var copy = await SharedSamples.GetAsync();
        var logs = (await LoggingInventoryAsync()).GetProperty("coverage").GetProperty("logs");
        string messages = SharedSamples.LoggingProject + "/OrderLog.cs";
        string orders = SharedSamples.LoggingProject + "/Orders.cs";
        string payments = SharedSamples.LoggingProject + "/Payments.cs";

        Assert.Equal(["request_id"], Strings(logs.GetProperty("requiredFields")));
        Assert.Equal(
            [
                // Nothing calls LowStock: judged at its declaration, as OBS2001 judges it.
                ("warning", "LowStock", messages, copy.LineOf(messages, "void LowStock("), "request_id", false),
                ("information", null, messages, copy.LineOf(messages, "ShippedMessage(logger, orderId, null)"), "request_id", true),
                ("information", null, orders, copy.LineOf(orders, "\"Handled order"), "request_id", true),
                // A lambda is run by whoever holds it: judged where it is written.
                ("information", null, orders, copy.LineOf(orders, "\"Tick"), "request_id", false),
                (null, null, payments, copy.LineOf(payments, "Audit(\"Refunded"), "request_id", true),
            ],
            logs.GetProperty("lacking").EnumerateArray().Select(l => (
                Text(l, "level"), Text(l, "event"), l.GetProperty("file").GetString(), l.GetProperty("line").GetInt32(),
                string.Join(",", Strings(l.GetProperty("missing"))), l.GetProperty("callersMaySupply").GetBoolean())));
        // Only the sites no caller can help count as missing.
        Assert.Equal(["request_id"], Strings(logs.GetProperty("missingOnSomeEvents")));
    }

    [Fact]
    public async Task LogCoverage_AgreesWithOBS2001()
    {
        var copy = await SharedSamples.GetAsync();
        var logs = (await LoggingInventoryAsync()).GetProperty("coverage").GetProperty("logs");
        var result = await copy.RunAsync("check", SharedSamples.LoggingProject);

        var findings = result.Output.Split('\n')
            .Where(line => line.Contains(": warning OBS2001:", StringComparison.Ordinal))
            .Select(line => line[..line.IndexOf(',', StringComparison.Ordinal)].Replace("(", ":", StringComparison.Ordinal))
            .ToList();
        // Every site the inventory finds lacking is a finding of OBS2001 here (none has a caller that opens a scope),
        // except a [LoggerMessage] method nobody calls: in a build that runs the logging generator, the analyzer does not
        // see the method's declaration, whose generated half marks it [GeneratedCode].
        var declarations = Events(await LoggingInventoryAsync()).SelectMany(Sites).Where(s => s.Role == "declaration").Select(s => $"{s.File}:{s.Line}").ToHashSet();
        var lacking = logs.GetProperty("lacking").EnumerateArray()
            .Select(l => $"{l.GetProperty("file").GetString()}:{l.GetProperty("line").GetInt32()}")
            .Where(site => !declarations.Contains(site))
            .ToList();
        Assert.NotEmpty(findings);
        Assert.Equal(lacking.Order(StringComparer.Ordinal), findings.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Markdown_SaysWhatSuppliesEachField_AndListsTheSitesLackingOne()
    {
        var copy = await SharedSamples.GetAsync();
        var inventory = JsonSerializer.Deserialize<Inventory.SignalInventory>(await SharedSamples.ReadAsync(SharedSamples.LoggingInventory), Reports.Json.Options)!;
        string orders = SharedSamples.LoggingProject + "/Orders.cs";
        string messages = SharedSamples.LoggingProject + "/OrderLog.cs";

        string page = Inventory.InventoryMarkdown.Write(inventory);

        Assert.Contains(
            $"| warning | — | `Order {{order_id}} is late` | `order_id`, `request_id` (scope), `tenant_id` (scope), `trace_id` (pipeline) | {orders}:{copy.LineOf(orders, "is late")} |",
            page,
            StringComparison.Ordinal);
        Assert.Contains(
            $"| information | `OrderPlaced` | `Placed order {{order_id}}` | `order_id`, `payment_method` (call), `request_id` (provider), `trace_id` (pipeline) | {messages}:{copy.LineOf(messages, "void Placed(")}, {orders}:{copy.LineOf(orders, "OrderLog.Placed(")} |",
            page,
            StringComparison.Ordinal);
        Assert.Contains("- Required log fields (`request_id`) some event lacks: `request_id`\n- Log sites that lack them where they are written (5):\n", page, StringComparison.Ordinal);
        Assert.Contains($"  - `{orders}:{copy.LineOf(orders, "\"Tick")}` information `Tick {{tick}}` lacks `request_id`\n", page, StringComparison.Ordinal);
        Assert.Contains($"  - `{orders}:{copy.LineOf(orders, "\"Handled order")}` information `Handled order {{order_id}}` lacks `request_id` (its callers may supply them; OBS2001 follows callers)\n", page, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> LoggingInventoryAsync()
    {
        using var inventory = JsonDocument.Parse(await SharedSamples.ReadAsync(SharedSamples.LoggingInventory));
        return inventory.RootElement.Clone();
    }

    private static List<JsonElement> Events(JsonElement root) => root.GetProperty("logs").EnumerateArray().ToList();

    private static IEnumerable<(string? Role, string? File, int Line)> Sites(JsonElement logEvent) =>
        logEvent.GetProperty("sites").EnumerateArray().Select(s => (Text(s, "role"), s.GetProperty("file").GetString(), s.GetProperty("line").GetInt32()));

    /// <summary>
    /// An event as one line: <c>level | event | template | fields</c>, then each site as <c>role file:line [origins]</c>,
    /// each origin as <c>field from</c>, with <c>:line</c> where the code that supplies it is written and <c>(by)</c> where
    /// a name says what supplies it.
    /// </summary>
    private static string Describe(JsonElement logEvent)
    {
        var sites = logEvent.GetProperty("sites").EnumerateArray().Select(site =>
        {
            var origins = site.GetProperty("origins").EnumerateArray().Select(o =>
                $"{o.GetProperty("field").GetString()} {o.GetProperty("from").GetString()}"
                + (o.TryGetProperty("line", out var line) ? $":{line.GetInt32()}" : string.Empty)
                + (o.TryGetProperty("by", out var by) ? $" ({by.GetString()})" : string.Empty));
            Assert.Equal(Strings(site.GetProperty("fields")), site.GetProperty("origins").EnumerateArray().Select(o => o.GetProperty("field").GetString()!).Distinct());
            return $"{Text(site, "role")} {site.GetProperty("file").GetString()}:{site.GetProperty("line").GetInt32()} [{string.Join(", ", origins)}]";
        });
        return string.Join(" | ", [Text(logEvent, "level") ?? "—", Text(logEvent, "event") ?? "—", Text(logEvent, "template") ?? "—", string.Join(", ", Strings(logEvent.GetProperty("fields"))), .. sites]);
    }

    private static IEnumerable<(string?, string?, string?, int, string?)> Unresolved(JsonElement root) =>
        root.GetProperty("unresolved").EnumerateArray().Select(u => (Text(u, "signal"), Text(u, "role"), Text(u, "file"), u.GetProperty("line").GetInt32(), Text(u, "reason")));

    private static string? Text(JsonElement element, string name) =>
        element.GetProperty(name).ValueKind == JsonValueKind.Null ? null : element.GetProperty(name).GetString();

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
