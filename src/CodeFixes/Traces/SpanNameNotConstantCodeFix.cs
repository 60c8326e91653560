using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Text;
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
using SignalContract.CodeFixes.Infrastructure;

namespace SignalContract.CodeFixes.Traces;

/// <summary>OBS3003: keeps the constant text of a span name and moves the varying values into tags on the span.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SpanNameNotConstantCodeFix)), Shared]
public sealed class SpanNameNotConstantCodeFix : CodeFixProvider
{
    public const string UseConstantNameKey = "SignalContract.OBS3003.UseConstantName";

    private const string Separators = "./-_:";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.SpanNameNotConstant.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllFindings.EachWithItsFix;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax name)
            {
                continue;
            }

            var holes = new List<ExpressionSyntax>();
            var text = new StringBuilder();
            if (!Split(name, model, text, holes, context.CancellationToken))
            {
                continue;
            }

            string constant = Tidy(text.ToString());
            if (constant.Length == 0)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use the constant span name \"{constant}\"",
                    token => FixAsync(context.Document, name, constant, holes, token),
                    UseConstantNameKey),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, ExpressionSyntax name, string constant, List<ExpressionSyntax> holes, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(name, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(constant)).WithTriviaFrom(name));

        if (SpanLocal(name, out var local, out var statement, out var usingBody) is { } api)
        {
            var newLine = SyntaxFactory.ElasticEndOfLine(LineEndings.Of(editor.OriginalRoot));
            var tags = new List<StatementSyntax>();
            var keys = new HashSet<string>();
            foreach (var hole in holes)
            {
                string key = UniqueKey(TagKey(hole), keys);
                var value = editor.SemanticModel.GetTypeInfo(hole, cancellationToken).Type;
                tags.Add(SyntaxFactory.ParseStatement(TagStatement(api, local!, key, hole, value))
                    .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
                    .WithTrailingTrivia(newLine)
                    .WithAdditionalAnnotations(Formatter.Annotation));
            }

            if (statement is not null)
            {
                editor.InsertAfter(statement, tags);
            }
            else if (usingBody is { Statements.Count: > 0 })
            {
                editor.InsertBefore(usingBody.Statements[0], tags);
            }
            else if (usingBody is not null)
            {
                editor.ReplaceNode(usingBody, usingBody.WithStatements(SyntaxFactory.List(tags)).WithAdditionalAnnotations(Formatter.Annotation));
            }
        }

        return editor.GetChangedDocument();
    }

    /// <summary>The constant text and the varying parts of an interpolated or concatenated name; false for other shapes.</summary>
    private static bool Split(ExpressionSyntax expression, SemanticModel model, StringBuilder text, List<ExpressionSyntax> holes, CancellationToken cancellationToken)
    {
        var constant = model.GetConstantValue(expression, cancellationToken);
        if (constant is { HasValue: true, Value: { } value })
        {
            text.Append(System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            return true;
        }

        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Split(parenthesized.Expression, model, text, holes, cancellationToken);

            case InterpolatedStringExpressionSyntax interpolated:
                foreach (var content in interpolated.Contents)
                {
                    if (content is InterpolatedStringTextSyntax literal)
                    {
                        text.Append(literal.TextToken.ValueText);
                    }
                    else if (content is InterpolationSyntax interpolation)
                    {
                        if (interpolation.AlignmentClause is null
                            && interpolation.FormatClause is null
                            && model.GetConstantValue(interpolation.Expression, cancellationToken) is { HasValue: true, Value: { } part })
                        {
                            text.Append(System.Convert.ToString(part, System.Globalization.CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            holes.Add(interpolation.Expression);
                        }
                    }
                }

                return true;

            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                return SplitOperand(binary.Left, model, text, holes, cancellationToken)
                    && SplitOperand(binary.Right, model, text, holes, cancellationToken);

            default:
                return false;
        }
    }

    private static bool SplitOperand(ExpressionSyntax operand, SemanticModel model, StringBuilder text, List<ExpressionSyntax> holes, CancellationToken cancellationToken)
    {
        if (Split(operand, model, text, holes, cancellationToken))
        {
            return true;
        }

        holes.Add(operand);
        return true;
    }

    /// <summary>"GET /orders/" → "GET /orders", "orders..process" → "orders.process", "process " → "process".</summary>
    internal static string Tidy(string text)
    {
        var tidy = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            char last = tidy.Length > 0 ? tidy[tidy.Length - 1] : '\0';
            if (char.IsWhiteSpace(c))
            {
                if (tidy.Length > 0 && !char.IsWhiteSpace(last))
                {
                    tidy.Append(' ');
                }
            }
            else if (Separators.IndexOf(c) >= 0 && c == last)
            {
                continue;
            }
            else
            {
                tidy.Append(c);
            }
        }

        int end = tidy.Length;
        while (end > 0 && (char.IsWhiteSpace(tidy[end - 1]) || Separators.IndexOf(tidy[end - 1]) >= 0))
        {
            end--;
        }

        int start = 0;
        while (start < end && (char.IsWhiteSpace(tidy[start]) || (tidy[start] != '/' && Separators.IndexOf(tidy[start]) >= 0)))
        {
            start++;
        }

        return tidy.ToString(start, end - start);
    }

    /// <summary>
    /// The local the started span is stored in, with the statement to add tags after (or the body of a using
    /// statement to add them at the start of); null when the span is not kept in a local.
    /// </summary>
    private static string? SpanLocal(ExpressionSyntax name, out string? local, out StatementSyntax? statement, out BlockSyntax? usingBody)
    {
        local = null;
        statement = null;
        usingBody = null;
        if (name.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: { } creation } })
        {
            return null;
        }

        SyntaxNode value = creation;
        while (value.Parent is ParenthesizedExpressionSyntax or PostfixUnaryExpressionSyntax)
        {
            value = value.Parent;
        }

        if (value.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            || declarator.Parent is not VariableDeclarationSyntax declaration)
        {
            return null;
        }

        local = declarator.Identifier.ValueText;
        if (declaration.Parent is LocalDeclarationStatementSyntax { Parent: BlockSyntax } localStatement)
        {
            statement = localStatement;
        }
        else if (declaration.Parent is UsingStatementSyntax { Statement: BlockSyntax body })
        {
            usingBody = body;
        }
        else
        {
            return null;
        }

        bool isActivityCall = creation is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "StartActivity" or "CreateActivity" } };
        bool isActivity = isActivityCall || creation is BaseObjectCreationExpressionSyntax;
        return isActivity ? (isActivityCall ? "Activity?" : "Activity") : "TelemetrySpan";
    }

    private static string TagStatement(string api, string local, string key, ExpressionSyntax hole, ITypeSymbol? type)
    {
        string literalKey = SyntaxFactory.Literal(key).ToString();
        string value = hole.WithoutTrivia().ToString();
        if (api != "TelemetrySpan")
        {
            return $"{local}{(api == "Activity?" ? "?." : ".")}SetTag({literalKey}, {value});";
        }

        // TelemetrySpan.SetAttribute takes strings, ints, booleans and doubles; a long would lose digits as a double.
        bool direct = type?.SpecialType is SpecialType.System_String or SpecialType.System_Boolean
            or SpecialType.System_Int32 or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Byte or SpecialType.System_SByte
            or SpecialType.System_Double or SpecialType.System_Single;
        if (!direct)
        {
            bool simple = hole is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax;
            string receiver = simple ? value : $"({value})";
            value = type is { IsValueType: true } ? $"{receiver}.ToString()" : $"{receiver}?.ToString()";
        }

        return $"{local}.SetAttribute({literalKey}, {value});";
    }

    /// <summary>The words of the value's name in snake_case: <c>orderId</c> → <c>order_id</c>, <c>order.Id</c> → <c>order_id</c>.</summary>
    private static string TagKey(ExpressionSyntax hole)
    {
        var names = new List<string>();
        for (var current = hole; current is not null;)
        {
            switch (current)
            {
                case IdentifierNameSyntax identifier:
                    names.Insert(0, identifier.Identifier.ValueText);
                    current = null;
                    break;
                case MemberAccessExpressionSyntax access:
                    names.Insert(0, access.Name.Identifier.ValueText);
                    current = access.Expression is ThisExpressionSyntax ? null : access.Expression;
                    break;
                case InvocationExpressionSyntax invocation:
                    current = invocation.Expression;
                    break;
                case ParenthesizedExpressionSyntax parenthesized:
                    current = parenthesized.Expression;
                    break;
                default:
                    current = null;
                    break;
            }
        }

        string key = NameWords.Key(string.Join(".", names));
        return key.Length == 0 ? "value" : key;
    }

    private static string UniqueKey(string key, HashSet<string> used)
    {
        string candidate = key;
        for (int i = 2; !used.Add(candidate); i++)
        {
            candidate = key + "_" + i;
        }

        return candidate;
    }
}
