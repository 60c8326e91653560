using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Logs;
using SignalContract.CodeFixes.Infrastructure;

namespace SignalContract.CodeFixes.Logs;

/// <summary>
/// OBS2004: passes the caught exception through the overload that takes one, and drops the argument that only repeated
/// it with its placeholder (and the separator before it): <c>LogWarning("Failed: {error}", ex.Message)</c> becomes
/// <c>LogWarning(ex, "Failed")</c>. Offered for MEL's and Serilog's methods, whose every shape has an exception overload.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LogExceptionCodeFix)), Shared]
public sealed class LogExceptionCodeFix : CodeFixProvider
{
    public const string PassExceptionKey = "SignalContract.OBS2004.PassException";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.LogExceptionNotPassed.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllFindings.EachWithItsFix;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        var recognizer = LogRecognizer.Create(model.Compilation, LogFixContext.Logs(context.Document.Project, context.CancellationToken));
        foreach (var diagnostic in context.Diagnostics)
        {
            if (recognizer is null
                || !diagnostic.Properties.TryGetValue(LogDiagnosticProperties.RepeatingArgument, out string? indexText)
                || !int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
                || Rewrite(invocation, index, model, recognizer, context.CancellationToken) is not { } replacement)
            {
                continue;
            }

            string exception = replacement.Exception;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Pass '{exception}' as the exception",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(replacement.Original, replacement.Call))),
                    PassExceptionKey),
                diagnostic);
        }
    }

    private static (InvocationExpressionSyntax Original, InvocationExpressionSyntax Call, string Exception)? Rewrite(InvocationExpressionSyntax invocation, int index, SemanticModel model, LogRecognizer recognizer, CancellationToken cancellationToken)
    {
        // The diagnostic may sit in a nested call's argument (ex.ToString()): take the log call itself.
        LogCall? call = null;
        for (var candidate = invocation; candidate is not null; candidate = candidate.Parent?.FirstAncestorOrSelf<InvocationExpressionSyntax>())
        {
            if (model.GetOperation(candidate, cancellationToken) is IInvocationOperation operation && recognizer.ReadCall(operation, cancellationToken) is { } read)
            {
                call = read;
                invocation = candidate;
                break;
            }
        }

        if (call is null || call.Api is not (LogApi.MelExtension or LogApi.Serilog))
        {
            return null;
        }

        if (call.Arguments is not { } values || index >= values.Length || call.ExceptionArgument is not null && call.ExceptionArgument.ArgumentKind != ArgumentKind.DefaultValue
            || call.TemplateArgument?.Syntax is not ArgumentSyntax { NameColon: null } templateArgument
            || LogOperations.WithoutConversions(call.TemplateArgument.Value).Syntax is not LiteralExpressionSyntax literal
            || call.Template.SourceMap is null)
        {
            return null;
        }

        // The value repeated; the arguments must be written one by one, so the one to drop is an argument of the call.
        if (values[index].Syntax.FirstAncestorOrSelf<ArgumentSyntax>() is not { Parent: ArgumentListSyntax list } repeated || list != invocation.ArgumentList
            || ExceptionName(values[index]) is not { } exception)
        {
            return null;
        }

        int placeholder = PlaceholderBoundTo(call, index);
        var newLiteral = placeholder < 0 ? literal : TemplateEdit.WithoutPlaceholder(literal, call.Template, placeholder);
        if (newLiteral is null)
        {
            return null;
        }

        var arguments = invocation.ArgumentList.Arguments;
        int templateAt = arguments.IndexOf(templateArgument);
        int repeatedAt = arguments.IndexOf(repeated);
        if (templateAt < 0 || repeatedAt < 0)
        {
            return null;
        }

        arguments = arguments.RemoveAt(repeatedAt);
        templateAt -= repeatedAt < templateAt ? 1 : 0;
        arguments = arguments.Replace(arguments[templateAt], arguments[templateAt].WithExpression(newLiteral.WithTriviaFrom(literal)));
        arguments = arguments.Insert(templateAt, SyntaxFactory.Argument(SyntaxFactory.IdentifierName(exception)));
        var replacement = invocation.WithArgumentList(invocation.ArgumentList.WithArguments(arguments)).WithAdditionalAnnotations(Formatter.Annotation);

        var bound = model.GetSpeculativeSymbolInfo(invocation.SpanStart, replacement, SpeculativeBindingOption.BindAsExpression);
        return bound.Symbol is IMethodSymbol method && method.Parameters.Any(p => recognizer.Types.IsException(p.Type)) ? (invocation, replacement, exception) : null;
    }

    /// <summary>The catch variable's name, from <c>ex</c>, <c>ex.Message</c>, <c>ex.ToString()</c> or <c>ex?.Message</c>.</summary>
    private static string? ExceptionName(IOperation value)
    {
        value = LogOperations.WithoutConversions(value);
        var instance = value switch
        {
            IConditionalAccessOperation conditional => conditional.Operation,
            IPropertyReferenceOperation property => property.Instance,
            IInvocationOperation invocation => invocation.Instance,
            _ => value,
        };

        return instance is not null && LogOperations.WithoutConversions(instance) is ILocalReferenceOperation local ? local.Local.Name : null;
    }

    private static int PlaceholderBoundTo(LogCall call, int argument)
    {
        var placeholders = call.Template.Parsed.Placeholders;
        for (int i = 0; i < placeholders.Length; i++)
        {
            if (ReferenceEquals(call.ArgumentFor(i), call.Arguments!.Value[argument]))
            {
                return i;
            }
        }

        return -1;
    }
}
