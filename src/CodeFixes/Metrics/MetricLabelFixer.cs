using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Metrics;
using SignalContract.CodeFixes.Infrastructure;

namespace SignalContract.CodeFixes.Metrics;

/// <summary>
/// Label fixes at record sites: remove an undeclared (OBS1005) or forbidden / unbounded (OBS1007) label, and add the
/// declared labels a record site misses when a local, parameter or member of the same name is in scope (OBS1005).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MetricLabelFixer)), Shared]
public sealed class MetricLabelFixer : CodeFixProvider
{
    public const string RemoveLabelKey = "SignalContract.Metrics.RemoveLabel";
    public const string AddLabelsKey = "SignalContract.Metrics.AddLabels";

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

            if (action == MetricDiagnosticProperties.RemoveLabel)
            {
                foreach (var label in labels)
                {
                    if (label.Key.Operation?.Syntax.Span == diagnostic.Location.SourceSpan)
                    {
                        var removed = label.Node;
                        context.RegisterCodeFix(
                            CodeAction.Create($"Remove label '{label.Key.Value}'", ct => RemoveAsync(context.Document, removed, ct), RemoveLabelKey),
                            diagnostic);
                        break;
                    }
                }
            }
            else if (action == MetricDiagnosticProperties.AddLabels
                && diagnostic.Properties.TryGetValue(MetricDiagnosticProperties.MissingLabels, out string? missing) && missing is not null)
            {
                var values = FindValues(missing.Split(MetricDiagnosticProperties.Separator), model, recording.Operation.Syntax);
                if (values is not null && CanAdd(recording, labels, values.Count))
                {
                    var site = recording.Operation.Syntax;
                    var lastNode = labels.IsEmpty ? null : labels[labels.Length - 1].Node;
                    bool shortName = !model.LookupNamespacesAndTypes(site.SpanStart, name: "KeyValuePair").IsEmpty;
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            values.Count == 1 ? $"Add label '{values[0].Key}'" : "Add the missing labels",
                            ct => AddAsync(context.Document, site, lastNode, values, shortName, ct),
                            AddLabelsKey),
                        diagnostic);
                }
            }
        }
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

    private static bool CanAdd(MetricRecording recording, ImmutableArray<LabelUse> labels, int count)
    {
        if (labels.IsEmpty)
        {
            // Only a record site with no tag argument at all: a TagList or array that is empty is left to the developer.
            return recording.Operation.Syntax is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } && count <= MaxTagArguments;
        }

        return labels[labels.Length - 1].Node switch
        {
            ArgumentSyntax => labels.Length + count <= MaxTagArguments,
            ExpressionStatementSyntax => true,
            ExpressionElementSyntax => true,
            ExpressionSyntax { Parent: InitializerExpressionSyntax } => true,
            _ => false,
        };
    }

    private static async Task<Document> RemoveAsync(Document document, SyntaxNode node, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.RemoveNode(node);
        return editor.GetChangedDocument();
    }

    private static async Task<Document> AddAsync(Document document, SyntaxNode site, SyntaxNode? last, List<(string Key, string Value)> values, bool shortName, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        switch (last)
        {
            case null when site is InvocationExpressionSyntax invocation:
                editor.ReplaceNode(invocation.ArgumentList, invocation.ArgumentList.AddArguments(Arguments(values, implicitNew: false, shortName)));
                break;
            case ArgumentSyntax argument when argument.Parent is ArgumentListSyntax list:
                editor.ReplaceNode(list, list.AddArguments(Arguments(values, argument.Expression is ImplicitObjectCreationExpressionSyntax, shortName)));
                break;
            case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } } statement:
                var added = new List<SyntaxNode>();
                foreach (var (key, value) in values)
                {
                    added.Add(SyntaxFactory.ExpressionStatement(
                        SyntaxFactory.InvocationExpression(
                            access.WithoutTrivia(),
                            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(Literal(key)), SyntaxFactory.Argument(SyntaxFactory.IdentifierName(value)) }))))
                        .WithAdditionalAnnotations(Formatter.Annotation));
                }

                editor.InsertAfter(statement, added);
                break;
            case ExpressionElementSyntax element when element.Parent is CollectionExpressionSyntax collection:
                var elements = collection.Elements;
                foreach (var pair in values)
                {
                    elements = elements.Add(SyntaxFactory.ExpressionElement(Pair(pair, element.Expression is ImplicitObjectCreationExpressionSyntax, shortName)));
                }

                editor.ReplaceNode(collection, collection.WithElements(elements));
                break;
            case ExpressionSyntax expression when expression.Parent is InitializerExpressionSyntax initializer:
                var expressions = initializer.Expressions;
                foreach (var pair in values)
                {
                    expressions = expressions.Add(expression.IsKind(SyntaxKind.ComplexElementInitializerExpression)
                        ? SyntaxFactory.InitializerExpression(
                            SyntaxKind.ComplexElementInitializerExpression,
                            SyntaxFactory.SeparatedList(new ExpressionSyntax[] { Literal(pair.Key), SyntaxFactory.IdentifierName(pair.Value) }))
                        : Pair(pair, expression is ImplicitObjectCreationExpressionSyntax, shortName));
                }

                editor.ReplaceNode(initializer, initializer.WithExpressions(expressions));
                break;
        }

        return editor.GetChangedDocument();
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
