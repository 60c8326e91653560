using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Metrics;
using SignalContract.CodeFixes.Infrastructure;

namespace SignalContract.CodeFixes.Metrics;

/// <summary>
/// OBS1003: declares the instrument in the project's contract.json, with the kind and unit of its creation and the
/// labels of its first record site in the same document. Fix All adds every undeclared instrument in one edit per contract.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MetricContractFixer)), Shared]
public sealed class MetricContractFixer : CodeFixProvider
{
    public const string DeclareInstrumentKey = "SignalContract.Metrics.DeclareInstrument";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.MetricNotDeclared.Id);

    private static readonly FixAllProvider DeclareAll = FixAllFindings.Combined(DeclareAllAsync);

    public override FixAllProvider GetFixAllProvider() => DeclareAll;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (FindContract(context.Document.Project) is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var entry = await EntryAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                continue;
            }

            var project = context.Document.Project;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Declare '{entry.Name}' in contract.json",
                    ct => DeclareAsync(project.Solution, new Dictionary<ProjectId, List<InstrumentEntry>> { [project.Id] = new() { entry } }, ct),
                    DeclareInstrumentKey),
                diagnostic);
        }
    }

    /// <summary>The contract the analyzers read: the file SignalContractPath names, or else the first contract.json.</summary>
    private static TextDocument? FindContract(Project project)
    {
        if (ContractSource.ConfiguredPath(project.AnalyzerOptions) is { } configured)
        {
            string wanted = configured.Replace('\\', '/').TrimEnd('/');
            foreach (var document in project.AdditionalDocuments)
            {
                if (document.FilePath is { } path && string.Equals(path.Replace('\\', '/').TrimEnd('/'), wanted, StringComparison.OrdinalIgnoreCase))
                {
                    return document;
                }
            }

            return null;
        }

        foreach (var document in project.AdditionalDocuments)
        {
            if (string.Equals(Path.GetFileName(document.FilePath ?? document.Name), ContractSource.FileName, StringComparison.OrdinalIgnoreCase))
            {
                return document;
            }
        }

        return null;
    }

    private static async Task<InstrumentEntry?> EntryAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(MetricDiagnosticProperties.Kind, out string? kind) || kind is null)
        {
            // prometheus-net names carry unit and type suffixes; which contract name they translate from is not knowable.
            return null;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || MetricsTypes.Create(model.Compilation) is not { } types)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
            || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
            || InstrumentCreation.TryRead(operation, types) is not { Name.IsConstant: true } creation)
        {
            return null;
        }

        diagnostic.Properties.TryGetValue(MetricDiagnosticProperties.Unit, out string? unit);
        return new InstrumentEntry(creation.Name.Value!, kind, unit, InferLabels(root, model, types, operation, cancellationToken));
    }

    /// <summary>The label keys of the first record site in the document that records this instrument, in order.</summary>
    private static ImmutableArray<string>? InferLabels(SyntaxNode root, SemanticModel model, MetricsTypes types, IInvocationOperation creation, CancellationToken cancellationToken)
    {
        var holder = MetricRecording.AssignedSymbol(creation);
        foreach (var node in root.DescendantNodes())
        {
            if (node is not (InvocationExpressionSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax)
                || model.GetOperation(node, cancellationToken) is not { } operation
                || MetricRecording.TryRead(operation, types) is not { Labels: { } labels } recording)
            {
                continue;
            }

            bool same = recording.Creation is not null
                ? recording.Creation.Invocation.Syntax == creation.Syntax
                : holder is not null && recording.Instrument is not null && SymbolEqualityComparer.Default.Equals(recording.Instrument, holder);
            if (!same)
            {
                continue;
            }

            var keys = ImmutableArray.CreateBuilder<string>(labels.Length);
            foreach (var label in labels)
            {
                if (!label.Key.IsConstant)
                {
                    return null;
                }

                keys.Add(label.Key.Value!);
            }

            return keys.ToImmutable();
        }

        return null;
    }

    private static async Task<Solution> DeclareAsync(Solution solution, Dictionary<ProjectId, List<InstrumentEntry>> entries, CancellationToken cancellationToken)
    {
        var edited = new HashSet<DocumentId>();
        var byContract = new Dictionary<DocumentId, List<InstrumentEntry>>();
        foreach (var pair in entries)
        {
            if (solution.GetProject(pair.Key) is not { } project || FindContract(project) is not { } contract)
            {
                continue;
            }

            if (!byContract.TryGetValue(contract.Id, out var list))
            {
                byContract[contract.Id] = list = new List<InstrumentEntry>();
            }

            list.AddRange(pair.Value);
        }

        foreach (var pair in byContract)
        {
            var document = solution.GetAdditionalDocument(pair.Key);
            if (document is null || !edited.Add(pair.Key))
            {
                continue;
            }

            var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var metrics = ContractSource.Parse(text).Metrics;
            var allowed = new List<InstrumentEntry>(pair.Value.Count);
            foreach (var entry in pair.Value)
            {
                allowed.Add(WithoutForbiddenLabels(entry, metrics));
            }

            string? updated = ContractJsonEditor.AddInstruments(text.ToString(), allowed);
            if (updated is not null)
            {
                solution = solution.WithAdditionalDocumentText(pair.Key, SourceText.From(updated, text.Encoding, text.ChecksumAlgorithm));
            }
        }

        return solution;
    }

    /// <summary>
    /// A label the contract forbids is OBS1007's to remove from the code; declaring it would make the contract contradict
    /// itself (OBS0005), and the record site could then satisfy only one of the two rules.
    /// </summary>
    private static InstrumentEntry WithoutForbiddenLabels(InstrumentEntry entry, MetricsContract metrics)
    {
        if (entry.Labels is not { } labels)
        {
            return entry;
        }

        var kept = ImmutableArray.CreateBuilder<string>(labels.Length);
        foreach (string label in labels)
        {
            if (metrics.FindForbiddenLabel(label) is null)
            {
                kept.Add(label);
            }
        }

        return kept.Count == labels.Length ? entry : new InstrumentEntry(entry.Name, entry.Kind, entry.Unit, kept.ToImmutable());
    }

    /// <summary>Fix All: every undeclared instrument in scope, each contract written once, so entries never conflict.</summary>
    private static async Task<Solution> DeclareAllAsync(Solution solution, ImmutableArray<Finding> findings, CancellationToken cancellationToken)
    {
        var entries = new Dictionary<ProjectId, List<InstrumentEntry>>();
        foreach (var finding in findings)
        {
            var entry = await EntryAsync(finding.Document, finding.Diagnostic, cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                continue;
            }

            var project = finding.Document.Project.Id;
            if (!entries.TryGetValue(project, out var list))
            {
                entries[project] = list = new List<InstrumentEntry>();
            }

            list.Add(entry);
        }

        return await DeclareAsync(solution, entries, cancellationToken).ConfigureAwait(false);
    }
}
