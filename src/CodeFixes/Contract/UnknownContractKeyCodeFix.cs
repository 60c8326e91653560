using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;

namespace SignalContract.CodeFixes.Contract;

/// <summary>OBS0003: renames a misspelt key in contract.json to the key it most likely meant.</summary>
[ExportCodeFixProvider(
    LanguageNames.CSharp,
    Name = nameof(UnknownContractKeyCodeFix),
    DocumentKinds = new[] { nameof(TextDocumentKind.AdditionalDocument) },
    DocumentExtensions = new[] { ".json" })]
[Shared]
public sealed class UnknownContractKeyCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "RenameUnknownContractKey";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.UnknownContractKey.Id);

    /// <summary>
    /// None: Roslyn 4.8's Fix All works on C# documents and projects only, not on additional files such as contract.json.
    /// Each misspelt key is fixed on its own.
    /// </summary>
    public override FixAllProvider? GetFixAllProvider() => null;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ContractDiagnosticsAnalyzer.SuggestedKeyProperty, out string? suggestion) || suggestion is null)
            {
                continue;
            }

            var document = context.TextDocument;
            var span = diagnostic.Location.SourceSpan;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Rename to \"{suggestion}\"",
                    cancellationToken => RenameAsync(document, span, suggestion, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static async Task<Solution> RenameAsync(TextDocument document, TextSpan keySpan, string suggestion, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);

        // The span covers the quoted key; keys the reader suggests need no JSON escaping.
        var renamed = text.WithChanges(new TextChange(keySpan, "\"" + suggestion + "\""));
        return document.Project.Solution.WithAdditionalDocumentText(document.Id, renamed);
    }
}
