using System;
using System.IO;
using System.Threading.Tasks;
using SignalContract.Tool.Reports;

namespace SignalContract.Tool.Cli;

/// <summary>The documented exit codes of every command.</summary>
internal static class ExitCodes
{
    /// <summary>Nothing to report: no difference, no breaking change, no new finding.</summary>
    public const int Clean = 0;

    /// <summary>Findings or differences: a parity difference that breaks dashboards, a breaking contract change, a new finding or a stale baseline entry.</summary>
    public const int Differences = 1;

    /// <summary>The command could not do its job: a usage error, a file or project that cannot be read, a missing restore, an invalid contract.</summary>
    public const int Error = 2;
}

/// <summary>A problem that stops a command with exit code 2; the message says what to do about it.</summary>
internal sealed class ToolException(string message) : Exception(message);

/// <summary>
/// Where a command writes: reports to <see cref="Out"/> (or the -o file), progress and errors to <see cref="Error"/>,
/// and the directory relative paths are resolved against and shown from.
/// </summary>
internal sealed class ToolConsole(TextWriter output, TextWriter error, string workingDirectory)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public PathDisplay Paths { get; } = new(workingDirectory);

    public void Progress(string message) => Error.WriteLine(message);

    /// <summary>Writes a report to the file <paramref name="outputPath"/> when one is given, else to <see cref="Out"/>.</summary>
    public async Task WriteReportAsync(string report, string? outputPath)
    {
        if (outputPath is null)
        {
            await Out.WriteAsync(report).ConfigureAwait(false);
            return;
        }

        string path = Paths.Resolve(outputPath);
        try
        {
            if (Path.GetDirectoryName(path) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            await File.WriteAllTextAsync(path, report).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ToolException($"Cannot write {outputPath}: {e.Message}");
        }

        Progress($"Wrote {Paths.Of(path)}");
    }

    /// <summary>The text of a file the user named, or a <see cref="ToolException"/> that says why it cannot be read.</summary>
    public string ReadInput(string path, string what)
    {
        string full = Paths.Resolve(path);
        if (!File.Exists(full))
        {
            throw new ToolException($"{what} not found: {path}");
        }

        try
        {
            return File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ToolException($"Cannot read {what} {path}: {e.Message}");
        }
    }
}
