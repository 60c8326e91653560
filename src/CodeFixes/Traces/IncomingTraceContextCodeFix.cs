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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Traces;
using SignalContract.CodeFixes.Infrastructure;

namespace SignalContract.CodeFixes.Traces;

/// <summary>
/// OBS3007: extracts the sender's trace context from a carrier in scope and passes it as the span's parent. Through
/// OpenTelemetry's <c>Propagators.DefaultTextMapPropagator</c> when the project references OpenTelemetry.Api, else
/// through <c>DistributedContextPropagator.Current</c> and <c>ActivityContext.TryParse</c>. One fix per carrier (at most
/// three); none without a carrier, and none that would not compile where it goes.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IncomingTraceContextCodeFix)), Shared]
public sealed class IncomingTraceContextCodeFix : CodeFixProvider
{
    public const string ExtractParentKey = "SignalContract.OBS3007.ExtractParentContext";

    private const int MaxCarriers = 3;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.SpanWithoutIncomingContext.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllFindings.EachWithItsFix;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var cancellationToken = context.CancellationToken;
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax reported
                || StartOf(reported) is not { } start
                || StatementAround(start) is not { } statement
                || !diagnostic.Properties.TryGetValue(IncomingTraceContextAnalyzer.ApiProperty, out var api))
            {
                continue;
            }

            var propagation = Propagation.For(model.Compilation, telemetrySpan: api == nameof(SpanApi.TelemetrySpan));
            if (propagation is null)
            {
                continue;
            }

            int offered = 0;
            foreach (var carrier in PropagationCarrier.InScope(model, statement, cancellationToken))
            {
                var fixedDocument = await ExtractAsync(document, root, model, statement, start, carrier, propagation, cancellationToken).ConfigureAwait(false);
                if (fixedDocument is null || !await FixCompiles.AddsNoProblemAsync(document, fixedDocument, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create($"Continue the trace from '{carrier.Expression}'", _ => Task.FromResult(fixedDocument), ExtractParentKey),
                    diagnostic);
                if (++offered == MaxCarriers)
                {
                    break;
                }
            }
        }
    }

    private static InvocationExpressionSyntax? StartOf(ExpressionSyntax reported) => reported switch
    {
        InvocationExpressionSyntax invocation => invocation,
        ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax invocation } => invocation,
        _ => null,
    };

    /// <summary>The statement of a block or switch section the start is part of, outside any lambda; null otherwise.</summary>
    private static StatementSyntax? StatementAround(SyntaxNode start)
    {
        for (var node = start.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return null;
                case StatementSyntax statement:
                    return statement.Parent is BlockSyntax or SwitchSectionSyntax ? statement : null;
            }
        }

        return null;
    }

    private static async Task<Document?> ExtractAsync(
        Document document,
        SyntaxNode root,
        SemanticModel model,
        StatementSyntax statement,
        InvocationExpressionSyntax start,
        PropagationCarrier carrier,
        Propagation propagation,
        CancellationToken cancellationToken)
    {
        int position = statement.SpanStart;
        var names = FreeNames.ForStart(model, position, start);
        bool nullable = (model.GetNullableContext(position) & NullableContext.AnnotationsEnabled) != 0;
        var (extraction, parent) = propagation.Write(carrier, names, nullable);

        var endOfLine = SyntaxFactory.ElasticEndOfLine(LineEndings.Of(root));
        var added = new List<StatementSyntax>();
        foreach (string text in extraction)
        {
            added.Add(SyntaxFactory.ParseStatement(text.Replace("\r\n", "\n").Replace("\n", endOfLine.ToFullString()))
                .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
                .WithTrailingTrivia(endOfLine)
                .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation, Simplifier.AddImportsAnnotation));
        }

        var parentArgument = SyntaxFactory.Argument(SyntaxFactory.ParseExpression(parent)).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var fixedStatement = statement.ReplaceNode(start, WithParent(start, parentArgument));
        SyntaxNode newContainer = statement.Parent switch
        {
            BlockSyntax block => block.WithStatements(Insert(block.Statements, statement, added, fixedStatement)),
            SwitchSectionSyntax section => section.WithStatements(Insert(section.Statements, statement, added, fixedStatement)),
            _ => statement.Parent!,
        };

        var changed = document.WithSyntaxRoot(root.ReplaceNode(statement.Parent!, newContainer));
        changed = await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static SyntaxList<StatementSyntax> Insert(SyntaxList<StatementSyntax> statements, StatementSyntax statement, List<StatementSyntax> added, StatementSyntax replacement)
    {
        int index = statements.IndexOf(statement);
        return statements.RemoveAt(index).InsertRange(index, added.Append(replacement));
    }

    /// <summary>
    /// The start given the parent: in place of a <c>default</c> or <c>null</c> parent argument, else after the others,
    /// by position when all are positional (<c>StartActivity(name, kind, parent)</c>), by name otherwise.
    /// </summary>
    private static InvocationExpressionSyntax WithParent(InvocationExpressionSyntax start, ArgumentSyntax parent)
    {
        var arguments = start.ArgumentList.Arguments;
        for (int i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument.NameColon?.Name.Identifier.ValueText is "parentContext" or "parentId" or "parentSpan"
                || (argument.NameColon is null && i == 2 && IsDefaultOrNull(argument.Expression)))
            {
                var replacement = argument.NameColon is null ? parent : parent.WithNameColon(SyntaxFactory.NameColon("parentContext"));
                return start.WithArgumentList(start.ArgumentList.WithArguments(arguments.Replace(argument, replacement.WithTriviaFrom(argument))));
            }
        }

        bool positional = arguments.All(a => a.NameColon is null);
        var added = positional ? parent : parent.WithNameColon(SyntaxFactory.NameColon("parentContext"));
        return start.WithArgumentList(start.ArgumentList.WithArguments(arguments.Add(added)));
    }

    private static bool IsDefaultOrNull(ExpressionSyntax expression) =>
        expression.IsKind(SyntaxKind.NullLiteralExpression) || expression.IsKind(SyntaxKind.DefaultLiteralExpression) || expression is DefaultExpressionSyntax;

    /// <summary>
    /// Names for the new locals and lambda parameters that nothing in scope uses yet. Fix All works each start out on
    /// the unchanged document, so two starts of one function draw from disjoint suffixes: the k-th of n takes k+1,
    /// k+1+n, k+1+2n... (suffix 1 is the bare name).
    /// </summary>
    private sealed class FreeNames
    {
        private readonly SemanticModel _model;
        private readonly int _position;
        private readonly int _first;
        private readonly int _stride;
        private readonly HashSet<string> _taken = new();

        private FreeNames(SemanticModel model, int position, int first, int stride)
        {
            _model = model;
            _position = position;
            _first = first;
            _stride = stride;
        }

        public static FreeNames ForStart(SemanticModel model, int position, InvocationExpressionSyntax start)
        {
            var function = start.Ancestors().FirstOrDefault(n => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                ?? start.SyntaxTree.GetRoot();
            int ordinal = 0;
            int count = 0;
            foreach (var call in function.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (CalledName(call) is "StartActivity" or "CreateActivity" or "StartActiveSpan" or "StartSpan")
                {
                    if (call.SpanStart < start.SpanStart)
                    {
                        ordinal++;
                    }

                    count++;
                }
            }

            return new FreeNames(model, position, ordinal + 1, System.Math.Max(count, 1));
        }

        /// <summary>A local the extraction declares beside the start.</summary>
        public string For(string name) => Free(name, _first, _stride);

        /// <summary>A parameter or local of the getter lambda, which no other fix's code can see.</summary>
        public string InLambda(string name) => Free(name, 1, 1);

        private string Free(string name, int first, int stride)
        {
            for (int suffix = first; ; suffix += stride)
            {
                string candidate = suffix == 1 ? name : name + suffix;
                if (_taken.Add(candidate) && _model.LookupSymbols(_position, name: candidate).IsEmpty)
                {
                    return candidate;
                }
            }
        }

        private static string? CalledName(InvocationExpressionSyntax call) => call.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };
    }

    /// <summary>The extraction code of one propagation API, and the parent argument it gives the start.</summary>
    private abstract class Propagation
    {
        /// <summary>The API the project can use for the span's kind of parent; null when it has none.</summary>
        public static Propagation? For(Compilation compilation, bool telemetrySpan)
        {
            if (compilation.GetTypeByMetadataName("OpenTelemetry.Context.Propagation.Propagators") is not null)
            {
                return new OpenTelemetryPropagation(telemetrySpan);
            }

            return !telemetrySpan && compilation.GetTypeByMetadataName("System.Diagnostics.DistributedContextPropagator") is not null
                ? new DiagnosticSourcePropagation()
                : null;
        }

        public abstract (IReadOnlyList<string> Statements, string Parent) Write(PropagationCarrier carrier, FreeNames names, bool nullable);
    }

    private sealed class OpenTelemetryPropagation : Propagation
    {
        private readonly bool _telemetrySpan;

        public OpenTelemetryPropagation(bool telemetrySpan) => _telemetrySpan = telemetrySpan;

        public override (IReadOnlyList<string> Statements, string Parent) Write(PropagationCarrier carrier, FreeNames names, bool nullable)
        {
            string context = names.For("parentContext");
            string c = names.InLambda("carrier");
            string key = names.InLambda("key");
            string getter = carrier.Shape switch
            {
                CarrierShape.NameValues => $"({c}, {key}) => {c}.GetValues({key}) ?? global::System.Array.Empty<string>()",
                CarrierShape.Pairs => PairsGetter(c, key, names.InLambda("pair")),
                _ => DictionaryGetter(c, key, names.InLambda("value")),
            };

            string extract = $"var {context} = global::OpenTelemetry.Context.Propagation.Propagators.DefaultTextMapPropagator.Extract(default, {carrier.Expression}, {getter});";
            string parent = _telemetrySpan ? $"new global::OpenTelemetry.Trace.SpanContext({context}.ActivityContext)" : $"{context}.ActivityContext";
            return (new[] { extract }, parent);
        }

        private static string DictionaryGetter(string c, string key, string value) =>
            $"({c}, {key}) => {c}.TryGetValue({key}, out var {value}) ? new[] {{ {value} }} : global::System.Array.Empty<string>()";

        private static string PairsGetter(string c, string key, string pair) => $$"""
            ({{c}}, {{key}}) =>
            {
                foreach (var {{pair}} in {{c}})
                {
                    if (string.Equals({{pair}}.Key, {{key}}, global::System.StringComparison.OrdinalIgnoreCase))
                    {
                        return new[] { {{pair}}.Value };
                    }
                }

                return global::System.Array.Empty<string>();
            }
            """;
    }

    private sealed class DiagnosticSourcePropagation : Propagation
    {
        public override (IReadOnlyList<string> Statements, string Parent) Write(PropagationCarrier carrier, FreeNames names, bool nullable)
        {
            string q = nullable ? "?" : string.Empty;
            string context = names.For("parentContext");
            string traceParent = names.For("traceParent");
            string traceState = names.For("traceState");
            string c = names.InLambda("carrier");
            string field = names.InLambda("fieldName");
            string value = names.InLambda("fieldValue");
            string values = names.InLambda("fieldValues");
            string read = carrier.Shape switch
            {
                CarrierShape.Dictionary => $"((global::System.Collections.Generic.IDictionary<string, string>){c}!).TryGetValue({field}, out {value});",
                CarrierShape.ReadOnlyDictionary => $"((global::System.Collections.Generic.IReadOnlyDictionary<string, string>){c}!).TryGetValue({field}, out {value});",
                CarrierShape.NameValues => $"{value} = ((global::System.Collections.Specialized.NameValueCollection){c}!)[{field}];",
                _ => PairsRead(c, field, value, names.InLambda("pair")),
            };

            string extract = $$"""
                global::System.Diagnostics.DistributedContextPropagator.Current.ExtractTraceIdAndState(
                    {{carrier.Expression}},
                    (object{{q}} {{c}}, string {{field}}, out string{{q}} {{value}}, out global::System.Collections.Generic.IEnumerable<string>{{q}} {{values}}) =>
                    {
                        {{values}} = null;
                        {{read}}
                    },
                    out var {{traceParent}},
                    out var {{traceState}});
                """;
            string parse = $"global::System.Diagnostics.ActivityContext.TryParse({traceParent}, {traceState}, out var {context});";
            return (new[] { extract, parse }, context);
        }

        private static string PairsRead(string c, string field, string value, string pair) => $$"""
            {{value}} = null;
            foreach (var {{pair}} in (global::System.Collections.Generic.IEnumerable<global::System.Collections.Generic.KeyValuePair<string, string>>){{c}}!)
            {
                if (string.Equals({{pair}}.Key, {{field}}, global::System.StringComparison.OrdinalIgnoreCase))
                {
                    {{value}} = {{pair}}.Value;
                    break;
                }
            }
            """;
    }
}
