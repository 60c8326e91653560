using System.IO;
using System.Threading.Tasks;

namespace SignalContract.Analyzers.Tests.EndToEnd;

/// <summary>
/// A throwaway project that uses the package the way a user does: a PackageReference and nothing else, with
/// contract.json in the folder above the project.
/// </summary>
public sealed class ConsumerProject
{
    /// <summary>Paths of the consumer's files, relative to its folder; expected diagnostics name their file with these.</summary>
    public const string ContractFile = "contract.json";
    public const string SourceFile = "App/Checkout.cs";

    /// <summary>
    /// Code that breaks the metric and tracing rules against <see cref="ViolatedContract"/>, so those rules only need
    /// their entries in <see cref="PackageEndToEndTests.Expected"/>: the renamed metric name
    /// <c>"checkout_orders_total"</c> (OBS1009) and the discarded span <c>Source.StartActivity(</c> (OBS3001).
    /// </summary>
    public const string Source = """
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;

        namespace Consumer;

        public static class Checkout
        {
            private static readonly ActivitySource Source = new("shop.checkout");
            private static readonly Meter Meter = new("shop.checkout");
            private static readonly Counter<long> Orders = Meter.CreateCounter<long>("checkout_orders_total", "{order}");

            public static void PlaceOrder(string paymentMethod, string region)
            {
                Source.StartActivity("checkout.place_order");
                Orders.Add(
                    1,
                    new KeyValuePair<string, object?>("payment_method", paymentMethod),
                    new KeyValuePair<string, object?>("region", region));
            }
        }

        """;

    /// <summary>A valid contract with one misspelt key, <c>"servce"</c> (OBS0003).</summary>
    public const string ViolatedContract = """
        {
          "version": 1,
          "servce": "checkout",
          "metrics": {
            "namespaces": ["shop.checkout"],
            "requireDeclared": true,
            "instruments": [
              { "name": "shop.checkout.orders", "kind": "counter", "unit": "{order}",
                "labels": ["payment_method", "region"], "renamedFrom": ["checkout_orders_total"] }
            ]
          },
          "traces": { "sources": ["shop.checkout"] }
        }

        """;

    private ConsumerProject(string directory) => Directory = directory;

    /// <summary>The folder holding contract.json; the project is in its App subfolder.</summary>
    public string Directory { get; }

    public string ProjectFile => Path.Combine(Directory, "App", "App.csproj");

    /// <summary>A consumer of <paramref name="packageVersion"/> with <paramref name="source"/> (default <see cref="Source"/>) as its code.</summary>
    /// <param name="libraries">Further packages the source uses, as (id, version).</param>
    public static ConsumerProject Create(string directory, string contract, string packageVersion, string source = Source, params (string Id, string Version)[] libraries)
    {
        var consumer = new ConsumerProject(directory);
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "App"));
        File.WriteAllText(consumer.PathOf(ContractFile), contract);
        File.WriteAllText(consumer.PathOf(SourceFile), source);
        string references = string.Concat(libraries.Select(l => $"""

                <PackageReference Include="{l.Id}" Version="{l.Version}" />
            """));
        File.WriteAllText(consumer.ProjectFile, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SignalContract.Analyzers" Version="{packageVersion}" />{references}
              </ItemGroup>
            </Project>
            """);
        return consumer;
    }

    public string PathOf(string relativePath) =>
        Path.GetFullPath(Path.Combine(Directory, relativePath.Replace('/', Path.DirectorySeparatorChar)));

    public Task<CommandResult> BuildAsync(PackedPackageFixture package, params string[] switches) =>
        DotnetCli.RunAsync(
            Path.Combine(Directory, "App"),
            ["build", ProjectFile, .. PackedPackageFixture.QuietBuildSwitches, .. switches],
            package.ConsumerEnvironment,
            PackedPackageFixture.BuildTimeout);

    /// <summary>Applies the analyzers' fixes as CI pipelines do: <c>dotnet format analyzers</c> on the project.</summary>
    public Task<CommandResult> FormatAnalyzersAsync(PackedPackageFixture package, params string[] switches) =>
        DotnetCli.RunAsync(
            Path.Combine(Directory, "App"),
            ["format", "analyzers", ProjectFile, .. switches],
            package.ConsumerEnvironment,
            PackedPackageFixture.FormatTimeout);

    /// <summary>The 1-based line and column where <paramref name="marker"/>, which must occur once, starts in the file.</summary>
    public (int Line, int Column) Locate(string relativePath, string marker)
    {
        string text = File.ReadAllText(PathOf(relativePath));
        int index = text.IndexOf(marker, StringComparison.Ordinal);
        if (index < 0 || text.IndexOf(marker, index + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException($"'{marker}' must occur exactly once in {relativePath}.", nameof(marker));
        }

        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, index - lineStart + 1);
    }
}
