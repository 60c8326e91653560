using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis.Text;
using SignalContract.Analyzers.Contract;
using SignalContract.Tool.Cli;

namespace SignalContract.Tool.Loading;

/// <summary>A contract.json read and validated by the analyzers' own reader, with its problems at their line and column.</summary>
internal sealed class ContractFile
{
    private ContractFile(string path, string displayPath, ContractModel model, SourceText text)
    {
        Path = path;
        DisplayPath = displayPath;
        Model = model;
        Text = text;
    }

    public string Path { get; }

    public string DisplayPath { get; }

    public ContractModel Model { get; }

    public SourceText Text { get; }

    /// <summary>
    /// Reads and validates the contract at <paramref name="path"/>. An invalid contract (OBS0002's problems) stops the
    /// command with every problem at its line and column; unknown keys (OBS0003's) are only warned about, as the build does.
    /// </summary>
    public static ContractFile Read(string path, ToolConsole console)
    {
        string text = console.ReadInput(path, "Contract");
        var source = SourceText.From(text);
        var model = ContractReader.Read(text);
        var contract = new ContractFile(console.Paths.Resolve(path), console.Paths.Of(path), model, source);
        foreach (var problem in model.Problems.Where(p => p.Kind == ContractProblemKind.UnknownKey))
        {
            console.Error.WriteLine(contract.Describe(problem, "warning"));
        }

        if (!model.IsValid)
        {
            var errors = model.Problems.Where(p => p.Kind == ContractProblemKind.Invalid).Select(p => contract.Describe(p, "error"));
            throw new ToolException($"The contract is invalid:\n{string.Join("\n", errors)}");
        }

        return contract;
    }

    /// <summary>The nearest contract.json in <paramref name="directory"/> or a folder above it, as the package's targets find it.</summary>
    public static string? FindAbove(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            string candidate = System.IO.Path.Combine(current.FullName, ContractSource.FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>A problem as compilers print them: <c>contract.json(12,5): error OBS0002: message</c>.</summary>
    private string Describe(ContractProblem problem, string severity)
    {
        var position = Text.Lines.GetLinePosition(problem.Span.Start);
        string id = problem.Kind == ContractProblemKind.Invalid ? "OBS0002" : "OBS0003";
        return $"{DisplayPath}({position.Line + 1},{position.Character + 1}): {severity} {id}: {problem.Message}";
    }
}
