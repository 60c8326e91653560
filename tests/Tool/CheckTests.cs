using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using SignalContract.Tool.Tests.Infrastructure;

namespace SignalContract.Tool.Tests;

/// <summary>
/// <c>signalcontract check</c> on copies of the samples: the analyzers as the build runs them, a baseline written,
/// applied, and kept honest after the code changes, and SARIF for code scanning.
/// </summary>
public sealed class CheckTests
{
    private const string OrderService = "samples/Checkout/OrderService.cs";
    private const string PaymentClient = "samples/Checkout/PaymentClient.cs";
    private const string Telemetry = "samples/Checkout/CheckoutTelemetry.cs";

    /// <summary>The seven findings the sample's build reports (samples/Checkout/README.md), by rule and file.</summary>
    private static readonly (string Rule, string File)[] SampleFindings =
    [
        ("OBS1005", OrderService),
        ("OBS2004", OrderService),
        ("OBS4001", OrderService),
        ("OBS1001", PaymentClient),
        ("OBS3001", PaymentClient),
        ("OBS1009", "samples/Checkout/QueuedOrderWorker.cs"),
        ("OBS3002", "samples/Checkout/QueuedOrderWorker.cs"),
    ];

    [Fact]
    public async Task Baseline_IsWritten_Applied_AndFailsOnNewAndStaleFindings()
    {
        var copy = await SampleCopy.CreateAsync("check", "samples/Checkout");
        try
        {
            // 1. Adoption: record what the code has today. Writing a baseline accepts it: exit 0.
            var first = await copy.RunAsync("check", "samples/Checkout", "--write-baseline", "signals.baseline.json", "--sarif", "first.sarif");
            Assert.True(first.ExitCode == 0, first.ToString());
            var findings = Findings(first.Output);
            Assert.Equal(SampleFindings.OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Rule, StringComparer.Ordinal), findings.Select(f => (f.Rule, f.File)).OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Rule, StringComparer.Ordinal));
            Assert.Contains($"{OrderService}({copy.LineOf(OrderService, "new KeyValuePair<string, object?>(\"region\"")},47): warning OBS1005: Labels of metric 'shop.checkout.duration' differ from the contract's labels [outcome]: 'region' is not declared", first.Output, StringComparison.Ordinal);
            Assert.EndsWith("7 findings: 7 new, 0 in the baseline\n", first.Output, StringComparison.Ordinal);

            using (var baseline = JsonDocument.Parse(File.ReadAllText(copy.PathOf("signals.baseline.json"))))
            {
                Assert.Equal(1, baseline.RootElement.GetProperty("baselineVersion").GetInt32());
                var entries = baseline.RootElement.GetProperty("findings").EnumerateArray().ToList();
                Assert.Equal(7, entries.Count);
                var entry = entries.Single(e => e.GetProperty("rule").GetString() == "OBS1001");
                Assert.Equal((PaymentClient, "Metric name 'payment_retries' is not inside an approved namespace (shop.checkout, shop.payments)", 1), (entry.GetProperty("file").GetString(), entry.GetProperty("message").GetString(), entry.GetProperty("count").GetInt32()));
                Assert.False(entry.TryGetProperty("line", out _), "Baseline entries carry no line, so moved code still matches.");
            }

            using (var sarif = JsonDocument.Parse(File.ReadAllText(copy.PathOf("first.sarif"))))
            {
                var run = sarif.RootElement.GetProperty("runs")[0];
                Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
                Assert.All(run.GetProperty("results").EnumerateArray(), r => Assert.Equal("new", r.GetProperty("baselineState").GetString()));
                Assert.All(run.GetProperty("results").EnumerateArray(), r => Assert.Empty(r.GetProperty("suppressions").EnumerateArray()));
            }

            // 2. The baseline applied: every finding is known, so the check passes and SARIF marks them suppressed.
            var second = await copy.RunAsync("check", "samples/Checkout", "--baseline", "signals.baseline.json", "--sarif", "second.sarif");
            Assert.True(second.ExitCode == 0, second.ToString());
            Assert.All(Findings(second.Output), f => Assert.True(f.Baselined, f.Line));
            Assert.EndsWith("7 findings: 0 new, 7 in the baseline\n", second.Output, StringComparison.Ordinal);
            AssertSarif(copy.PathOf("second.sarif"), copy.Root, PaymentClient, copy.LineOf(PaymentClient, "CreateCounter<long>(\"payment_retries\""));

            // 3. The code changes: lines move (the baseline still matches), one finding is fixed (its entry is now
            // stale and must go) and a new one appears (it fails).
            Edit(copy.PathOf(PaymentClient), text => "// Moved down by an unrelated edit.\n\n" + text);
            Edit(copy.PathOf(OrderService), text => text.Replace(",\n            new KeyValuePair<string, object?>(\"region\", order.Region));", ");", StringComparison.Ordinal));
            Edit(copy.PathOf(Telemetry), text => text.Replace(
                "    /// <summary>Time spent",
                "    public static readonly Counter<long> Refunds = Meter.CreateCounter<long>(\"refunds\", \"{refund}\");\n\n    /// <summary>Time spent",
                StringComparison.Ordinal));

            var third = await copy.RunAsync("check", "samples/Checkout", "--baseline", "signals.baseline.json");
            Assert.True(third.ExitCode == 1, third.ToString());
            var after = Findings(third.Output);
            Assert.Equal(
                [("OBS1001", Telemetry, false), ("OBS4001", OrderService, true), ("OBS2004", OrderService, true), ("OBS1001", PaymentClient, true), ("OBS3001", PaymentClient, true)],
                after.Where(f => f.File != "samples/Checkout/QueuedOrderWorker.cs").Select(f => (f.Rule, f.File, f.Baselined)));
            Assert.Contains(
                $"Stale baseline entry in signals.baseline.json: OBS1005 in {OrderService} \"Labels of metric 'shop.checkout.duration' differ from the contract's labels [outcome]: 'region' is not declared\" matches no finding",
                third.Output,
                StringComparison.Ordinal);
            Assert.EndsWith("7 findings: 1 new, 6 in the baseline; 1 stale baseline entry\n", third.Output, StringComparison.Ordinal);

            // 4. Severities come from .editorconfig, as in the build: a rule set to none reports nothing, so its
            // baseline entry goes stale too.
            File.WriteAllText(copy.PathOf("samples/Checkout/.editorconfig"), "[*.cs]\ndotnet_diagnostic.OBS1001.severity = none\n");
            var fourth = await copy.RunAsync("check", "samples/Checkout", "--baseline", "signals.baseline.json");
            Assert.True(fourth.ExitCode == 1, fourth.ToString());
            Assert.DoesNotContain("OBS1001:", fourth.Output, StringComparison.Ordinal);
            Assert.Contains("Stale baseline entry in signals.baseline.json: OBS1001 in samples/Checkout/PaymentClient.cs", fourth.Output, StringComparison.Ordinal);
            Assert.EndsWith("5 findings: 0 new, 5 in the baseline; 2 stale baseline entries\n", fourth.Output, StringComparison.Ordinal);
        }
        finally
        {
            copy.Delete();
        }
    }

    [Fact]
    public async Task ProjectWithoutThePackage_UsesTheNearestContractAbove()
    {
        var copy = await SharedSamples.GetAsync();
        var result = await copy.RunAsync("check", "samples/CheckoutLegacy");

        Assert.True(result.ExitCode == 1, result.ToString());
        const string Legacy = "samples/CheckoutLegacy/LegacyCheckout.cs";
        const string LegacyTelemetry = "samples/CheckoutLegacy/LegacyTelemetry.cs";
        Assert.Equal(
            [
                $"{Legacy}({copy.LineOf(Legacy, "SetTag(\"region\"")},26): warning OBS3006: Attribute 'region' is not declared for span 'checkout.place_order' (declared: payment_method)",
                $"{LegacyTelemetry}({copy.LineOf(LegacyTelemetry, "\"shop_payments_retries_total\"")},31): warning OBS1003: Metric 'shop_payments_retries_total' is not declared in the contract's metrics.instruments",
                "2 findings: 2 new, 0 in the baseline",
            ],
            result.Output.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task UnknownOption_IsAUsageError()
    {
        var result = await ToolRun.RunAsync(Path.GetTempPath(), "check", "x.csproj", "--baseline-file", "b.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--baseline-file", result.Error, StringComparison.Ordinal);
        Assert.Contains("Run 'signalcontract check --help' for usage.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingProject_IsALoadError()
    {
        var result = await ToolRun.RunAsync(Path.GetTempPath(), "check", "no-such-project.csproj");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: Project or solution not found: no-such-project.csproj\n", result.Error);
    }

    [Fact]
    public async Task ProjectMSBuildCannotRead_IsALoadError()
    {
        string folder = Directory.CreateTempSubdirectory("signalcontract-broken-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "Broken.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n");

            var result = await ToolRun.RunAsync(folder, "check", "Broken.csproj");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("error: ", result.Error, StringComparison.Ordinal);
            Assert.Contains("Broken.csproj", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("failed unexpectedly", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task FolderWithTwoProjects_AsksWhichOne()
    {
        string folder = Directory.CreateTempSubdirectory("signalcontract-two-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "A.csproj"), "<Project />");
            File.WriteAllText(Path.Combine(folder, "B.csproj"), "<Project />");

            var result = await ToolRun.RunAsync(folder, "inventory", ".");

            Assert.Equal(2, result.ExitCode);
            Assert.Equal("error: . holds more than one .csproj file; name the one to read.\n", result.Error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task UnrestoredProject_SaysToRunRestore()
    {
        string folder = Path.Combine(Path.GetTempPath(), "signalcontract-unrestored-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "Service.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(folder, "Service.cs"), "namespace Service; public static class Empty { }\n");

            var result = await ToolRun.RunAsync(folder, "inventory", ".");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("error: Service.csproj is not restored (no project.assets.json): run `dotnet restore Service.csproj` first.", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void AssertSarif(string path, string root, string file, int line)
    {
        using var sarif = JsonDocument.Parse(File.ReadAllText(path));
        var log = sarif.RootElement;
        Assert.Equal("2.1.0", log.GetProperty("version").GetString());
        var run = log.GetProperty("runs")[0];
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("signalcontract", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.Contains(rules, r => r.GetProperty("id").GetString() == "OBS1001"
            && r.GetProperty("helpUri").GetString() == "https://github.com/signalcontract/SignalContract.Analyzers/blob/main/docs/rules/OBS1001.md");
        Assert.Equal(new Uri(root + "/").AbsoluteUri, run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString());

        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(SampleFindings.Length, results.Count);
        var result = results.Single(r => r.GetProperty("ruleId").GetString() == "OBS1001");
        Assert.Equal("warning", result.GetProperty("level").GetString());
        Assert.Equal("OBS1001", rules[result.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal((file, "%SRCROOT%"), (location.GetProperty("artifactLocation").GetProperty("uri").GetString(), location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString()));
        Assert.Equal(line, location.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal("unchanged", result.GetProperty("baselineState").GetString());
        var suppression = Assert.Single(result.GetProperty("suppressions").EnumerateArray());
        Assert.Equal(("external", "accepted"), (suppression.GetProperty("kind").GetString(), suppression.GetProperty("status").GetString()));
        Assert.Empty(run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray());
    }

    private static void Edit(string path, Func<string, string> edit)
    {
        string before = File.ReadAllText(path);
        string after = edit(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after);
    }

    /// <summary>The finding lines of a check's output: rule, file, and whether the baseline holds it.</summary>
    private static List<(string Rule, string File, bool Baselined, string Line)> Findings(string output) =>
        output.Split('\n')
            .Where(line => line.Contains(": warning OBS", StringComparison.Ordinal) || line.Contains(": error OBS", StringComparison.Ordinal))
            .Select(line =>
            {
                int paren = line.IndexOf('(', StringComparison.Ordinal);
                int rule = line.IndexOf("OBS", StringComparison.Ordinal);
                return (line.Substring(rule, 7), line[..paren], line.EndsWith(" [baseline]", StringComparison.Ordinal), line);
            })
            .ToList();
}
