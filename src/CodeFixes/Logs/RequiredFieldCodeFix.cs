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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Logs;
using SignalContract.CodeFixes.Infrastructure;

namespace SignalContract.CodeFixes.Logs;

/// <summary>
/// OBS2001: supplies the missing required fields, in the first way that fits:
/// <list type="number">
/// <item>add them to the enclosing <c>BeginScope</c> of the method (dictionary entry, key-value pair or placeholder);</item>
/// <item>else, when a local, parameter or member with each field's name is in scope, add placeholders and arguments to the call;</item>
/// <item>else wrap the statements from the call to the end of its block in <c>using (logger.BeginScope(...))</c>
/// (Serilog: <c>LogContext.PushProperty</c>), with a TODO value for each field nothing in scope names.</item>
/// </list>
/// Each candidate is compiled before it is offered; one that adds an error is not.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RequiredFieldCodeFix)), Shared]
public sealed class RequiredFieldCodeFix : CodeFixProvider
{
    public const string SupplyFieldsKey = "SignalContract.OBS2001.SupplyFields";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.LogMissingRequiredField.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllFindings.EachWithItsFix;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        var logs = LogFixContext.Logs(document.Project, context.CancellationToken);
        var recognizer = LogRecognizer.Create(model.Compilation, logs);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (recognizer is null
                || !diagnostic.Properties.TryGetValue(LogDiagnosticProperties.MissingFields, out string? list) || string.IsNullOrEmpty(list)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation
                || model.GetOperation(invocation, context.CancellationToken) is not IInvocationOperation operation
                || recognizer.ReadCall(operation, context.CancellationToken) is not { } call)
            {
                continue;
            }

