using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Logs;
using SignalContract.CodeFixes.Infrastructure;

namespace SignalContract.CodeFixes.Logs;

/// <summary>
/// OBS2003: turns an interpolated or concatenated template into a constant template with named placeholders, and passes
/// the values as arguments after it. Names come from the values (<c>order.Id</c> → <c>order_id</c>) in the contract's
/// spelling; format and alignment stay (<c>{total,10:N2}</c>); literal braces are escaped; a single verbatim or raw
/// interpolated string stays verbatim or raw. Offered only when the call takes arguments after its template and has none
/// yet, and when the new call binds.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LogTemplateCodeFix)), Shared]
public sealed class LogTemplateCodeFix : CodeFixProvider
{
    public const string UseConstantTemplateKey = "SignalContract.OBS2003.UseConstantTemplate";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.LogTemplateNotConstant.Id);

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
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax template
                || Rewrite(template, model, logs, context.CancellationToken) is not { } rewritten)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use a constant template with named placeholders",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(rewritten.Original, rewritten.Replacement))),
                    UseConstantTemplateKey),
                diagnostic);
        }
    }

    /// <summary>The call with its template made constant and the values appended, or null when no such call binds.</summary>
    internal static (InvocationExpressionSyntax Original, InvocationExpressionSyntax Replacement)? Rewrite(ExpressionSyntax template, SemanticModel model, LogsContract logs, CancellationToken cancellationToken)
    {
        if (template.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } arguments } argument
            || arguments.Arguments.IndexOf(argument) != arguments.Arguments.Count - 1)
        {
            // Values already follow the template: their placeholders and the new ones could not be told apart.
            return null;
        }

        var parts = new List<Part>();
        if (!Split(template, model, parts, cancellationToken) || !parts.Exists(p => p.Hole is not null))
        {
            return null;
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        var values = new List<ExpressionSyntax>();
        var value = new StringBuilder();
        foreach (var part in parts)
        {
            if (part.Hole is not { } hole)
            {
                value.Append(MessageTemplate.Escape(part.Text!));
                continue;
            }

            string name = LogFixContext.Unique(LogFixContext.FieldNameFor(hole.Expression, logs), used, logs);
            part.Name = name;
            value.Append('{').Append(name);
            if (hole.Alignment is { } alignment)
            {
                value.Append(',').Append(alignment);
            }

            if (hole.Format is { } format)
            {
                value.Append(':').Append(format);
            }

            value.Append('}');
            values.Add(hole.Expression.WithoutTrivia());
        }

        var literal = template is InterpolatedStringExpressionSyntax interpolated && SameStyleLiteral(interpolated, parts) is { } sameStyle
            && sameStyle.Token.ValueText == value.ToString()
            ? sameStyle
            : SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value.ToString()));

        var newArguments = arguments.Arguments.Replace(argument, argument.WithExpression(literal.WithTriviaFrom(template)));
        foreach (var hole in values)
        {
            newArguments = newArguments.Add(SyntaxFactory.Argument(hole));
        }

        var replacement = invocation.WithArgumentList(arguments.WithArguments(newArguments)).WithAdditionalAnnotations(Formatter.Annotation);

        // Never offer what does not compile: the new call must bind to a method taking the values.
        var bound = model.GetSpeculativeSymbolInfo(invocation.SpanStart, replacement, SpeculativeBindingOption.BindAsExpression);
        return bound.Symbol is IMethodSymbol ? (invocation, replacement) : null;
    }

    /// <summary>The text and holes of an interpolation or concatenation; constants (literals, <c>const</c>, <c>nameof</c>) are text.</summary>
    private static bool Split(ExpressionSyntax expression, SemanticModel model, List<Part> parts, CancellationToken cancellationToken)
    {
        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Split(parenthesized.Expression, model, parts, cancellationToken);

            case InterpolatedStringExpressionSyntax interpolated:
                // Outside raw strings a text part's value still holds the doubled braces that wrote single ones.
                bool rawString = interpolated.StringStartToken.Text.Contains("\"\"\"");
                foreach (var content in interpolated.Contents)
                {
                    if (content is InterpolatedStringTextSyntax text)
                    {
                        string literal = text.TextToken.ValueText;
                        parts.Add(new Part(rawString ? literal : literal.Replace("{{", "{").Replace("}}", "}"), null, text));
                    }
                    else if (content is InterpolationSyntax interpolation)
                    {
                        if (interpolation.AlignmentClause is null && interpolation.FormatClause is null
                            && model.GetConstantValue(interpolation.Expression, cancellationToken) is { HasValue: true } constant)
                        {
                            parts.Add(new Part(Convert.ToString(constant.Value, CultureInfo.InvariantCulture) ?? string.Empty, null, null));
                            continue;
                        }

                        string? alignment = null;
                        if (interpolation.AlignmentClause is { } clause)
                        {
                            if (model.GetConstantValue(clause.Value, cancellationToken) is not { HasValue: true, Value: int width })
                            {
                                return false;
                            }

                            alignment = width.ToString(CultureInfo.InvariantCulture);
                        }

                        string? format = interpolation.FormatClause?.FormatStringToken.ValueText;
                        parts.Add(new Part(null, new Hole(interpolation.Expression, alignment, format), interpolation));
                    }
                }

                return true;

            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                return SplitOperand(binary.Left, model, parts, cancellationToken) && SplitOperand(binary.Right, model, parts, cancellationToken);

            default:
                return false;
        }
    }

    private static bool SplitOperand(ExpressionSyntax operand, SemanticModel model, List<Part> parts, CancellationToken cancellationToken)
    {
        if (model.GetConstantValue(operand, cancellationToken) is { HasValue: true } constant)
        {
            parts.Add(new Part(Convert.ToString(constant.Value, CultureInfo.InvariantCulture) ?? string.Empty, null, null));
            return true;
        }

        if (operand is InterpolatedStringExpressionSyntax or ParenthesizedExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression }
            && model.GetTypeInfo(operand, cancellationToken).Type?.SpecialType == SpecialType.System_String)
        {
            return Split(operand, model, parts, cancellationToken);
        }

        parts.Add(new Part(null, new Hole(operand, null, null), null));
        return true;
    }

    /// <summary>
    /// The template written as the interpolated string was: regular, verbatim or raw, the text copied as written (a raw
    /// string's literal braces doubled, since it wrote them single), each hole replaced by its placeholder.
    /// </summary>
    private static LiteralExpressionSyntax? SameStyleLiteral(InterpolatedStringExpressionSyntax interpolated, List<Part> parts)
    {
        string start = interpolated.StringStartToken.Text.Replace("$", string.Empty);
        bool raw = start.Contains("\"\"\"");
        var text = new StringBuilder(start);
        foreach (var part in parts)
        {
            if (part.Syntax is InterpolatedStringTextSyntax written)
            {
                string source = written.TextToken.Text;
                text.Append(raw ? MessageTemplate.Escape(source) : source);
            }
            else if (part.Syntax is InterpolationSyntax interpolation && part.Hole is { } hole)
            {
                text.Append('{').Append(part.Name);
                if (hole.Alignment is { } alignment)
                {
                    text.Append(',').Append(alignment);
                }

                if (interpolation.FormatClause is { } format)
                {
                    text.Append(':').Append(format.FormatStringToken.Text);
                }

                text.Append('}');
            }
            else
            {
                return null;
            }
        }

        text.Append(interpolated.StringEndToken.Text);
        return SyntaxFactory.ParseExpression(text.ToString()) is LiteralExpressionSyntax literal && !literal.ContainsDiagnostics ? literal : null;
    }

    private sealed class Part
    {
        public Part(string? text, Hole? hole, SyntaxNode? syntax)
        {
            Text = text;
            Hole = hole;
            Syntax = syntax;
        }

        public string? Text { get; }

        public Hole? Hole { get; }

        public SyntaxNode? Syntax { get; }

        public string? Name { get; set; }
    }

    private sealed class Hole
    {
        public Hole(ExpressionSyntax expression, string? alignment, string? format)
        {
            Expression = expression;
            Alignment = alignment;
            Format = format;
        }

        public ExpressionSyntax Expression { get; }

        public string? Alignment { get; }

        public string? Format { get; }
    }
}
