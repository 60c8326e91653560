using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SignalContract.Analyzers.Tests.Meta;

namespace SignalContract.Analyzers.Tests.Verifiers;

/// <summary>The files after a Fix All: the C# source and contract.json (null when there was none).</summary>
internal sealed record FixedFiles(string Source, string? Contract);

/// <summary>
/// Fix All the way <c>dotnet format analyzers</c> asks for it, which the testing library cannot express: every analyzer
/// of the package that supports the rule runs, the diagnostic provider hands out all their findings whatever their ID,
/// and the rule's fixer is asked for a solution-wide Fix All with the equivalence key dotnet format took from the first
/// finding: another rule's key, an empty one, or none.
/// </summary>
internal static class DotnetFormatFixAllRunner
{
    public static async Task<FixedFiles> FixAllAsync(string diagnosticId, string? equivalenceKey, string source, string? contract)
    {
        var (project, documentId, contractId) = CreateProject(source, contract, TestReferences.Default);
        var compilation = (await project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The test source does not compile: " + string.Join(Environment.NewLine, errors));

        var analyzers = RuleCatalog.Exported.Where(a => a.SupportedDiagnostics.Any(d => d.Id == diagnosticId)).ToImmutableArray();
        var findings = await compilation.WithAnalyzers(analyzers, project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.Contains(findings, d => d.Id == diagnosticId);

        var fixer = RuleCatalog.CodeFixes.Single(f => f.FixableDiagnosticIds.Contains(diagnosticId));
        var context = new FixAllContext(
            project.GetDocument(documentId)!,
            fixer,
            FixAllScope.Solution,
            equivalenceKey!,
            [diagnosticId],
            new AllFindings(findings),
            CancellationToken.None);
        var action = await fixer.GetFixAllProvider()!.GetFixAsync(context);
        Assert.True(action is not null, $"{fixer.GetType().Name} returned no Fix All action for {diagnosticId} with key '{equivalenceKey ?? "(null)"}'.");

        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        string fixedSource = (await changed.GetDocument(documentId)!.GetTextAsync()).ToString();
        string? fixedContract = contractId is null ? null : (await changed.GetAdditionalDocument(contractId)!.GetTextAsync()).ToString();
        return new FixedFiles(fixedSource, fixedContract);
    }

    private static (Project Project, DocumentId Source, DocumentId? Contract) CreateProject(string source, string? contract, ReferenceSet references)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            "Service",
            "Service",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: references.References));

        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, "Test0.cs", SourceText.From(source), filePath: "/0/Test0.cs");
        DocumentId? contractId = null;
        if (contract is not null)
        {
            contractId = DocumentId.CreateNewId(projectId);
            solution = solution.AddAdditionalDocument(contractId, "contract.json", SourceText.From(contract), filePath: TestContract.Path);
        }

        return (solution.GetProject(projectId)!, documentId, contractId);
    }

    /// <summary>As dotnet format's provider: every finding of the analyzers run; the context filters them by ID.</summary>
    private sealed class AllFindings(ImmutableArray<Diagnostic> findings) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(findings);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(findings.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(findings.Where(d => !d.Location.IsInSource));
    }
}
