using System.IO;
using System.Threading.Tasks;
using SignalContract.Tool.Cli;

namespace SignalContract.Tool.Tests.Infrastructure;

/// <summary>What one run of the tool printed and returned.</summary>
public sealed record ToolResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>
/// Runs <c>signalcontract</c> in this process, exactly as its Main does but with its own working directory and
/// captured output, so tests can run side by side. <see cref="ToolProcessTests"/> runs the real executable once.
/// </summary>
internal static class ToolRun
{
    public static async Task<ToolResult> RunAsync(string workingDirectory, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        int exitCode = await CommandLine.RunAsync(args, new ToolConsole(output, error, workingDirectory));
        return new ToolResult(exitCode, output.ToString(), error.ToString());
    }
}
