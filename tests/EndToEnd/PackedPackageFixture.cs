using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using SignalContract.Analyzers.Tests.Meta;

namespace SignalContract.Analyzers.Tests.EndToEnd;

/// <summary>
/// Packs the nupkg once for all end-to-end tests into a throwaway folder that also holds the local feed, a private
/// NuGet packages folder and the consumer projects; the folder is deleted afterwards.
/// </summary>
public sealed class PackedPackageFixture : IAsyncLifetime
{
    public static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);

    /// <summary>dotnet format loads the project, then analyses it again for each rule it fixes.</summary>
    public static readonly TimeSpan FormatTimeout = TimeSpan.FromMinutes(5);

    public PackedPackageFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "signalcontract-e2e-" + Guid.NewGuid().ToString("N"));
        Feed = Path.Combine(Root, "feed");

        // A version no earlier run used, so no NuGet cache anywhere can hand back a stale package.
        Version = "0.1.0-e2e." + DateTime.UtcNow.Ticks;
    }

    public string Root { get; }

    public string Feed { get; }

    public string Version { get; }

    public string PackagePath => Path.Combine(Feed, $"SignalContract.Analyzers.{Version}.nupkg");

    /// <summary>The MSBuild switches every build here uses: no lingering build servers, no shared compiler server.</summary>
    public static IReadOnlyList<string> QuietBuildSwitches { get; } = ["-nodeReuse:false", "-p:UseSharedCompilation=false"];

    /// <summary>Consumers restore into their own packages folder, not the user's global one.</summary>
    public IReadOnlyDictionary<string, string> ConsumerEnvironment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = Path.Combine(Root, "packages"),
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        WriteFence();

        // The pack builds into its own artifacts folder: the repository's bin/ and obj/ belong to the test run that is
        // executing this code, and the version stamped here must not leak into them. It runs from the repository so
        // that its global.json picks the SDK.
        string project = Path.Combine(Repository.Root, "src", "Package", "SignalContract.Analyzers.Package.csproj");
        var pack = await DotnetCli.RunAsync(
            Repository.Root,
            [
                "pack", project, "-c", "Release", "-o", Feed,
                "--artifacts-path", Path.Combine(Root, "pack"),
                "-p:Version=" + Version,
                .. QuietBuildSwitches,
            ],
            environment: null,
            PackTimeout);
        if (!pack.Succeeded || !File.Exists(PackagePath))
        {
            throw new InvalidOperationException("Packing the analyzers failed. " + pack.Describe());
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open must not turn a passing run red; the folder is under the temp directory.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A consumer folder holding <paramref name="contract"/> as contract.json, with the project one level below; its code
    /// is <paramref name="source"/>, or <see cref="ConsumerProject.Source"/>.
    /// </summary>
    public ConsumerProject CreateConsumer(string name, string contract, string source = ConsumerProject.Source, params (string Id, string Version)[] libraries) =>
        ConsumerProject.Create(Path.Combine(Root, name), contract, Version, source, libraries);

    /// <summary>
    /// Keeps the consumers independent of whatever surrounds the temp folder: the local feed next to the default
    /// sources (the SDK still restores from those), and empty Directory.* files that stop MSBuild's upward search.
    /// </summary>
    private void WriteFence()
    {
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="signalcontract-e2e" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        foreach (string file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(Root, file), "<Project />\n");
        }
    }
}
