using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;
using SignalContract.Tool.Cli;
using SignalContract.Tool.Loading;

namespace SignalContract.Tool.Check;

/// <summary>One analyzer finding, located as the build prints it.</summary>
internal sealed record Finding(string Rule, DiagnosticSeverity Severity, string File, int Line, int Column, int EndLine, int EndColumn, string Message)
{
    /// <summary>Warnings and errors fail a check (as <c>-warnaserror</c> fails a build); Info findings are shown, never counted.</summary>
    public bool Counts => Severity is DiagnosticSeverity.Warning or DiagnosticSeverity.Error;

    public string SeverityName => Severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };

    /// <summary>As compilers print it: <c>file(line,col): warning OBS1005: message</c>.</summary>
    public override string ToString() =>
        Line > 0 ? $"{File}({Line},{Column}): {SeverityName} {Rule}: {Message}" : $"{File}: {SeverityName} {Rule}: {Message}";
}

/// <summary>
/// Runs the package's analyzers on loaded projects the way the build does: each project's compilation with its
/// .editorconfig and global config severities, <c>#pragma</c> and <c>[SuppressMessage]</c> suppressions, and the
/// contract the build hands it. The analyzers are this tool's copy (the tool and the package ship together), not the
/// version a project happens to reference.
/// </summary>
internal sealed class AnalyzerRunner(ToolConsole console)
{
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } =
    [
        .. typeof(SignalContractAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!),
    ];

    public static IEnumerable<DiagnosticDescriptor> Rules =>
        Analyzers.SelectMany(a => a.SupportedDiagnostics).DistinctBy(d => d.Id).OrderBy(d => d.Id, StringComparer.Ordinal);

    public async Task<List<Finding>> RunAsync(IReadOnlyList<Project> projects, string? explicitContract, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var seen = new HashSet<Finding>();
        var failures = new List<string>();
        foreach (var project in projects)
        {
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null)
            {
                continue;
            }

            console.Progress($"Analysing {project.Name} ...");
            var analysis = compilation.WithAnalyzers(
                Analyzers,
                new CompilationWithAnalyzersOptions(
                    OptionsFor(project, explicitContract),
                    onAnalyzerException: (exception, analyzer, _) => failures.Add($"{analyzer.GetType().Name} threw on {project.Name}: {exception}"),
                    concurrentAnalysis: true,
                    logAnalyzerExecutionTime: false));
            // One pass binds the code for the compiler's diagnostics and the analyzers alike.
            var diagnostics = await analysis.GetAllDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            Commands.InventoryCommand.WarnAboutErrors(project, diagnostics, console);
            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.Severity == DiagnosticSeverity.Hidden || !diagnostic.Id.StartsWith("OBS", StringComparison.Ordinal))
                {
                    continue;
                }

                var finding = ToFinding(diagnostic, project);
                if (seen.Add(finding))
                {
                    findings.Add(finding);
                }
            }
        }

        if (failures.Count > 0)
        {
            throw new ToolException("An analyzer failed; please report it with this text:\n" + string.Join("\n", failures));
        }

        return findings
            .OrderBy(f => f.File, StringComparer.Ordinal)
            .ThenBy(f => f.Line)
            .ThenBy(f => f.Column)
            .ThenBy(f => f.Rule, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The project's own analyzer options when its build already hands the analyzers a contract (it references the
    /// package) and no other was asked for; otherwise those options plus the contract file, named the way
    /// <c>SignalContractPath</c> names it, so the analyzers pick exactly that file.
    /// </summary>
    private static AnalyzerOptions OptionsFor(Project project, string? explicitContract)
    {
        var options = project.AnalyzerOptions;
        if (explicitContract is null && ProjectContract.ReferencesPackage(project))
        {
            return options;
        }

        string? contract = ProjectContract.PathFor(project, explicitContract);
        if (contract is null)
        {
            return options;
        }

        string full = Path.GetFullPath(contract);
        var files = options.AdditionalFiles.Where(f => !string.Equals(f.Path, full, StringComparison.Ordinal)).Append(new FileText(full));
        return new AnalyzerOptions([.. files], new ContractPathOptions(options.AnalyzerConfigOptionsProvider, full));
    }

    private Finding ToFinding(Diagnostic diagnostic, Project project)
    {
        var location = diagnostic.Location;
        if (location.Kind is LocationKind.SourceFile or LocationKind.ExternalFile)
        {
            var span = location.GetLineSpan();
            return new Finding(
                diagnostic.Id,
                diagnostic.Severity,
                console.Paths.Of(span.Path),
                span.StartLinePosition.Line + 1,
                span.StartLinePosition.Character + 1,
                span.EndLinePosition.Line + 1,
                span.EndLinePosition.Character + 1,
                diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        // Project-wide findings, such as OBS0001, belong to the project file.
        return new Finding(diagnostic.Id, diagnostic.Severity, console.Paths.Of(project.FilePath ?? project.Name), 0, 0, 0, 0, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed class FileText(string path) : AdditionalText
    {
        private SourceText? _text;

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text ??= SourceText.From(File.ReadAllText(Path));
    }

    private sealed class ContractPathOptions(AnalyzerConfigOptionsProvider inner, string contractPath) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new WithContractPath(inner.GlobalOptions, contractPath);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => inner.GetOptions(tree);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => inner.GetOptions(textFile);
    }

    private sealed class WithContractPath(AnalyzerConfigOptions inner, string contractPath) : AnalyzerConfigOptions
    {
        public override IEnumerable<string> Keys => inner.Keys.Where(k => k != ContractSource.PathProperty).Append(ContractSource.PathProperty);

        public override bool TryGetValue(string key, out string value)
        {
            if (key == ContractSource.PathProperty)
            {
                value = contractPath;
                return true;
            }

            return inner.TryGetValue(key, out value!);
        }
    }
}
