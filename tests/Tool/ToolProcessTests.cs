using System.IO;
using System.Threading.Tasks;
using SignalContract.Analyzers.Tests.EndToEnd;
using SignalContract.Analyzers.Tests.Meta;

namespace SignalContract.Tool.Tests;

/// <summary>The real executable: its Main, its exit codes as a process returns them, help on stdout.</summary>
public sealed class ToolProcessTests
{
    private static readonly string ToolAssembly = typeof(Program).Assembly.Location;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task BreakingContractChange_ExitsOne()
    {
        var result = await DotnetCli.RunAsync(
            Path.Combine(Repository.Root, "tests", "Tool", "ContractPair"),
            [ToolAssembly, "diff", "contract.old.json", "contract.new.json"],
            environment: null,
            Timeout);

        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains("**2 breaking changes.** 3 compatible.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsTheFourCommands_AndExitsZero()
    {
        var result = await DotnetCli.RunAsync(Repository.Root, [ToolAssembly, "--help"], environment: null, Timeout);

        Assert.True(result.ExitCode == 0, result.Describe());
        foreach (string command in new[] { "inventory", "parity", "diff", "check" })
        {
            Assert.Contains("  " + command, result.Output, StringComparison.Ordinal);
        }

        Assert.Contains("Exit codes: 0 clean, 1 findings or differences, 2 usage or load error.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoCommand_IsAUsageError()
    {
        var result = await DotnetCli.RunAsync(Repository.Root, [ToolAssembly, "inventroy"], environment: null, Timeout);

        Assert.True(result.ExitCode == 2, result.Describe());
    }
}
