using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace SignalContract.CodeFixes.Infrastructure;

/// <summary>One finding in a Fix All's scope, with the document it is in.</summary>
internal sealed class Finding
{
    public Finding(Document document, Diagnostic diagnostic)
    {
        Document = document;
        Diagnostic = diagnostic;
    }

    public Document Document { get; }

    public Diagnostic Diagnostic { get; }
}

/// <summary>
/// The Fix All of every fixer in the package. Roslyn's batch fixer applies only the fixes registered under the
/// request's equivalence key, and <c>dotnet format analyzers</c> asks with the first key of whichever finding of the
/// analyzer came first: often a key of another rule the analyzer reports, or none at all, and the batch fixer then
/// applies nothing. Here, when some finding in scope offers the request's key, that fix is applied wherever it is
/// offered, as the batch fixer does; when none does, every finding gets its first fix.
/// </summary>
internal sealed class FixAllFindings : FixAllProvider
{
    private static readonly ImmutableArray<FixAllScope> Scopes = ImmutableArray.Create(FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution);

    private readonly Func<Solution, ImmutableArray<Finding>, CancellationToken, Task<Solution>>? _combine;

    private FixAllFindings(Func<Solution, ImmutableArray<Finding>, CancellationToken, Task<Solution>>? combine) => _combine = combine;

    /// <summary>
    /// Each finding's fix (see the class), worked out on the unchanged solution; the edits are merged in document order,
    /// as the batch fixer merges them. Edits that repeat an earlier fix's are made once; a fix with an edit that overlaps
    /// an earlier fix's is left out, for the next run.
    /// </summary>
    public static FixAllProvider EachWithItsFix { get; } = new FixAllFindings(null);

    /// <summary>
    /// For fixers whose fixes must see each other (one edit per contract file; spans in one block ended in turn): the
    /// fixer gets every finding in scope, in document order, and makes the edit itself. It has one kind of fix, so the
    /// request's key is not asked.
    /// </summary>
    public static FixAllProvider Combined(Func<Solution, ImmutableArray<Finding>, CancellationToken, Task<Solution>> combine) =>
        new FixAllFindings(combine);

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => Scopes;

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        var findings = await FindingsInScopeAsync(fixAllContext).ConfigureAwait(false);
        if (findings.IsEmpty)
        {
            return null;
        }

        var original = fixAllContext.Solution;
        var cancellationToken = fixAllContext.CancellationToken;
        var fixedSolution = _combine is null
            ? await FixEachAsync(fixAllContext, findings).ConfigureAwait(false)
            : await _combine(original, findings, cancellationToken).ConfigureAwait(false);

        // Like the batch fixer, say "nothing to do" rather than offer an action that changes nothing.
        if (!fixedSolution.GetChanges(original).GetProjectChanges().Any())
        {
            return null;
        }

