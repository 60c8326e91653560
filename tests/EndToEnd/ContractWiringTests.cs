using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using SignalContract.Analyzers.Tests.Meta;

namespace SignalContract.Analyzers.Tests.EndToEnd;

/// <summary>
/// The package's props and targets, evaluated by MSBuild in a project laid out as NuGet imports them (props before
/// the project body, targets after): which contract.json becomes the AdditionalFile and what the analyzers are told.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ContractWiringTests : IDisposable
{
    private static readonly TimeSpan EvaluationTimeout = TimeSpan.FromMinutes(1);

    private readonly string root = Path.Combine(Path.GetTempPath(), "signalcontract-wiring-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task ContractInProjectFolder_IsUsed()
    {
        string contract = WriteContract("repo/service/contract.json");

        var wiring = await EvaluateAsync("repo/service");

        Assert.Equal(contract, wiring.ContractPath);
        Assert.Equal([contract], wiring.AdditionalFiles);
        Assert.Contains("SignalContractPath", wiring.CompilerVisibleProperties);
    }

    [Fact]
    public async Task ContractInAncestorFolder_NearestIsUsed()
    {
        WriteContract("repo/contract.json");
        string nearest = WriteContract("repo/src/contract.json");

        var wiring = await EvaluateAsync("repo/src/services/checkout");

        Assert.Equal(nearest, wiring.ContractPath);
        Assert.Equal([nearest], wiring.AdditionalFiles);
    }

    [Fact]
    public async Task SignalContractPathInProject_WinsAndIsRelativeToTheProject()
    {
        WriteContract("repo/service/contract.json");
        string chosen = WriteContract("repo/shared/signals.json");

        var wiring = await EvaluateAsync(
            "repo/service",
            "<PropertyGroup><SignalContractPath>../shared/signals.json</SignalContractPath></PropertyGroup>");

        Assert.Equal(chosen, wiring.ContractPath);
        Assert.Equal([chosen], wiring.AdditionalFiles);
    }

    [Fact]
    public async Task SignalContractPathOnCommandLine_IsResolvedAgainstTheProject()
    {
        WriteContract("repo/service/contract.json");
        string chosen = WriteContract("repo/shared/signals.json");

        var wiring = await EvaluateAsync("repo/service", body: "", "-p:SignalContractPath=../shared/signals.json");

        Assert.Equal(chosen, wiring.ContractPath);
        Assert.Equal([chosen], wiring.AdditionalFiles);
    }

    [Fact]
    public async Task AbsoluteSignalContractPath_IsUsedAsIs()
    {
        string chosen = WriteContract("elsewhere/contract.json");

        var wiring = await EvaluateAsync(
            "repo/service",
            $"<PropertyGroup><SignalContractPath>{chosen}</SignalContractPath></PropertyGroup>");

        Assert.Equal(chosen, wiring.ContractPath);
        Assert.Equal([chosen], wiring.AdditionalFiles);
    }

    [Fact]
    public async Task ContractAlreadyInAdditionalFiles_IsListedOnce()
    {
        string contract = WriteContract("repo/contract.json");

        var wiring = await EvaluateAsync(
            "repo/service",
            "<ItemGroup><AdditionalFiles Include=\"../contract.json\" /><AdditionalFiles Include=\"notes.txt\" /></ItemGroup>");

        Assert.Equal([contract, Path.Combine(root, "repo", "service", "notes.txt")], wiring.AdditionalFiles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SignalContractPathToMissingFile_AddsNoAdditionalFile()
    {
        WriteContract("repo/contract.json");

        var wiring = await EvaluateAsync(
            "repo/service",
            "<PropertyGroup><SignalContractPath>missing.json</SignalContractPath></PropertyGroup>");

        // The analyzers then report OBS0001 naming this path.
        Assert.Equal(Path.Combine(root, "repo", "service", "missing.json"), wiring.ContractPath);
        Assert.Empty(wiring.AdditionalFiles);
    }

    private string WriteContract(string relativePath)
    {
        string path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, """{ "version": 1 }""");
        return path;
    }

    private async Task<Wiring> EvaluateAsync(string projectFolder, string body = "", params string[] switches)
    {
        string directory = Path.Combine(root, projectFolder);
        Directory.CreateDirectory(directory);
        string build = Path.Combine(Repository.Root, "src", "Package", "build");
        string project = Path.Combine(directory, "Service.proj");
        File.WriteAllText(project, $"""
            <Project>
              <Import Project="{Path.Combine(build, "SignalContract.Analyzers.props")}" />
              {body}
              <Import Project="{Path.Combine(build, "SignalContract.Analyzers.targets")}" />
            </Project>
            """);

        var evaluation = await DotnetCli.RunAsync(
            directory,
            ["msbuild", project, "-getProperty:SignalContractPath", "-getItem:AdditionalFiles", "-getItem:CompilerVisibleProperty", "-nodeReuse:false", .. switches],
            environment: null,
            EvaluationTimeout);
        Assert.True(evaluation.Succeeded, evaluation.Describe());

        using var json = JsonDocument.Parse(evaluation.Output);
        var items = json.RootElement.GetProperty("Items");
        return new Wiring(
            json.RootElement.GetProperty("Properties").GetProperty("SignalContractPath").GetString()!,
            ItemValues(items, "AdditionalFiles", "FullPath"),
            ItemValues(items, "CompilerVisibleProperty", "Identity"));
    }

    private static string[] ItemValues(JsonElement items, string itemType, string metadata)
    {
        var values = new List<string>();
        if (items.TryGetProperty(itemType, out var list))
        {
            foreach (var item in list.EnumerateArray())
            {
                values.Add(item.GetProperty(metadata).GetString()!);
            }
        }

        return [.. values];
    }

    private sealed record Wiring(string ContractPath, string[] AdditionalFiles, string[] CompilerVisibleProperties);
}
