using System.Collections.Generic;
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
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Logs;
using SignalContract.Analyzers.Pii;
using SignalContract.CodeFixes.Infrastructure;
using SignalContract.CodeFixes.Logs;

namespace SignalContract.CodeFixes.Pii;

/// <summary>
/// OBS4002: logs the object's members that are not personal data one by one instead of the object:
/// <c>LogInformation("Order {Order} placed", order)</c> becomes
/// <c>LogInformation("Order {order_id}, {order_total} placed", order.Id, order.Total)</c>, the field names in the
/// contract's style. The analyzer offers the members (at most five) when the value can be named again without running
/// it twice; the result is compiled before it is offered.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LoggedObjectMembersCodeFix)), Shared]
public sealed class LoggedObjectMembersCodeFix : CodeFixProvider
{
    public const string LogMembersKey = "SignalContract.OBS4002.LogMembers";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.PiiInLoggedObject.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllFindings.EachWithItsFix;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        var logs = LogFixContext.Logs(context.Document.Project, context.CancellationToken);
        var recognizer = LogRecognizer.Create(model.Compilation, logs);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (recognizer is null
                || !diagnostic.Properties.TryGetValue(PiiDiagnosticProperties.Members, out string? memberList) || string.IsNullOrEmpty(memberList)
                || !diagnostic.Properties.TryGetValue(PiiDiagnosticProperties.Placeholder, out string? indexText)
                || !int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
                || Rewrite(invocation, index, memberList!.Split(','), model, recognizer, logs, context.CancellationToken) is not { } replacement)
            {
                continue;
            }

            var fixedDocument = context.Document.WithSyntaxRoot(root.ReplaceNode(replacement.Original, replacement.Call));
            if (!await CompileCheck.AddsNoErrorAsync(context.Document, fixedDocument, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Log {string.Join(", ", memberList.Split(','))} instead", _ => Task.FromResult(fixedDocument), LogMembersKey),
                diagnostic);
        }
    }

    private static (InvocationExpressionSyntax Original, InvocationExpressionSyntax Call)? Rewrite(InvocationExpressionSyntax invocation, int index, string[] members, SemanticModel model, LogRecognizer recognizer, LogsContract logs, CancellationToken cancellationToken)
    {
        if (PlaceholderSite.Find(invocation, index, model, recognizer, cancellationToken) is not { } site)
        {
            return null;
        }

        invocation = site.Invocation;
        var call = site.Call;
        var map = call.Template.SourceMap!;
        var literal = site.Literal;
        var valueSyntax = site.Value;
        var templateArgument = site.TemplateArgument;
        var valueArgument = site.ValueArgument;
        var holes = new List<string>(members.Length);
        var values = new List<ArgumentSyntax>(members.Length);
        foreach (string member in members)
        {
            var access = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, valueSyntax.WithoutTrivia(), SyntaxFactory.IdentifierName(member));
            holes.Add("{" + LogFixContext.FieldNameFor(access, logs) + "}");
            values.Add(SyntaxFactory.Argument(access));
        }

        // The hole's characters in the literal, braces included, become the members' holes.
        var hole = call.Template.Parsed.Placeholders[index];
        var span = map.SpanOf(hole.Start, hole.Length);
        string source = literal.Token.Text;
        int offset = literal.Token.SpanStart;
        if (span.Start < offset || span.End > offset + source.Length)
        {
            return null;
        }

        string rewritten = source.Substring(0, span.Start - offset) + string.Join(", ", holes) + source.Substring(span.End - offset);
        if (SyntaxFactory.ParseExpression(rewritten) is not LiteralExpressionSyntax newLiteral || newLiteral.ContainsDiagnostics)
        {
            return null;
        }

        var arguments = invocation.ArgumentList.Arguments;
        int templateAt = arguments.IndexOf(templateArgument);
        int valueAt = arguments.IndexOf(valueArgument);

        // The call keeps its layout: the original separators stay, the members' arguments are written "a, b".
        var nodes = new List<ArgumentSyntax>(arguments.Count + values.Count);
        var separators = new List<SyntaxToken>(arguments.Count + values.Count);
        for (int i = 0; i < arguments.Count; i++)
        {
            if (i == valueAt)
            {
                for (int j = 0; j < values.Count; j++)
                {
                    nodes.Add(j == 0 ? values[j].WithTriviaFrom(valueArgument) : values[j]);
                    if (j < values.Count - 1)
                    {
                        separators.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
                    }
                }
            }
            else
            {
                nodes.Add(i == templateAt ? templateArgument.WithExpression(newLiteral.WithTriviaFrom(literal)) : arguments[i]);
            }

            if (i < arguments.SeparatorCount)
            {
                separators.Add(arguments.GetSeparator(i));
            }
        }

        return (invocation, invocation.WithArgumentList(invocation.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(nodes, separators))));
    }
}
