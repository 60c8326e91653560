using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SignalContract.Analyzers.Tests.Verifiers;

/// <summary>
/// Runs an analyzer and a code fix on a diagnostic located in contract.json. The testing library only applies fixes
/// to diagnostics in C# documents, so fixes of the contract file are driven through a workspace here.
/// </summary>
internal static class AdditionalFileCodeFixRunner
{
    /// <summary>The titles of the fixes offered for each diagnostic in the contract, in document order.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> OfferedFixesAsync(DiagnosticAnalyzer analyzer, CodeFixProvider fix, string contract)
    {
        var (document, diagnostics) = await AnalyzeAsync(analyzer, contract);
        var offered = new List<IReadOnlyList<string>>();
        foreach (var diagnostic in diagnostics)
        {
            var actions = await ActionsAsync(fix, document, diagnostic);
            offered.Add(actions.Select(a => a.Title).ToList());
        }

        return offered;
    }

    /// <summary>Applies the first fix with <paramref name="equivalenceKey"/> to each fixable diagnostic in turn, re-analysing between fixes.</summary>
    public static async Task<string> FixEachAsync(DiagnosticAnalyzer analyzer, CodeFixProvider fix, string contract, string equivalenceKey)
    {
        for (int iteration = 0; iteration < 100; iteration++)
        {
            var (document, diagnostics) = await AnalyzeAsync(analyzer, contract);
            string? next = null;
            foreach (var diagnostic in diagnostics.Where(d => fix.FixableDiagnosticIds.Contains(d.Id)))
            {
                var action = (await ActionsAsync(fix, document, diagnostic)).FirstOrDefault(a => a.EquivalenceKey == equivalenceKey);
                if (action is null)
                {
                    continue;
                }

                var operations = await action.GetOperationsAsync(CancellationToken.None);
                var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
                next = (await changed.GetAdditionalDocument(document.Id)!.GetTextAsync()).ToString();
                break;
            }

            if (next is null)
            {
                return contract;
            }

            contract = next;
        }

        throw new InvalidOperationException("The fix did not converge.");
    }

    private static async Task<(TextDocument Document, ImmutableArray<Diagnostic> Diagnostics)> AnalyzeAsync(DiagnosticAnalyzer analyzer, string contract)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("Service", LanguageNames.CSharp)
            .AddMetadataReference(MetadataReference.CreateFromFile(typeof(object).Assembly.Location))
            .AddDocument("Service.cs", "class Service { }").Project;
        var document = project.AddAdditionalDocument("contract.json", SourceText.From(contract), filePath: TestContract.Path);
        project = document.Project;
        var compilation = (await project.GetCompilationAsync())!;
        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create(analyzer), project.AnalyzerOptions)
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return (document, diagnostics.Where(d => d.Location.Kind == LocationKind.ExternalFile).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray());
    }

    private static async Task<List<CodeAction>> ActionsAsync(CodeFixProvider fix, TextDocument document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await fix.RegisterCodeFixesAsync(context);
        return actions;
    }
}
