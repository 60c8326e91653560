using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using SignalContract.Analyzers.Tests.Meta;
using SignalContract.Tool.Tests.Infrastructure;

namespace SignalContract.Tool.Tests;

/// <summary>
/// <c>signalcontract diff</c> on tests/Tool/ContractPair: the repository's contract, then the same with a rename
/// declared through renamedFrom, a new instrument and span (compatible), a label and a required log field added
/// (breaking).
/// </summary>
public sealed class DiffTests : IDisposable
{
    private static readonly string Pair = Path.Combine(Repository.Root, "tests", "Tool", "ContractPair");

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "signalcontract-diff-" + Guid.NewGuid().ToString("N"));

    public DiffTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ContractPair_ClassifiesEveryChange_WithItsReason()
    {
        var result = await ToolRun.RunAsync(Pair, "diff", "contract.old.json", "contract.new.json", "--format", "json");

        Assert.Equal(1, result.ExitCode);
        using var report = JsonDocument.Parse(result.Output);
        var root = report.RootElement;
        Assert.Equal(("contract.old.json", "contract.new.json", 2, 3), (root.GetProperty("old").GetString(), root.GetProperty("new").GetString(), root.GetProperty("breaking").GetInt32(), root.GetProperty("compatible").GetInt32()));
        Assert.Equal(
            [
                ("metrics.instruments", "shop.checkout.orders", "renamed to shop.checkout.orders_placed", false),
                ("metrics.instruments", "shop.checkout.duration", "label region added", true),
                ("metrics.instruments", "shop.payments.retries", "added", false),
                ("traces.spans", "payments.authorize", "added", false),
                ("logs.requiredFields", "tenant_id", "added", true),
            ],
            Changes(root));
        Assert.Contains("`shop_checkout_orders_placed_total`", Reason(root, "shop.checkout.orders"), StringComparison.Ordinal);
        Assert.Contains("every record site must now record it", Reason(root, "shop.checkout.duration"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContractPair_Markdown_SplitsBreakingFromCompatible()
    {
        var result = await ToolRun.RunAsync(Pair, "diff", "contract.old.json", "contract.new.json");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("## Contract changes: `contract.old.json` → `contract.new.json`\n\n**2 breaking changes.** 3 compatible.\n\n### Breaking (2)\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("| `logs.requiredFields` | `tenant_id` | added | every log call at or above the minimum level must now carry it (OBS2001)", result.Output, StringComparison.Ordinal);
        Assert.Contains("### Compatible (3)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompatibleChangesOnly_ExitZero()
    {
        string old = Write("old.json", """{ "version": 1, "metrics": { "namespaces": ["shop"], "forbiddenLabels": ["user_id"], "instruments": [ { "name": "shop.a", "kind": "counter" } ] } }""");
        string @new = Write("new.json", """{ "version": 1, "metrics": { "namespaces": ["shop", "billing"], "instruments": [ { "name": "shop.a" }, { "name": "shop.b", "renamedFrom": [] } ] } }""");

        var result = await ToolRun.RunAsync(_folder, "diff", old, @new, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var report = JsonDocument.Parse(result.Output);
        Assert.Equal(
            [
                ("metrics.namespaces", "billing", "added", false),
                ("metrics.forbiddenLabels", "user_id", "removed", false),
                ("metrics.instruments", "shop.a", "kind counter → (any)", false),
                ("metrics.instruments", "shop.b", "added", false),
            ],
            Changes(report.RootElement));
    }

    [Theory]
    [InlineData("""{ "version": 1, "metrics": { "instruments": [ { "name": "shop.a", "unit": "ms" } ] } }""", """{ "version": 1, "metrics": { "instruments": [ { "name": "shop.a", "unit": "s" } ] } }""", "metrics.instruments", "unit ms → s")]
    [InlineData("""{ "version": 1, "metrics": { "instruments": [ { "name": "shop.a", "kind": "counter" } ] } }""", """{ "version": 1, "metrics": { "instruments": [ { "name": "shop.a", "kind": "gauge" } ] } }""", "metrics.instruments", "kind counter → gauge")]
    [InlineData("""{ "version": 1, "metrics": { "instruments": [ { "name": "shop.a", "labels": ["a", "b"] } ] } }""", """{ "version": 1, "metrics": { "instruments": [ { "name": "shop.a", "labels": ["a"] } ] } }""", "metrics.instruments", "label b removed")]
    [InlineData("""{ "version": 1, "metrics": { "instruments": [ { "name": "shop.a" } ] } }""", """{ "version": 1 }""", "metrics.instruments", "removed")]
    [InlineData("""{ "version": 1, "metrics": { "namespaces": ["shop", "billing"] } }""", """{ "version": 1, "metrics": { "namespaces": ["shop"] } }""", "metrics.namespaces", "removed")]
    [InlineData("""{ "version": 1, "traces": { "spans": [ { "name": "a", "attributes": ["x", "y"] } ] } }""", """{ "version": 1, "traces": { "spans": [ { "name": "a", "attributes": ["x"] } ] } }""", "traces.spans", "attribute y removed")]
    [InlineData("""{ "version": 1, "traces": { "spans": [ { "name": "a" } ] } }""", """{ "version": 1 }""", "traces.spans", "removed")]
    [InlineData("""{ "version": 1, "logs": { "minimumLevel": "Warning" } }""", """{ "version": 1, "logs": { "minimumLevel": "Information" } }""", "logs.minimumLevel", "Warning → Information")]
    [InlineData("""{ "version": 1, "pii": { "fields": ["email"] } }""", """{ "version": 1, "pii": { "fields": ["email", "iban"] } }""", "pii.fields", "added")]
    public async Task BreakingChange_ExitsOne(string oldText, string newText, string key, string change)
    {
        var result = await ToolRun.RunAsync(_folder, "diff", Write("old.json", oldText), Write("new.json", newText), "--format", "json");

        Assert.Equal(1, result.ExitCode);
        using var report = JsonDocument.Parse(result.Output);
        Assert.Contains((key, change, true), report.RootElement.GetProperty("changes").EnumerateArray().Select(c => (c.GetProperty("key").GetString(), c.GetProperty("change").GetString(), c.GetProperty("isBreaking").GetBoolean())));
    }

    [Fact]
    public async Task InvalidContract_IsAnError_WithLineAndColumn()
    {
        string old = Write("old.json", """{ "version": 1 }""");
        string broken = Write("broken.json", "{\n  \"version\": 1,\n  \"metrics\": { \"requireDeclared\": \"yes\" }\n}\n");

        var result = await ToolRun.RunAsync(_folder, "diff", old, broken);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("broken.json(3,35): error OBS0002: \"metrics.requireDeclared\" must be true or false, but is the string \"yes\".", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task MissingFile_IsAnError()
    {
        var result = await ToolRun.RunAsync(_folder, "diff", "nothing.json", "nothing-either.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Contract not found: nothing.json", result.Error, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        File.WriteAllText(Path.Combine(_folder, name), text);
        return name;
    }

    private static IEnumerable<(string? Key, string? Subject, string? Change, bool Breaking)> Changes(JsonElement report) =>
        report.GetProperty("changes").EnumerateArray().Select(c => (c.GetProperty("key").GetString(), c.GetProperty("subject").GetString(), c.GetProperty("change").GetString(), c.GetProperty("isBreaking").GetBoolean()));

    private static string Reason(JsonElement report, string subject) =>
        report.GetProperty("changes").EnumerateArray().First(c => c.GetProperty("subject").GetString() == subject).GetProperty("reason").GetString()!;
}
