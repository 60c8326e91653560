using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Logs;
using SignalContract.Analyzers.Pii;
using SignalContract.CodeFixes.Infrastructure;
using SignalContract.CodeFixes.Logs;

namespace SignalContract.CodeFixes.Pii;

/// <summary>
/// OBS4001, OBS4003 and OBS4004: takes the personal data out. A log call's placeholder goes with its argument; a call that only adds the attribute or
/// baggage item goes (its statement, or its link of a fluent chain); an entry of a scope dictionary, a tag collection, a
/// pair array or a record site's arguments goes from its list. The analyzer says which, in <see cref="PiiDiagnosticProperties"/>;
/// the result is compiled before it is offered. When the contract names a redactor, the redactor wrap of
/// <see cref="PiiRedaction"/> is offered first.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PiiRemovalCodeFix)), Shared]
public sealed class PiiRemovalCodeFix : CodeFixProvider
{
    public const string RemoveKey = "SignalContract.OBS4xxx.Remove";

    /// <summary>The redactor wrap of <see cref="PiiRedaction"/>, offered first when the contract names a redactor.</summary>
    public const string RedactKey = "SignalContract.OBS4xxx.Redact";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        Descriptors.PiiInLogMessage.Id,
        Descriptors.PiiInTagOrLabel.Id,
        Descriptors.PiiInBaggage.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllFindings.EachWithItsFix;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        await PiiRedaction.RegisterAsync(context).ConfigureAwait(false);
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(PiiDiagnosticProperties.Removal, out string? removal))
            {
                continue;
            }

            SyntaxNode? newRoot;
            if (removal == PiiDiagnosticProperties.Removals.Placeholder)
            {
                newRoot = await WithoutPlaceholderAsync(context.Document, root, diagnostic, context.CancellationToken).ConfigureAwait(false);
            }
            else
            {
                newRoot = PiiDiagnosticProperties.ReadSpan(diagnostic.Properties, PiiDiagnosticProperties.RemovedSpan) is { } span && NodeAt(root, span) is { } node
                    ? Remove(root, node, removal)
                    : null;
            }

            if (newRoot is null)
            {
                continue;
            }

            var fixedDocument = context.Document.WithSyntaxRoot(newRoot);
            if (!await CompileCheck.AddsNoErrorAsync(context.Document, fixedDocument, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            string title = diagnostic.Id == Descriptors.PiiInBaggage.Id ? "Remove the baggage item"
                : diagnostic.Id == Descriptors.PiiInTagOrLabel.Id ? "Remove the attribute or label"
                : removal == PiiDiagnosticProperties.Removals.Placeholder ? "Remove the field and its value"
                : "Remove the scope entry";
            context.RegisterCodeFix(CodeAction.Create(title, _ => Task.FromResult(fixedDocument), RemoveKey), diagnostic);
        }
    }

    /// <summary>A log call's placeholder and the argument bound to it, read again by the logging family's recognizer.</summary>
    private static async Task<SyntaxNode?> WithoutPlaceholderAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(PiiDiagnosticProperties.Placeholder, out string? indexText)
            || !int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
            || LogRecognizer.Create(model.Compilation, LogFixContext.Logs(document.Project, cancellationToken)) is not { } recognizer)
        {
            return null;
        }

        var start = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (PlaceholderSite.Find(start, index, model, recognizer, cancellationToken) is not { } site
            || TemplateEdit.WithoutPlaceholder(site.Literal, site.Call.Template, index) is not { } newLiteral)
        {
            return null;
        }

        var invocation = site.Invocation;
        var arguments = invocation.ArgumentList.Arguments;
        int templateAt = arguments.IndexOf(site.TemplateArgument);
        int valueAt = arguments.IndexOf(site.ValueArgument);
        arguments = arguments.Replace(arguments[templateAt], site.TemplateArgument.WithExpression(newLiteral.WithTriviaFrom(site.Literal)));
        arguments = arguments.RemoveAt(valueAt);
        return root.ReplaceNode(invocation, invocation.WithArgumentList(invocation.ArgumentList.WithArguments(arguments)));
    }

    private static SyntaxNode? NodeAt(SyntaxNode root, TextSpan span)
    {
        if (!root.FullSpan.Contains(span))
        {
            return null;
        }

        for (SyntaxNode? node = root.FindNode(span, getInnermostNodeForTie: true); node is not null; node = node.Parent)
        {
            if (node.Span == span)
            {
                return node;
            }

            if (node.Span.Length > span.Length)
            {
                return null;
            }
        }

        return null;
    }

    private static SyntaxNode? Remove(SyntaxNode root, SyntaxNode node, string? removal)
    {
        switch (removal)
        {
            case PiiDiagnosticProperties.Removals.Call when node is InvocationExpressionSyntax invocation:
                if (StatementOf(invocation) is { Parent: BlockSyntax or SwitchSectionSyntax } statement)
                {
                    return root.RemoveNode(statement, SyntaxRemoveOptions.KeepUnbalancedDirectives);
                }

                // activity.SetTag("a", a).SetTag("email", email): the link goes, its receiver stays.
                return invocation.Expression is MemberAccessExpressionSyntax access
                    ? root.ReplaceNode(invocation, access.Expression.WithTriviaFrom(invocation))
                    : null;
            case PiiDiagnosticProperties.Removals.Entry:
                // A label passed as an argument is removed with its argument.
                var entry = node.Parent is ArgumentSyntax argument ? argument : node;
                var items = entry.Parent switch
                {
                    ArgumentListSyntax list => list.Arguments.GetWithSeparators(),
                    InitializerExpressionSyntax initializer => initializer.Expressions.GetWithSeparators(),
                    CollectionExpressionSyntax collection => collection.Elements.GetWithSeparators(),
                    _ => default,
                };
                return EntrySpan(items, entry) is { } removed ? root.SyntaxTree.WithChangedText(root.SyntaxTree.GetText().WithChanges(new TextChange(removed, string.Empty))).GetRoot() : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// The text an entry of a comma-separated list takes: with the comma and space after it, or, for the last entry, the
    /// comma before it, so the list reads as if written without it (<c>{ a, b }</c> → <c>{ b }</c> or <c>{ a }</c>).
    /// </summary>
    private static TextSpan? EntrySpan(SyntaxNodeOrTokenList items, SyntaxNode entry)
    {
        int at = -1;
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i].AsNode() == entry)
            {
                at = i;
                break;
            }
        }

        if (at < 0)
        {
            return null;
        }

        if (at + 2 < items.Count)
        {
            return TextSpan.FromBounds(entry.SpanStart, items[at + 2].SpanStart);
        }

        if (at + 1 < items.Count)
        {
            // A trailing comma: the entry's line goes with it.
            return TextSpan.FromBounds(entry.FullSpan.Start, items[at + 1].FullSpan.End);
        }

        return at >= 1 ? TextSpan.FromBounds(items[at - 1].SpanStart, entry.Span.End) : entry.Span;
    }

    /// <summary>The statement the call is the whole of: <c>x.SetTag(...);</c> or <c>x?.SetTag(...);</c>.</summary>
    private static ExpressionStatementSyntax? StatementOf(InvocationExpressionSyntax invocation) => invocation.Parent switch
    {
        ExpressionStatementSyntax statement => statement,
        ConditionalAccessExpressionSyntax { Parent: ExpressionStatementSyntax statement } conditional
            when conditional.WhenNotNull == invocation && invocation.Expression is MemberBindingExpressionSyntax => statement,
        _ => null,
    };
}
