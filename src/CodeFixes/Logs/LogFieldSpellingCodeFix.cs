using System;
using System.Collections.Immutable;
using System.Linq;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Rename;
using Microsoft.CodeAnalysis.Text;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Logs;
using SignalContract.CodeFixes.Infrastructure;

namespace SignalContract.CodeFixes.Logs;

/// <summary>
/// OBS2002: renames a log field to the contract's spelling where it is written: a placeholder, a scope key, a
/// <c>PushProperty</c>/<c>ForContext</c> name. In a <c>[LoggerMessage]</c> template the parameter is renamed with the
/// placeholder (the generator binds them by name, ignoring case), unless the new spelling differs from it only in case.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LogFieldSpellingCodeFix)), Shared]
public sealed class LogFieldSpellingCodeFix : CodeFixProvider
{
    public const string RenameFieldKey = "SignalContract.OBS2002.RenameField";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.LogFieldSpelling.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllFindings.EachWithItsFix;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(LogDiagnosticProperties.NewName, out string? newName) || string.IsNullOrEmpty(newName)
                || !diagnostic.Properties.TryGetValue(LogDiagnosticProperties.FieldKind, out string? kind) || kind is null
                || !IsPlainName(newName!))
            {
                continue;
            }

            var span = diagnostic.Location.SourceSpan;
            var token = root.FindToken(span.Start);
            string title = $"Rename the field to '{newName}'";
            switch (kind)
            {
                case LogDiagnosticProperties.FieldKinds.InPlace when IsInsideLiteral(token, span):
                    context.RegisterCodeFix(CodeAction.Create(title, ct => ReplaceAsync(context.Document, span, newName!, ct), RenameFieldKey), diagnostic);
                    break;
                case LogDiagnosticProperties.FieldKinds.LoggerMessagePlaceholder or LogDiagnosticProperties.FieldKinds.LoggerMessageParameter
                    when diagnostic.Properties.TryGetValue(LogDiagnosticProperties.ParameterName, out string? parameter) && parameter is not null:
                    context.RegisterCodeFix(
                        CodeAction.Create(title, ct => RenameLoggerMessageFieldAsync(context.Document, span, kind, parameter!, newName!, ct), RenameFieldKey),
                        diagnostic);
                    break;
            }
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, TextSpan span, string newName, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return document.WithText(text.WithChanges(new TextChange(span, newName)));
    }

    /// <summary>
    /// Renames the parameter (and every named argument that passes it) and the placeholder that names it, so the generated
    /// code still binds them; when only the letter case changes, the placeholder alone is renamed.
    /// </summary>
    private static async Task<Solution> RenameLoggerMessageFieldAsync(Document document, TextSpan span, string kind, string parameterName, string newName, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var method = root?.FindToken(span.Start).Parent?.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
        if (root is null || model is null || method is null || model.GetDeclaredSymbol(method, cancellationToken) is not IMethodSymbol symbol)
        {
            return document.Project.Solution;
        }

        var parameter = symbol.Parameters.FirstOrDefault(p => p.Name == parameterName);
        bool bindsStill = string.Equals(parameterName, newName, StringComparison.OrdinalIgnoreCase);
        var solution = document.Project.Solution;
        if (kind == LogDiagnosticProperties.FieldKinds.LoggerMessagePlaceholder)
        {
            var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            solution = solution.WithDocumentText(document.Id, text.WithChanges(new TextChange(span, newName)));
        }

        if (bindsStill || parameter is null || !SyntaxFacts.IsValidIdentifier(newName))
        {
            return solution;
        }

        // The placeholder edit left the parameter where it was; find it again in the edited solution.
        var edited = solution.GetDocument(document.Id)!;
        var editedModel = await edited.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var editedRoot = await edited.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var editedParameter = editedRoot?.FindNode(parameter.Locations[0].SourceSpan) is ParameterSyntax parameterSyntax
            ? editedModel?.GetDeclaredSymbol(parameterSyntax, cancellationToken)
            : null;
        return editedParameter is null
            ? solution
            : await Renamer.RenameSymbolAsync(solution, editedParameter, new SymbolRenameOptions(), newName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Names a fix writes into a string literal as they are: no quote, backslash, brace or line break to escape.</summary>
    private static bool IsPlainName(string name)
    {
        foreach (char c in name)
        {
            if (c is '"' or '\\' or '{' or '}' or '\n' or '\r')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsInsideLiteral(SyntaxToken token, TextSpan span) =>
        token.Kind() is SyntaxKind.StringLiteralToken or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken
        && token.Span.Contains(span);
}