            var fields = list!.Split(',');
            var fix = await FixAsync(document, root, model, recognizer, call, invocation, fields, context.CancellationToken).ConfigureAwait(false);
            if (fix is not null)
            {
                context.RegisterCodeFix(CodeAction.Create(fix.Value.Title, _ => Task.FromResult(fix.Value.Document), SupplyFieldsKey), diagnostic);
            }
        }
    }

    private static async Task<(string Title, Document Document)?> FixAsync(
        Document document, SyntaxNode root, SemanticModel model, LogRecognizer recognizer, LogCall call, InvocationExpressionSyntax invocation, string[] fields, CancellationToken cancellationToken)
    {
        string named = string.Join(", ", fields.Select(f => "'" + f + "'"));
        var containing = model.GetEnclosingSymbol(invocation.SpanStart, cancellationToken);
        var scopes = recognizer.ScopesAround(call.Invocation, containing, cancellationToken);
        SyntaxNode? changed = null;
        string title;
        if (scopes.Extendable is { } scope && scope.ExtensionTarget is { } target)
        {
            var values = fields.Select(f => ValueInScope(model, scope.Statement.SpanStart, f)).ToList();
            changed = ExtendScope(root, scope, target, fields, values);
            title = $"Add {named} to the enclosing scope";
        }
        else if (fields.Select(f => ValueInScope(model, invocation.SpanStart, f)).ToList() is var values && values.TrueForAll(v => v is not null)
            && AddPlaceholders(root, call, invocation, fields, values!) is { } withPlaceholders)
        {
            changed = withPlaceholders;
            title = $"Add {named} to the message template";
        }
        else
        {
            changed = WrapInScope(root, model, recognizer, call, invocation, fields, values, cancellationToken);
            title = $"Open a logging scope with {named}";
        }

        if (changed is null)
        {
            return null;
        }

        var fixedDocument = document.WithSyntaxRoot(changed);
        return await CompileCheck.AddsNoErrorAsync(document, fixedDocument, cancellationToken).ConfigureAwait(false) ? (title, fixedDocument) : null;
    }

    /// <summary>A local, parameter, field or property visible at <paramref name="position"/> whose name is the field's words.</summary>
    private static string? ValueInScope(SemanticModel model, int position, string field)
    {
        foreach (var symbol in model.LookupSymbols(position))
        {
            if (symbol is ILocalSymbol or IParameterSymbol or IFieldSymbol or IPropertySymbol
                && NameWords.SameWords(symbol.Name.TrimStart('_'), field)
                && !(symbol is IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false } && model.GetEnclosingSymbol(position) is { IsStatic: true }))
            {
                return symbol.Name;
            }
        }

        return null;
    }

    private static ExpressionSyntax ValueOrTodo(string? value, string field) =>
        value is not null
            ? SyntaxFactory.IdentifierName(value)
            : SyntaxFactory.ParseExpression("default!").WithTrailingTrivia(SyntaxFactory.Comment($" /* TODO: supply {field} */"));

    private static SyntaxNode? ExtendScope(SyntaxNode root, LogScope scope, SyntaxNode target, string[] fields, List<string?> values)
    {
        switch (scope.Extension)
        {
            case ScopeExtension.Dictionary when target is InitializerExpressionSyntax initializer:
            {
                bool indexerStyle = initializer.Expressions.Count == 0 || initializer.Expressions[0] is AssignmentExpressionSyntax;
                var added = initializer.Expressions;
                for (int i = 0; i < fields.Length; i++)
                {
                    var key = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(fields[i]));
                    ExpressionSyntax entry = indexerStyle
                        ? SyntaxFactory.AssignmentExpression(
                            SyntaxKind.SimpleAssignmentExpression,
                            SyntaxFactory.ImplicitElementAccess(SyntaxFactory.BracketedArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(key)))),
                            ValueOrTodo(values[i], fields[i]))
                        : SyntaxFactory.InitializerExpression(SyntaxKind.ComplexElementInitializerExpression, SyntaxFactory.SeparatedList(new[] { key, ValueOrTodo(values[i], fields[i]) }));
                    added = added.Add(entry);
                }

                return root.ReplaceNode(initializer, initializer.WithExpressions(added).WithAdditionalAnnotations(Formatter.Annotation));
            }

            case ScopeExtension.KeyValuePairs:
            {
                var elements = target switch
                {
                    InitializerExpressionSyntax initializer => initializer.Expressions,
                    CollectionExpressionSyntax collection => SyntaxFactory.SeparatedList(collection.Elements.OfType<ExpressionElementSyntax>().Select(e => e.Expression)),
                    _ => default,
                };
                if (elements.Count == 0)
                {
                    return null;
                }

                // Write each pair as the first one is written.
                var added = new List<ExpressionSyntax>();
                for (int i = 0; i < fields.Length; i++)
                {
                    string pair = elements[0] switch
                    {
                        ObjectCreationExpressionSyntax creation => $"new {creation.Type}(\"{fields[i]}\", {ValueOrTodo(values[i], fields[i]).ToFullString()})",
                        ImplicitObjectCreationExpressionSyntax => $"new(\"{fields[i]}\", {ValueOrTodo(values[i], fields[i]).ToFullString()})",
                        InvocationExpressionSyntax { Expression: var create } => $"{create}(\"{fields[i]}\", (object){ValueOrTodo(values[i], fields[i]).ToFullString()})",
                        _ => string.Empty,
                    };
                    if (pair.Length == 0)
                    {
                        return null;
                    }

                    added.Add(SyntaxFactory.ParseExpression(pair));
                }

                return target switch
                {
                    InitializerExpressionSyntax initializer => root.ReplaceNode(initializer, initializer.WithExpressions(initializer.Expressions.AddRange(added)).WithAdditionalAnnotations(Formatter.Annotation)),
                    CollectionExpressionSyntax collection => root.ReplaceNode(collection, collection.WithElements(collection.Elements.AddRange(added.Select(SyntaxFactory.ExpressionElement))).WithAdditionalAnnotations(Formatter.Annotation)),
                    _ => null,
                };
            }

            case ScopeExtension.Template when target is LiteralExpressionSyntax literal
                && literal.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } beginScope:
            {
                var withPlaceholders = AppendPlaceholders(literal, fields);
                if (withPlaceholders is null)
                {
                    return null;
                }

                var arguments = beginScope.ArgumentList.Arguments.Replace(beginScope.ArgumentList.Arguments.First(a => a.Expression == literal), SyntaxFactory.Argument(withPlaceholders.WithTriviaFrom(literal)));
                for (int i = 0; i < fields.Length; i++)
                {
                    arguments = arguments.Add(SyntaxFactory.Argument(ValueOrTodo(values[i], fields[i])));
                }

                return root.ReplaceNode(beginScope, beginScope.WithArgumentList(beginScope.ArgumentList.WithArguments(arguments)).WithAdditionalAnnotations(Formatter.Annotation));
            }

            default:
                return null;
        }
    }

    /// <summary>The call's template with <c> {field}</c> appended for each field, and the values as arguments after the others.</summary>
    private static SyntaxNode? AddPlaceholders(SyntaxNode root, LogCall call, InvocationExpressionSyntax invocation, string[] fields, List<string> values)
    {
        if (call.Api is not (LogApi.MelExtension or LogApi.Serilog or LogApi.Wrapper)
            || call.Arguments is null
            || call.TemplateArgument?.Syntax is not ArgumentSyntax { NameColon: null, Expression: LiteralExpressionSyntax literal } templateArgument
            || invocation.ArgumentList.Arguments.Last() != templateArgument && !ArgumentsWrittenOneByOne(call, invocation))
        {
            return null;
        }

        var withPlaceholders = AppendPlaceholders(literal, fields);
        if (withPlaceholders is null)
        {
            return null;
        }

        var arguments = invocation.ArgumentList.Arguments.Replace(templateArgument, templateArgument.WithExpression(withPlaceholders.WithTriviaFrom(literal)));
        foreach (string value in values)
        {
            arguments = arguments.Add(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(value)));
        }

        return root.ReplaceNode(invocation, invocation.WithArgumentList(invocation.ArgumentList.WithArguments(arguments)).WithAdditionalAnnotations(Formatter.Annotation));
    }

    /// <summary>True when each template value is an argument of its own (not an array the code builds).</summary>
    private static bool ArgumentsWrittenOneByOne(LogCall call, InvocationExpressionSyntax invocation)
    {
        foreach (var value in call.Arguments!.Value)
        {
            if (value.Syntax.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax list } || list != invocation.ArgumentList)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The literal with <c> {field}</c> for each field before its closing delimiter, in the literal's own kind.</summary>
    private static LiteralExpressionSyntax? AppendPlaceholders(LiteralExpressionSyntax literal, string[] fields)
    {
        if (TemplateSourceMap.Read(literal.Token) is not { } map)
        {
            return null;
        }

        string source = literal.Token.Text;
        int end = map.End - literal.Token.SpanStart;
        string added = string.Concat(fields.Select(f => " {" + f + "}"));
        string expected = literal.Token.ValueText + added;
        var parsed = SyntaxFactory.ParseExpression(source.Substring(0, end) + added + source.Substring(end)) as LiteralExpressionSyntax;
        return parsed is not null && !parsed.ContainsDiagnostics && parsed.Token.ValueText == expected ? parsed : null;
    }

    /// <summary>The statements from the call's to the end of its block, inside a new scope that supplies the fields.</summary>
    private static SyntaxNode? WrapInScope(SyntaxNode root, SemanticModel model, LogRecognizer recognizer, LogCall call, InvocationExpressionSyntax invocation, string[] fields, List<string?> values, CancellationToken cancellationToken)
    {
        if (invocation.FirstAncestorOrSelf<StatementSyntax>() is not { Parent: BlockSyntax block } statement)
        {
            return null;
        }

        int first = block.Statements.IndexOf(statement);
        var moved = block.Statements.Skip(first).ToList();
        bool serilog = call.Api == LogApi.Serilog || call.Logger is { } l && TypeOf(l, model, cancellationToken) is { } t && (recognizer.Types.IsSerilogLogger(t));
        ExpressionSyntax opening;
        if (serilog)
        {
            if (recognizer.Types.SerilogLogContext is null)
            {
                return null;
            }

            opening = SyntaxFactory.ParseExpression($"Serilog.Context.LogContext.PushProperty(\"{fields[0]}\", {ValueOrTodo(values[0], fields[0]).ToFullString()})");
        }
        else
        {
            if (call.Logger?.Syntax is not ExpressionSyntax logger || logger is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or ThisExpressionSyntax))
            {
                return null;
            }

            var entries = fields.Select((f, i) => $"[\"{f}\"] = {ValueOrTodo(values[i], f).ToFullString()}");
            opening = SyntaxFactory.ParseExpression($"{logger.WithoutTrivia()}.BeginScope(new System.Collections.Generic.Dictionary<string, object> {{ {string.Join(", ", entries)} }})");
        }

        StatementSyntax body = SyntaxFactory.Block(moved);
        if (serilog)
        {
            // One pushed property per field, nested.
            for (int i = fields.Length - 1; i >= 1; i--)
            {
                var push = SyntaxFactory.ParseExpression($"Serilog.Context.LogContext.PushProperty(\"{fields[i]}\", {ValueOrTodo(values[i], fields[i]).ToFullString()})");
                body = SyntaxFactory.UsingStatement(null, push, body);
            }
        }

        var wrapped = SyntaxFactory.UsingStatement(null, opening, body).WithAdditionalAnnotations(Formatter.Annotation);
        var newBlock = block.WithStatements(SyntaxFactory.List(block.Statements.Take(first).Append(wrapped)));
        return root.ReplaceNode(block, newBlock);
    }

    private static ITypeSymbol? TypeOf(IOperation operation, SemanticModel model, CancellationToken cancellationToken) =>
        operation.Type ?? model.GetTypeInfo(operation.Syntax, cancellationToken).Type;
}
