using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace SignalContract.Analyzers.Tests.EndToEnd;

/// <summary>The exit code and the interleaved stdout and stderr of one <c>dotnet</c> command.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>For assertion messages: the command and the end of its output, where MSBuild puts its findings.</summary>
    public string Describe()
    {
        const int Tail = 6000;
        string output = Output.Length <= Tail ? Output : "..." + Output.Substring(Output.Length - Tail);
        return $"`{Command}` exited with {ExitCode}:{Environment.NewLine}{output}";
    }
}

/// <summary>Runs the <c>dotnet</c> CLI as a user would, isolated from the test run that started it.</summary>
internal static class DotnetCli
{
    /// <summary>The host the test run uses (the CLI sets DOTNET_HOST_PATH), else <c>dotnet</c> from PATH.</summary>
    private static string Executable
    {
        get
        {
            string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
        }
    }

    public static async Task<CommandResult> RunAsync(
        string workingDirectory,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment,
        TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Isolate(start.Environment);
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
        }

        string command = "dotnet " + string.Join(" ", start.ArgumentList);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cancel = new System.Threading.CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{command}` did not finish within {timeout}:{Environment.NewLine}{output}");
        }

        // The parameterless wait flushes the asynchronous output readers.
        process.WaitForExit();
        lock (output)
        {
            return new CommandResult(command, process.ExitCode, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    /// <summary>
    /// The test host inherits the variables the outer <c>dotnet test</c> set for its own MSBuild (SDK paths, node
    /// settings); a nested build must resolve its own. No build servers either: they would outlive the test run and
    /// keep its output pipes open.
    /// </summary>
    private static void Isolate(IDictionary<string, string?> environment)
    {
        var inherited = new List<string>();
        foreach (string name in environment.Keys)
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase))
            {
                inherited.Add(name);
            }
        }

        foreach (string name in inherited)
        {
            environment.Remove(name);
        }

        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
    }
}
