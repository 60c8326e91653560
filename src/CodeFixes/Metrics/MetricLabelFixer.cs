using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Metrics;
using SignalContract.CodeFixes.Infrastructure;

namespace SignalContract.CodeFixes.Metrics;

/// <summary>
/// Label fixes at record sites. OBS1005: one fix gives the site the declared label set, removing every undeclared label
/// and adding the missing ones when a local, parameter or member of the same name is in scope, whichever of the site's
/// findings it starts from. OBS1007: removes the forbidden or unbounded label.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MetricLabelFixer)), Shared]
public sealed class MetricLabelFixer : CodeFixProvider
{
    public const string RemoveLabelKey = "SignalContract.Metrics.RemoveLabel";
    public const string UseDeclaredLabelsKey = "SignalContract.Metrics.UseDeclaredLabels";

    /// <summary>Counter.Add and Histogram.Record take at most three tags as separate arguments.</summary>
    private const int MaxTagArguments = 3;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        Descriptors.MetricLabelSetMismatch.Id,
        Descriptors.MetricLabelHighCardinality.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllFindings.EachWithItsFix;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || MetricsTypes.Create(model.Compilation) is not { } types)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(MetricDiagnosticProperties.LabelAction, out string? action))
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var recording = FindRecording(node, model, types, context.CancellationToken);
            if (recording?.Labels is not { } labels)
            {
                continue;
            }

            if (diagnostic.Id == Descriptors.MetricLabelSetMismatch.Id)
            {
                if (DeclaredLabelsFix(context.Document, model, recording, labels, diagnostic, action) is { } fix)
                {
                    context.RegisterCodeFix(fix, diagnostic);
                }
            }
            else if (action == MetricDiagnosticProperties.RemoveLabel && LabelAt(labels, diagnostic.Location.SourceSpan) is { } label)
            {
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Remove label '{label.Key.Value}'",
                        ct => EditAsync(document, recording.Operation.Syntax, labels, new List<LabelUse> { label }, new List<(string, string)>(), shortName: false, ct),
                        RemoveLabelKey),
                    diagnostic);
            }
        }
    }

    /// <summary>
    /// OBS1005: removes every undeclared label at the site and adds the missing ones where it can. A finding of an
    /// undeclared label is fixed by the removal alone; a finding of missing labels only when they can be added.
    /// </summary>
    private static CodeAction? DeclaredLabelsFix(Document document, SemanticModel model, MetricRecording recording, ImmutableArray<LabelUse> labels, Diagnostic diagnostic, string? action)
    {
        var undeclared = Split(diagnostic, MetricDiagnosticProperties.UndeclaredLabels);
        var extras = new List<LabelUse>();
        foreach (var label in labels)
        {
            if (label.Key.IsConstant && Array.IndexOf(undeclared, label.Key.Value) >= 0)
            {
                extras.Add(label);
            }
        }

        bool removing = action == MetricDiagnosticProperties.RemoveLabel;
        if (removing)
        {
            if (LabelAt(labels, diagnostic.Location.SourceSpan) is not { } own)
            {
                return null;
            }

            if (!extras.Contains(own))
            {
                extras.Add(own);
            }
        }

        var site = recording.Operation.Syntax;
        var values = FindValues(Split(diagnostic, MetricDiagnosticProperties.MissingLabels), model, site);
        if (values is not null && !CanAdd(recording, labels, labels.Length - extras.Count, values.Count))
        {
            values = null;
        }

        if (values is null or { Count: 0 } && (!removing || extras.Count == 0))
        {
            return null;
        }

        var added = values ?? new List<(string Key, string Value)>();
        bool shortName = !model.LookupNamespacesAndTypes(site.SpanStart, name: "KeyValuePair").IsEmpty;
        return CodeAction.Create(
            Title(extras, added),
            ct => EditAsync(document, site, labels, extras, added, shortName, ct),
            UseDeclaredLabelsKey);
    }

    /// <summary>"Remove label 'region'", "Add label 'outcome'", "Remove label 'region' and add label 'outcome'", ...</summary>
    private static string Title(List<LabelUse> removed, List<(string Key, string Value)> added)
    {
        string? remove = removed.Count switch
        {
            0 => null,
            1 => $"remove label '{removed[0].Key.Value}'",
            _ => "remove labels " + string.Join(", ", removed.Select(l => "'" + l.Key.Value + "'").Distinct()),
        };
        string? add = added.Count switch
        {
            0 => null,
            1 => $"add label '{added[0].Key}'",
            _ => "add the missing labels",
        };
        string title = remove is null ? add! : add is null ? remove : remove + " and " + add;
        return char.ToUpperInvariant(title[0]) + title.Substring(1);
    }

    private static string[] Split(Diagnostic diagnostic, string property) =>
        diagnostic.Properties.TryGetValue(property, out string? joined) && !string.IsNullOrEmpty(joined)
            ? joined!.Split(MetricDiagnosticProperties.Separator)
            : Array.Empty<string>();

    private static LabelUse? LabelAt(ImmutableArray<LabelUse> labels, TextSpan keySpan)
    {
        foreach (var label in labels)
        {
            if (label.Key.Operation?.Syntax.Span == keySpan)
            {
                return label;
            }
        }

        return null;
    }

    private static MetricRecording? FindRecording(SyntaxNode node, SemanticModel model, MetricsTypes types, CancellationToken cancellationToken)
    {
        // The key sits inside the record site, or inside a TagList built before it in the same method.
        for (var current = node; current is not null; current = current.Parent)
        {
            if (current is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax
                && model.GetOperation(current, cancellationToken) is { } operation
                && MetricRecording.TryRead(operation, types) is { Labels: not null } recording)
            {
                return recording;
            }

            if (current is ExpressionStatementSyntax or LocalDeclarationStatementSyntax && current.Parent is BlockSyntax block)
            {
                foreach (var later in block.Statements)
                {
                    if (later.SpanStart <= current.SpanStart)
                    {
                        continue;
                    }

                    foreach (var candidate in later.DescendantNodesAndSelf())
                    {
                        if (candidate is InvocationExpressionSyntax
                            && model.GetOperation(candidate, cancellationToken) is { } laterOperation
                            && MetricRecording.TryRead(laterOperation, types) is { Labels: { } laterLabels } laterRecording
                            && Contains(laterLabels, node))
                        {
                            return laterRecording;
                        }
                    }
                }
            }
        }

        return null;
    }

    private static bool Contains(ImmutableArray<LabelUse> labels, SyntaxNode node)
    {
        foreach (var label in labels)
        {
            if (label.Node.Span.Contains(node.Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>For each missing label, a local, parameter or member in scope with the same words; null when one has none.</summary>
    private static List<(string Key, string Value)>? FindValues(string[] missing, SemanticModel model, SyntaxNode site)
    {
        var symbols = model.LookupSymbols(site.SpanStart);
        var enclosing = model.GetEnclosingSymbol(site.SpanStart);
        bool staticContext = enclosing?.IsStatic ?? false;
        var values = new List<(string, string)>(missing.Length);
        foreach (string label in missing)
        {
            string? found = null;
            foreach (var symbol in symbols)
            {
                bool usable = symbol switch
                {
                    // A local is in scope in its whole block, but usable only after its declaration.
                    ILocalSymbol local => local.DeclaringSyntaxReferences.Length == 1 && local.DeclaringSyntaxReferences[0].Span.End <= site.SpanStart,
                    IParameterSymbol => true,
                    IFieldSymbol or IPropertySymbol => symbol.IsStatic || !staticContext,
                    _ => false,
                };
                if (usable && NameWords.SameWords(symbol.Name, label))
                {
                    found = symbol.Name;
                    break;
                }
            }

            if (found is null)
            {
                return null;
            }

            values.Add((label, found));
        }

        return values;
    }

    /// <summary>Whether <paramref name="count"/> labels can be added where the site's labels are, <paramref name="kept"/> of them staying.</summary>
    private static bool CanAdd(MetricRecording recording, ImmutableArray<LabelUse> labels, int kept, int count)
    {
        if (count == 0)
        {
            return true;
        }

        if (labels.IsEmpty)
        {
            // Only a record site with no tag argument at all: a TagList or array that is empty is left to the developer.
            return recording.Operation.Syntax is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } && count <= MaxTagArguments;
        }

        return labels[labels.Length - 1].Node switch
        {
            ArgumentSyntax => kept + count <= MaxTagArguments,
            ExpressionStatementSyntax => true,
            ExpressionElementSyntax => true,
            ExpressionSyntax { Parent: InitializerExpressionSyntax } => true,
            _ => false,
        };
    }

    /// <summary>
    /// Removes <paramref name="removed"/> and adds <paramref name="added"/> after the site's last label, in the shape the
    /// code already uses. Lists are extended from their current state, after the removals; a new <c>tags.Add</c> line
    /// goes after the last line that stays (or after the last removed one, before it goes).
    /// </summary>
    private static async Task<Document> EditAsync(
        Document document,
        SyntaxNode site,
        ImmutableArray<LabelUse> labels,
        List<LabelUse> removed,
        List<(string Key, string Value)> added,
        bool shortName,
        CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var last = labels.IsEmpty ? null : labels[labels.Length - 1].Node;
        if (added.Count > 0 && last is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } } lastStatement)
        {
            var anchor = lastStatement;
            for (int i = labels.Length - 1; i >= 0; i--)
            {
                if (labels[i].Node is ExpressionStatementSyntax kept && !removed.Contains(labels[i]))
                {
                    anchor = kept;
                    break;
                }
            }

            var statements = new List<SyntaxNode>();
            foreach (var (key, value) in added)
            {
                statements.Add(SyntaxFactory.ExpressionStatement(
                    SyntaxFactory.InvocationExpression(
                        access.WithoutTrivia(),
                        SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(Literal(key)), SyntaxFactory.Argument(SyntaxFactory.IdentifierName(value)) }))))
                    .WithAdditionalAnnotations(Formatter.Annotation));
            }

            editor.InsertAfter(anchor, statements);
        }

        foreach (var label in removed)
        {
            editor.RemoveNode(label.Node);
        }

        if (added.Count > 0)
        {
            AddToList(editor, site, last, added, shortName);
        }

        return editor.GetChangedDocument();
    }

    /// <summary>Adds the labels to the argument list, collection expression or initializer that holds the site's labels.</summary>
    private static void AddToList(DocumentEditor editor, SyntaxNode site, SyntaxNode? last, List<(string Key, string Value)> values, bool shortName)
    {
        switch (last)
        {
            case null when site is InvocationExpressionSyntax invocation:
                editor.ReplaceNode(invocation.ArgumentList, (current, _) => ((ArgumentListSyntax)current).AddArguments(Arguments(values, implicitNew: false, shortName)));
                break;
            case ArgumentSyntax argument when argument.Parent is ArgumentListSyntax list:
                bool implicitArgument = argument.Expression is ImplicitObjectCreationExpressionSyntax;
                editor.ReplaceNode(list, (current, _) => ((ArgumentListSyntax)current).AddArguments(Arguments(values, implicitArgument, shortName)));
                break;
            case ExpressionElementSyntax element when element.Parent is CollectionExpressionSyntax collection:
                bool implicitElement = element.Expression is ImplicitObjectCreationExpressionSyntax;
                editor.ReplaceNode(collection, (current, _) =>
                {
                    var elements = ((CollectionExpressionSyntax)current).Elements;
                    foreach (var pair in values)
                    {
                        elements = elements.Add(SyntaxFactory.ExpressionElement(Pair(pair, implicitElement, shortName)));
                    }

                    return ((CollectionExpressionSyntax)current).WithElements(elements);
                });
                break;
            case ExpressionSyntax expression when expression.Parent is InitializerExpressionSyntax initializer:
                bool complex = expression.IsKind(SyntaxKind.ComplexElementInitializerExpression);
                bool implicitExpression = expression is ImplicitObjectCreationExpressionSyntax;
                editor.ReplaceNode(initializer, (current, _) =>
                {
                    var expressions = ((InitializerExpressionSyntax)current).Expressions;
                    foreach (var pair in values)
                    {
                        expressions = expressions.Add(complex
                            ? SyntaxFactory.InitializerExpression(
                                SyntaxKind.ComplexElementInitializerExpression,
                                SyntaxFactory.SeparatedList(new ExpressionSyntax[] { Literal(pair.Key), SyntaxFactory.IdentifierName(pair.Value) }))
                            : Pair(pair, implicitExpression, shortName));
                    }

                    return ((InitializerExpressionSyntax)current).WithExpressions(expressions);
                });
                break;
        }
    }

    private static ArgumentSyntax[] Arguments(List<(string Key, string Value)> values, bool implicitNew, bool shortName)
    {
        var arguments = new ArgumentSyntax[values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            arguments[i] = SyntaxFactory.Argument(Pair(values[i], implicitNew, shortName));
        }

        return arguments;
    }

    private static ExpressionSyntax Pair((string Key, string Value) pair, bool implicitNew, bool shortName)
    {
        var arguments = SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
        {
            SyntaxFactory.Argument(Literal(pair.Key)),
            SyntaxFactory.Argument(SyntaxFactory.IdentifierName(pair.Value)),
        }));
        return implicitNew
            ? SyntaxFactory.ImplicitObjectCreationExpression(arguments, null)
            : SyntaxFactory.ObjectCreationExpression(
                SyntaxFactory.ParseTypeName((shortName ? string.Empty : "System.Collections.Generic.") + "KeyValuePair<string, object?>"), arguments, null);
    }

    private static LiteralExpressionSyntax Literal(string text) =>
        SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(text));
}