        return CodeAction.Create(Title(fixAllContext), _ => Task.FromResult(fixedSolution), fixAllContext.CodeActionEquivalenceKey);
    }

    /// <summary>
    /// The action Fix All applies for one finding: the one with the request's key when the request's key is a choice
    /// some finding in scope offers, else the finding's first.
    /// </summary>
    /// <remarks>None of the package's fixers nests actions (Roslyn 4.8 keeps <c>NestedActions</c> internal).</remarks>
    private static CodeAction? Choose(List<CodeAction> offered, string? requestedKey, bool keyIsAChoice)
    {
        foreach (var action in offered)
        {
            if (!keyIsAChoice || action.EquivalenceKey == requestedKey)
            {
                return action;
            }
        }

        return null;
    }

    private static string Title(FixAllContext context)
    {
        string ids = string.Join(", ", context.DiagnosticIds.OrderBy(id => id, StringComparer.Ordinal));
        string scope = context.Scope switch
        {
            FixAllScope.Document => context.Document?.Name ?? "the document",
            FixAllScope.Project => "project " + context.Project.Name,
            _ => "the solution",
        };
        return $"Fix all {ids} in {scope}";
    }

    /// <summary>The findings of the requested rules in scope, by file and position, each with its document.</summary>
    private static async Task<ImmutableArray<Finding>> FindingsInScopeAsync(FixAllContext context)
    {
        var findings = new List<Finding>();
        switch (context.Scope)
        {
            case FixAllScope.Document when context.Document is { } document:
                Add(findings, document.Project, await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false));
                break;
            case FixAllScope.Project:
                Add(findings, context.Project, await context.GetAllDiagnosticsAsync(context.Project).ConfigureAwait(false));
                break;
            case FixAllScope.Solution:
                foreach (var project in context.Solution.Projects)
                {
                    if (project.Language == context.Project.Language)
                    {
                        Add(findings, project, await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                    }
                }

                break;
        }

        return findings
            .OrderBy(f => f.Document.FilePath ?? f.Document.Name, StringComparer.Ordinal)
            .ThenBy(f => f.Diagnostic.Location.SourceSpan.Start)
            .ToImmutableArray();

        static void Add(List<Finding> findings, Project project, ImmutableArray<Diagnostic> diagnostics)
        {
            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.Location.SourceTree is { } tree && project.GetDocument(tree) is { } document)
                {
                    findings.Add(new Finding(document, diagnostic));
                }
            }
        }
    }

    private static async Task<Solution> FixEachAsync(FixAllContext context, ImmutableArray<Finding> findings)
    {
        var solution = context.Solution;
        var cancellationToken = context.CancellationToken;
        var offered = new Task<List<CodeAction>>[findings.Length];
        for (int i = 0; i < findings.Length; i++)
        {
            var finding = findings[i];
            offered[i] = Task.Run(() => OfferedAsync(context.CodeFixProvider, finding, cancellationToken), cancellationToken);
        }

        var actions = await Task.WhenAll(offered).ConfigureAwait(false);
        string? key = context.CodeActionEquivalenceKey;
        bool keyIsAChoice = actions.Any(forFinding => forFinding.Any(action => action.EquivalenceKey == key));
        var edits = new Task<FixEdits?>[findings.Length];
        for (int i = 0; i < findings.Length; i++)
        {
            var chosen = Choose(actions[i], key, keyIsAChoice);
            edits[i] = chosen is null ? Task.FromResult<FixEdits?>(null) : Task.Run(() => EditsOfAsync(chosen, solution, cancellationToken), cancellationToken);
        }

        var merged = new MergedEdits();
        foreach (var fix in await Task.WhenAll(edits).ConfigureAwait(false))
        {
            if (fix is not null)
            {
                merged.TryAdd(fix);
            }
        }

        return await merged.ApplyToAsync(solution, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<CodeAction>> OfferedAsync(CodeFixProvider fixer, Finding finding, CancellationToken cancellationToken)
    {
        var offered = new List<CodeAction>();
        var fixContext = new CodeFixContext(
            finding.Document,
            finding.Diagnostic,
            (action, _) =>
            {
                lock (offered)
                {
                    offered.Add(action);
                }
            },
            cancellationToken);
        await fixer.RegisterCodeFixesAsync(fixContext).ConfigureAwait(false);
        return offered;
    }

    /// <summary>The text edits <paramref name="fix"/> makes to <paramref name="solution"/>.</summary>
    private static async Task<FixEdits?> EditsOfAsync(CodeAction fix, Solution solution, CancellationToken cancellationToken)
    {
        ImmutableArray<CodeActionOperation> operations = await fix.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        if (operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution is not { } changed)
        {
            return null;
        }

        var edits = new FixEdits();
        foreach (var project in changed.GetChanges(solution).GetProjectChanges())
        {
            foreach (var id in project.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            {
                var before = solution.GetDocument(id);
                var after = changed.GetDocument(id);
                if (before is not null && after is not null)
                {
                    edits.Add(id, await after.GetTextChangesAsync(before, cancellationToken).ConfigureAwait(false));
                }
            }

            foreach (var id in project.GetChangedAdditionalDocuments())
            {
                var before = solution.GetAdditionalDocument(id);
                var after = changed.GetAdditionalDocument(id);
                if (before is not null && after is not null)
                {
                    var oldText = await before.GetTextAsync(cancellationToken).ConfigureAwait(false);
                    var newText = await after.GetTextAsync(cancellationToken).ConfigureAwait(false);
                    edits.Add(id, newText.GetTextChanges(oldText));
                }
            }
        }

        return edits;
    }

    /// <summary>What one fix changes, by document.</summary>
    private sealed class FixEdits
    {
        public List<(DocumentId Document, ImmutableArray<TextChange> Changes)> Documents { get; } = new();

        public void Add(DocumentId document, IEnumerable<TextChange> changes) => Documents.Add((document, changes.ToImmutableArray()));
    }

    /// <summary>The edits of the fixes taken so far; a fix is taken whole or not at all.</summary>
    private sealed class MergedEdits
    {
        private readonly Dictionary<DocumentId, List<TextChange>> _byDocument = new();

        public void TryAdd(FixEdits fix)
        {
            foreach (var (document, changes) in fix.Documents)
            {
                if (!_byDocument.TryGetValue(document, out var taken))
                {
                    continue;
                }

                foreach (var change in changes)
                {
                    foreach (var other in taken)
                    {
                        if (!change.Equals(other) && Overlap(change.Span, other.Span))
                        {
                            return;
                        }
                    }
                }
            }

            foreach (var (document, changes) in fix.Documents)
            {
                if (!_byDocument.TryGetValue(document, out var taken))
                {
                    _byDocument[document] = taken = new List<TextChange>();
                }

                foreach (var change in changes)
                {
                    if (!taken.Contains(change))
                    {
                        taken.Add(change);
                    }
                }
            }
        }

        public async Task<Solution> ApplyToAsync(Solution solution, CancellationToken cancellationToken)
        {
            foreach (var pair in _byDocument)
            {
                var changes = pair.Value.OrderBy(c => c.Span.Start).ThenBy(c => c.Span.End);
                if (solution.GetDocument(pair.Key) is { } document)
                {
                    var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                    solution = solution.WithDocumentText(pair.Key, text.WithChanges(changes));
                }
                else if (solution.GetAdditionalDocument(pair.Key) is { } additional)
                {
                    var text = await additional.GetTextAsync(cancellationToken).ConfigureAwait(false);
                    solution = solution.WithAdditionalDocumentText(pair.Key, text.WithChanges(changes));
                }
            }

            return solution;
        }

        /// <summary>Two edits that share text, or insert at the same place (their order would be a guess).</summary>
        private static bool Overlap(TextSpan a, TextSpan b) =>
            a.Start == b.Start || (a.Start < b.End && b.Start < a.End);
    }
}
