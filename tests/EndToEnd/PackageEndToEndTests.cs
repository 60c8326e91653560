using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace SignalContract.Analyzers.Tests.EndToEnd;

/// <summary>A finding the consumer build must report: rule, file (relative to the consumer folder), and the text it starts at.</summary>
public sealed record ExpectedDiagnostic(string Id, string File, string Marker);

/// <summary>
/// The package as a user gets it: packed to a nupkg, restored from a folder feed by a project that only adds the
/// PackageReference, with contract.json in a parent folder.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class PackageEndToEndTests(PackedPackageFixture package) : IClassFixture<PackedPackageFixture>
{
    /// <summary>
    /// Every finding the consumer build must report, exactly where. When a rule family lands, make the consumer code
    /// (<see cref="ConsumerProject.Source"/>) violate one of its rules and add the entry here.
    /// </summary>
    public static readonly ExpectedDiagnostic[] Expected =
    [
        new("OBS0003", ConsumerProject.ContractFile, "\"servce\""),
        new("OBS1009", ConsumerProject.SourceFile, "\"checkout_orders_total\""),
        new("OBS3001", ConsumerProject.SourceFile, "Source.StartActivity("),
    ];

    [Fact]
    public void Nupkg_HoldsAnalyzersAndMsBuildFilesOnly()
    {
        using var nupkg = ZipFile.OpenRead(package.PackagePath);
        var entries = nupkg.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        string[] shipped =
        [
            "analyzers/dotnet/cs/SignalContract.Analyzers.dll",
            "analyzers/dotnet/cs/SignalContract.CodeFixes.dll",
            "build/SignalContract.Analyzers.props",
            "build/SignalContract.Analyzers.targets",
            "buildTransitive/SignalContract.Analyzers.props",
            "buildTransitive/SignalContract.Analyzers.targets",
            ReadyToRunEntry,
        ];
        Assert.All(shipped, file => Assert.Contains(file, entries));
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal));
        Assert.Equal(3, entries.Count(e => e.EndsWith(".dll", StringComparison.Ordinal)));

        // The copy under r2r/ is precompiled for linux-x64; the one NuGet hands every other host is plain IL.
        Assert.True(HasReadyToRunCode(nupkg, ReadyToRunEntry), ReadyToRunEntry + " should hold ReadyToRun code");
        Assert.False(HasReadyToRunCode(nupkg, "analyzers/dotnet/cs/SignalContract.Analyzers.dll"), "the IL copy should hold no native code");

        using var nuspec = new StreamReader(nupkg.GetEntry("SignalContract.Analyzers.nuspec")!.Open());
        string manifest = nuspec.ReadToEnd();
        Assert.Contains("<developmentDependency>true</developmentDependency>", manifest);
        Assert.DoesNotContain("<dependencies>", manifest);
    }

    [Fact]
    public async Task CompilerGetsTheReadyToRunCopy_OnlyOnLinuxX64()
    {
        var consumer = package.CreateConsumer("r2r", ConsumerProject.ViolatedContract);

        var chosen = await AnalyzerPathsAsync(consumer);
        var optedOut = await AnalyzerPathsAsync(consumer, "-p:SignalContractReadyToRun=false");

        string expected = RuntimeInformation.RuntimeIdentifier == "linux-x64" ? "r2r/linux-x64/SignalContract.Analyzers.dll" : "analyzers/dotnet/cs/SignalContract.Analyzers.dll";
        Assert.Single(chosen, p => p.EndsWith(expected, StringComparison.Ordinal));
        Assert.Single(chosen, p => p.EndsWith("/SignalContract.Analyzers.dll", StringComparison.Ordinal));
        Assert.Single(chosen, p => p.EndsWith("analyzers/dotnet/cs/SignalContract.CodeFixes.dll", StringComparison.Ordinal));
        Assert.Single(optedOut, p => p.EndsWith("analyzers/dotnet/cs/SignalContract.Analyzers.dll", StringComparison.Ordinal));
        Assert.DoesNotContain(optedOut, p => p.Contains("/r2r/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PackageReferenceOnly_ReportsExpectedDiagnosticsAndSucceeds()
    {
        var consumer = package.CreateConsumer("plain", ConsumerProject.ViolatedContract);

        var build = await consumer.BuildAsync(package);

        Assert.True(build.Succeeded, build.Describe());
        foreach (var expected in Expected)
        {
            AssertReported(build, consumer, expected, "warning|error");
        }
    }

    [Fact]
    public async Task ErrorLog_WritesSarifWithHelpLinks()
    {
        var consumer = package.CreateConsumer("sarif", ConsumerProject.ViolatedContract);
        string sarifPath = Path.Combine(consumer.Directory, "build.sarif");

        // MSBuild splits -p: values at commas, so the comma before the SARIF version is escaped.
        var build = await consumer.BuildAsync(package, $"-p:ErrorLog={sarifPath}%2Cversion=2.1");

        Assert.True(build.Succeeded, build.Describe());
        Assert.True(File.Exists(sarifPath), "No SARIF log written. " + build.Describe());
        using var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var run = sarif.RootElement.GetProperty("runs")[0];
        foreach (var expected in Expected)
        {
            var (line, column) = consumer.Locate(expected.File, expected.Marker);
            string fileName = Path.GetFileName(expected.File);
            bool found = run.GetProperty("results").EnumerateArray().Any(result =>
                result.GetProperty("ruleId").GetString() == expected.Id
                && result.GetProperty("locations").EnumerateArray().Any(location =>
                {
                    var physical = location.GetProperty("physicalLocation");
                    var region = physical.GetProperty("region");
                    return physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!.EndsWith("/" + fileName, StringComparison.Ordinal)
                        && region.GetProperty("startLine").GetInt32() == line
                        && region.GetProperty("startColumn").GetInt32() == column;
                }));
            Assert.True(found, $"SARIF has no {expected.Id} result at {expected.File}({line},{column}).");

            var rule = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
                .Single(r => r.GetProperty("id").GetString() == expected.Id);
            Assert.EndsWith($"/docs/rules/{expected.Id}.md", rule.GetProperty("helpUri").GetString());
        }
    }

    [Fact]
    public async Task WarnAsError_FailsTheBuild()
    {
        var consumer = package.CreateConsumer("strict", ConsumerProject.ViolatedContract);

        var build = await consumer.BuildAsync(package, "-warnaserror");

        Assert.False(build.Succeeded, build.Describe());
        foreach (var expected in Expected)
        {
            AssertReported(build, consumer, expected, "error");
        }
    }

    [Fact]
    public async Task GlobalConfigSeverity_IsHonoured()
    {
        var consumer = package.CreateConsumer("configured", ConsumerProject.ViolatedContract);

        // OBS0003 is located in contract.json, which .editorconfig sections do not cover; a global config does, and
        // the SDK finds a .globalconfig above the project as it finds contract.json.
        File.WriteAllText(consumer.PathOf(".globalconfig"), "is_global = true\ndotnet_diagnostic.OBS0003.severity = error\n");
        var build = await consumer.BuildAsync(package);

        Assert.False(build.Succeeded, build.Describe());
        AssertReported(build, consumer, new ExpectedDiagnostic("OBS0003", ConsumerProject.ContractFile, "\"servce\""), "error");
    }

    [Fact]
    public async Task BrokenContract_ReportsObs0002AtLineAndColumn()
    {
        const string Broken = """
            {
              "version": 1,
              "metrics": {
                "requireDeclared": yes
              }
            }

            """;
        var consumer = package.CreateConsumer("broken", Broken);

        var build = await consumer.BuildAsync(package);

        Assert.False(build.Succeeded, build.Describe());
        AssertReported(build, consumer, new ExpectedDiagnostic("OBS0002", ConsumerProject.ContractFile, "yes"), "error");
    }

    [Fact]
    public async Task InlineTagsOfCurrentCompiler_AreRead()
    {
        // With .NET 9+ and C# 13, tags listed inline bind to params ReadOnlySpan<KeyValuePair<string, object?>> overloads,
        // which the compiler the unit tests run on cannot produce: only a real build shows that the rules read them.
        const string contract = """
            {
              "version": 1,
              "metrics": {
                "namespaces": ["shop.checkout"],
                "forbiddenLabels": ["user_id"],
                "instruments": [
                  { "name": "shop.checkout.orders", "kind": "counter", "unit": "{order}", "labels": ["payment_method", "region", "channel", "coupon"] },
                  { "name": "shop.checkout.queue_depth", "kind": "observablegauge", "unit": "{item}", "labels": ["queue"] }
                ]
              }
            }

            """;
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics.Metrics;

            namespace Consumer;

            public static class Checkout
            {
                private static readonly Meter Meter = new("shop.checkout");
                private static readonly Counter<long> Orders = Meter.CreateCounter<long>("shop.checkout.orders", "{order}");
                private static long _depth;

                public static readonly ObservableGauge<long> Depth = Meter.CreateObservableGauge(
                    "shop.checkout.queue_depth",
                    () => new Measurement<long>(_depth, new KeyValuePair<string, object?>("queue", "orders"), new KeyValuePair<string, object?>("owner_id", "u1")),
                    "{item}");

                public static void PlaceOrder(string paymentMethod, string region, string userId) =>
                    Orders.Add(
                        1,
                        new KeyValuePair<string, object?>("payment_method", paymentMethod),
                        new KeyValuePair<string, object?>("region", region),
                        new KeyValuePair<string, object?>("channel", "web"),
                        new KeyValuePair<string, object?>("user_id", userId));
            }

            """;
        var consumer = package.CreateConsumer("inline-tags", contract, source);

        var build = await consumer.BuildAsync(package);

        Assert.True(build.Succeeded, build.Describe());
        AssertReported(build, consumer, new ExpectedDiagnostic("OBS1005", ConsumerProject.SourceFile, "\"owner_id\""), "warning");
        AssertReported(build, consumer, new ExpectedDiagnostic("OBS1007", ConsumerProject.SourceFile, "\"user_id\""), "warning");
    }

    /// <summary>MSBuild's canonical form: <c>path(line,col): warning ID: message</c>.</summary>
    private static void AssertReported(CommandResult build, ConsumerProject consumer, ExpectedDiagnostic expected, string severities)
    {
        var (line, column) = consumer.Locate(expected.File, expected.Marker);
        string pattern = Regex.Escape($"{consumer.PathOf(expected.File)}({line},{column}): ") + $"(?:{severities}) {Regex.Escape(expected.Id)}:";
        Assert.True(
            Regex.IsMatch(build.Output, pattern),
            $"Expected {expected.Id} at {expected.File}({line},{column}). {build.Describe()}");
    }

    private const string ReadyToRunEntry = "r2r/linux-x64/SignalContract.Analyzers.dll";

    private static bool HasReadyToRunCode(ZipArchive nupkg, string entry)
    {
        using var stream = new MemoryStream();
        using (var file = nupkg.GetEntry(entry)!.Open())
        {
            file.CopyTo(stream);
        }

        stream.Position = 0;
        using var reader = new PEReader(stream);
        return reader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }

    /// <summary>The analyzer assemblies the build hands the compiler, as paths with forward slashes.</summary>
    private async Task<List<string>> AnalyzerPathsAsync(ConsumerProject consumer, params string[] switches)
    {
        var build = await consumer.BuildAsync(package, ["-t:Build", "-getItem:Analyzer", .. switches]);
        Assert.True(build.Succeeded, build.Describe());
        string output = build.Output;
        using var json = JsonDocument.Parse(output[output.IndexOf('{')..(output.LastIndexOf('}') + 1)]);
        return json.RootElement.GetProperty("Items").GetProperty("Analyzer").EnumerateArray()
            .Select(item => item.GetProperty("FullPath").GetString()!.Replace('\\', '/'))
            .ToList();
    }
}
