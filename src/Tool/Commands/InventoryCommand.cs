using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SignalContract.Analyzers.Contract;
using SignalContract.Tool.Cli;
using SignalContract.Tool.Inventory;
using SignalContract.Tool.Loading;
using SignalContract.Tool.Reports;

namespace SignalContract.Tool.Commands;

/// <summary><c>signalcontract inventory</c>: every signal a project or solution emits, with where, and contract coverage.</summary>
internal static class InventoryCommand
{
    public static async Task<int> RunAsync(string input, string? contractPath, ReportFormat format, string? outputPath, ToolConsole console, CancellationToken cancellationToken)
    {
        using var loaded = await new ProjectLoader(console).LoadAsync(input, cancellationToken).ConfigureAwait(false);
        var contract = ResolveContract(loaded.Projects, contractPath, console);
        var builder = new InventoryBuilder(contract?.Model, console.Paths);
        foreach (var project in loaded.Projects)
        {
            if (await CollectAsync(project, contract?.Model.Logs ?? LogsContract.Default, console, cancellationToken).ConfigureAwait(false) is { } found)
            {
                builder.Add(found);
            }
        }

        var inventory = builder.Build(
            contract?.Model.Service ?? ProjectName(loaded.Projects[0]),
            [console.Paths.Of(loaded.InputPath)],
            contract?.DisplayPath,
            Producer());
        string report = format == ReportFormat.Json ? Json.Write(inventory) : InventoryMarkdown.Write(inventory);
        await console.WriteReportAsync(report, outputPath).ConfigureAwait(false);
        return ExitCodes.Clean;
    }

    public static InventoryProducer Producer() => new()
    {
        Tool = "signalcontract",
        Version = typeof(InventoryCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0],
        Language = "csharp",
    };

    /// <summary>
    /// The contract the projects' builds use. An inventory is matched against one contract: when the projects of a
    /// solution use different ones, the first is taken and the others named in a warning.
    /// </summary>
    public static ContractFile? ResolveContract(IReadOnlyList<Project> projects, string? explicitPath, ToolConsole console)
    {
        var paths = projects.Select(p => ProjectContract.PathFor(p, explicitPath is null ? null : console.Paths.Resolve(explicitPath)))
            .Where(p => p is not null)
            .Select(p => Path.GetFullPath(p!))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (paths.Count == 0)
        {
            console.Error.WriteLine("warning: no contract.json found for the projects; signals are listed without contract matching (use --contract).");
            return null;
        }

        if (paths.Count > 1)
        {
            console.Error.WriteLine($"warning: the projects use different contracts; matching against {console.Paths.Of(paths[0])}, not {string.Join(", ", paths.Skip(1).Select(console.Paths.Of))}.");
        }

        return ContractFile.Read(paths[0], console);
    }

    private static async Task<CollectedSignals?> CollectAsync(Project project, LogsContract logs, ToolConsole console, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null)
        {
            return null;
        }

        var collector = new SignalCollector(logs);
        var analysis = compilation.WithAnalyzers(
            ImmutableArray.Create<DiagnosticAnalyzer>(collector),
            new CompilationWithAnalyzersOptions(
                // The project's .editorconfig: generated-code settings, and the fields its logging pipeline supplies.
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, project.AnalyzerOptions.AnalyzerConfigOptionsProvider),
                onAnalyzerException: (exception, _, _) => console.Error.WriteLine($"warning: reading signals of {project.Name} failed in part: {exception.Message}"),
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false));
        // One pass binds the code for the compiler's diagnostics and the collector alike.
        WarnAboutErrors(project, await analysis.GetAllDiagnosticsAsync(cancellationToken).ConfigureAwait(false), console);
        console.Progress($"Read signals of {project.Name} in {watch.Elapsed.TotalSeconds:F1} s");
        return collector.Results.TryGetValue(analysis.Compilation, out var found) ? found : collector.Results.Values.SingleOrDefault();
    }

    /// <summary>Code that does not compile may not bind to the APIs the recognisers look for: say so rather than list less.</summary>
    public static void WarnAboutErrors(Project project, IEnumerable<Diagnostic> diagnostics, ToolConsole console)
    {
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("OBS", StringComparison.Ordinal)).ToList();
        if (errors.Count > 0)
        {
            console.Error.WriteLine($"warning: {project.Name} has {errors.Count} compile error{(errors.Count == 1 ? string.Empty : "s")} (first: {errors[0]}); signals in code that does not compile may be missing.");
        }
    }

    /// <summary>The project's name without the target framework the workspace adds to each of a multi-targeting project's projects.</summary>
    private static string ProjectName(Project project)
    {
        int paren = project.Name.IndexOf('(', StringComparison.Ordinal);
        return paren > 0 ? project.Name[..paren] : project.Name;
    }
}

internal enum ReportFormat
{
    Markdown,
    Json,
}
