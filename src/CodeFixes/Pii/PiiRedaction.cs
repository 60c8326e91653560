using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Pii;
using SignalContract.CodeFixes.Infrastructure;

namespace SignalContract.CodeFixes.Pii;

/// <summary>
/// OBS4001 and OBS4003, when the contract names a <c>pii.redactor</c>: wraps the value in it
/// (<c>email</c> → <c>Redact.Mask(email)</c>) and, when the finding is the field's name, renames the field so it no
/// longer claims to hold the raw value (<c>{Email}</c> → <c>{EmailRedacted}</c>, <c>user.email</c> →
/// <c>user.email_redacted</c>). Offered for string values only, and only when the result compiles.
/// </summary>
/// <remarks>
/// Offered by <see cref="PiiRemovalCodeFix"/>, before its removal: dotnet format asks one fixer per rule, so each rule has
/// one fixer with every fix.
/// </remarks>
internal static class PiiRedaction
{
    public static async Task RegisterAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null
            || ContractSource.Find(context.Document.Project.AnalyzerOptions, context.CancellationToken) is not { Model: { IsValid: true } model }
            || RedactorCall(model.Pii.Redactor) is not { } redactor)
        {
            return;
        }

        var text = await context.Document.GetTextAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Id == Descriptors.PiiInBaggage.Id
                || PiiDiagnosticProperties.ReadSpan(diagnostic.Properties, PiiDiagnosticProperties.ValueSpan) is not { } valueSpan
                || !root.FullSpan.Contains(valueSpan)
                || root.FindNode(valueSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value
                || value.Span != valueSpan)
            {
                continue;
            }

            var nameSpan = PiiDiagnosticProperties.ReadSpan(diagnostic.Properties, PiiDiagnosticProperties.NameSpan);
            string? newName = null;
            if (nameSpan is { } span && span == diagnostic.Location.SourceSpan && span.End <= text.Length)
            {
                newName = RedactedName(text.ToString(span));
            }

            var wrapped = SyntaxFactory.InvocationExpression(
                    redactor.WithAdditionalAnnotations(Simplifier.Annotation),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(value.WithoutTrivia()))))
                .WithTriviaFrom(value)
                .WithAdditionalAnnotations(Formatter.Annotation);
            var newRoot = root.ReplaceNode(value, wrapped);
            var fixedDocument = await Simplifier.ReduceAsync(context.Document.WithSyntaxRoot(newRoot), Simplifier.Annotation, cancellationToken: context.CancellationToken).ConfigureAwait(false);
            if (newName is not null && nameSpan is { } renamed && !renamed.IntersectsWith(valueSpan))
            {
                var fixedText = await fixedDocument.GetTextAsync(context.CancellationToken).ConfigureAwait(false);

                // The name sits before the value in every shape the analyzer reports, so its span has not moved.
                if (renamed.End <= valueSpan.Start)
                {
                    fixedDocument = fixedDocument.WithText(fixedText.WithChanges(new TextChange(renamed, newName)));
                }
            }

            if (!await CompileCheck.AddsNoErrorAsync(context.Document, fixedDocument, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var result = fixedDocument;
            context.RegisterCodeFix(CodeAction.Create($"Redact the value with '{model.Pii.Redactor}'", _ => Task.FromResult(result), PiiRemovalCodeFix.RedactKey), diagnostic);
        }
    }

    /// <summary><c>global::Namespace.Type.Method</c>, for the simplifier to shorten where a using allows.</summary>
    private static ExpressionSyntax? RedactorCall(string? redactor)
    {
        if (redactor is null || redactor.IndexOf('.') <= 0)
        {
            return null;
        }

        try
        {
            return SyntaxFactory.ParseExpression("global::" + redactor) is MemberAccessExpressionSyntax access && !access.ContainsDiagnostics ? access : null;
        }
        catch (System.ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The name in its own style with a <c>redacted</c> word: <c>email</c> → <c>email_redacted</c>, <c>Email</c> → <c>EmailRedacted</c>.</summary>
    internal static string RedactedName(string name)
    {
        bool separated = name.IndexOf('_') >= 0 || name.IndexOf('.') >= 0 || name.IndexOf('-') >= 0;
        bool lower = true;
        foreach (char c in name)
        {
            lower &= !char.IsUpper(c);
        }

        return separated || lower ? name + "_redacted" : name + "Redacted";
    }
}
