using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Logs;

namespace SignalContract.CodeFixes.Pii;

/// <summary>
/// A placeholder of a log call's literal template and the argument bound to it, where a fix can edit both: the template
/// is a literal the logging recognizer maps to source, and the value is an argument of the call itself.
/// </summary>
internal sealed class PlaceholderSite
{
    private PlaceholderSite(LogCall call, ArgumentSyntax templateArgument, LiteralExpressionSyntax literal, ArgumentSyntax valueArgument, ExpressionSyntax value)
    {
        Call = call;
        TemplateArgument = templateArgument;
        Literal = literal;
        ValueArgument = valueArgument;
        Value = value;
    }

    public LogCall Call { get; }

    public ArgumentSyntax TemplateArgument { get; }

    public LiteralExpressionSyntax Literal { get; }

    public ArgumentSyntax ValueArgument { get; }

    /// <summary>The value as written, without conversions.</summary>
    public ExpressionSyntax Value { get; }

    /// <summary>The site of placeholder <paramref name="index"/> of the log call that is, or encloses, <paramref name="node"/>.</summary>
    public static PlaceholderSite? Find(SyntaxNode node, int index, SemanticModel model, LogRecognizer recognizer, CancellationToken cancellationToken)
    {
        for (var invocation = node.FirstAncestorOrSelf<InvocationExpressionSyntax>(); invocation is not null; invocation = invocation.Parent?.FirstAncestorOrSelf<InvocationExpressionSyntax>())
        {
            if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation || recognizer.ReadCall(operation, cancellationToken) is not { } call)
            {
                continue;
            }

            return index < call.Template.Parsed.Placeholders.Length
                && call.Template.SourceMap is not null
                && call.TemplateArgument?.Syntax is ArgumentSyntax templateArgument
                && templateArgument.Parent == invocation.ArgumentList
                && LogOperations.WithoutConversions(call.TemplateArgument.Value).Syntax is LiteralExpressionSyntax literal
                && call.ArgumentFor(index) is { } value
                && LogOperations.WithoutConversions(value).Syntax is ExpressionSyntax valueSyntax
                && value.Syntax.FirstAncestorOrSelf<ArgumentSyntax>() is { } valueArgument
                && valueArgument.Parent == invocation.ArgumentList
                && valueArgument != templateArgument
                ? new PlaceholderSite(call, templateArgument, literal, valueArgument, valueSyntax)
                : null;
        }

        return null;
    }

    public InvocationExpressionSyntax Invocation => (InvocationExpressionSyntax)ValueArgument.Parent!.Parent!;
}
