using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;
using SignalContract.Analyzers.Metrics;
using SignalContract.Analyzers.Traces;

namespace SignalContract.Analyzers.Pii;

/// <summary>
/// Personal data in span attributes and metric labels (OBS4003) and in baggage (OBS4004): a key named for it, or a value
/// whose expression names it. Span tag calls and initial tags are read by <see cref="SpanCalls"/>, record sites and
/// their labels by <see cref="MetricRecording"/>; what is personal data is <see cref="PersonalData"/>'s judgement.
/// </summary>
public sealed class TagPiiAnalyzer : SignalContractAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.PiiInTagOrLabel,
        Descriptors.PiiInBaggage);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, ContractModel contract)
    {
        var judge = PersonalData.Create(context.Compilation, contract.Pii, context.Options.AnalyzerConfigOptionsProvider);
        if (judge is null)
        {
            return;
        }

        var analysis = new TagPiiAnalysis(context.Compilation, judge);
        if (!analysis.MayWriteTags)
        {
            return;
        }

        context.RegisterOperationAction(analysis.AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(analysis.AnalyzeObjectCreation, OperationKind.ObjectCreation);
        if (analysis.MayDeclareMetrics)
        {
            context.RegisterSymbolAction(analysis.AnalyzeGeneratedMetrics, SymbolKind.Method);
        }
    }

    /// <summary>What a fix can take out to drop a tag: <see cref="Removal"/> says which, its fix data is made at a finding.</summary>
    private enum RemovalKind
    {
        None,

        /// <summary>The call that writes the tag, when it stands alone.</summary>
        Call,

        /// <summary>An element of a collection written in place.</summary>
        Entry,

        /// <summary>A record site's label, when it is written at the site.</summary>
        Label,
    }

    /// <summary>Where a tag is written, from which its fix data is made only once it is reported.</summary>
    private readonly struct Removal
    {
        private Removal(RemovalKind kind, IInvocationOperation? call, SyntaxNode? node, SyntaxNode? site)
        {
            Kind = kind;
            Call = call;
            Node = node;
            Site = site;
        }

        public RemovalKind Kind { get; }

        public IInvocationOperation? Call { get; }

        public SyntaxNode? Node { get; }

        public SyntaxNode? Site { get; }

        public static Removal OfCall(IInvocationOperation call) => new(RemovalKind.Call, call, null, null);

        public static Removal OfEntry(SyntaxNode element) => new(RemovalKind.Entry, null, element, null);

        public static Removal OfLabel(SyntaxNode node, SyntaxNode site) => new(RemovalKind.Label, null, node, site);
    }

    /// <summary>Where a tag goes, which names it in the message and picks the rule.</summary>
    private enum TagKind
    {
        SpanAttribute,
        EventAttribute,
        MetricLabel,
        Baggage,
    }

    private sealed class TagPiiAnalysis
    {
        private readonly Compilation _compilation;
        private readonly PersonalData _judge;
        private readonly TracingTypes? _tracing;
        private readonly INamedTypeSymbol? _baggage;
        private readonly INamedTypeSymbol? _activityEvent;
        private readonly INamedTypeSymbol? _activityLink;
        private readonly bool _hasRedactor;
        private MetricsTypes? _metrics;
        private bool _metricsRead;

        public TagPiiAnalysis(Compilation compilation, PersonalData judge)
        {
            _compilation = compilation;
            _judge = judge;
            _hasRedactor = judge.Contract.Redactor is not null;
            _tracing = TracingTypes.Create(compilation);
            if (_tracing is not null)
            {
                _activityEvent = TypeLookup.Beside(compilation, _tracing.ActivitySource, "System.Diagnostics.ActivityEvent");
                _activityLink = TypeLookup.Beside(compilation, _tracing.ActivitySource, "System.Diagnostics.ActivityLink");
                _baggage = TypeLookup.Beside(compilation, _tracing.Tracer, "OpenTelemetry.Baggage");
            }

            // Asked of the referenced assemblies' names first: a search by metadata name looks through every reference.
            MayDeclareMetrics = MetricsTypes.ReferencesMetricAttributes(compilation);
            MayWriteTags = _tracing is not null || MayDeclareMetrics || MetricsTypes.MayHoldMetricsCode(compilation);
        }

        /// <summary>False when the compilation references no tracing, metrics or baggage API: the rules have nothing to read.</summary>
        public bool MayWriteTags { get; }

        public bool MayDeclareMetrics { get; }

        /// <summary>
        /// The metrics types, resolved at the first call into a metrics namespace: every framework has
        /// System.Diagnostics.Metrics, and most compilations never call it.
        /// </summary>
        private MetricsTypes? Metrics
        {
            get
            {
                if (!Volatile.Read(ref _metricsRead))
                {
                    _metrics = MetricsTypes.Create(_compilation);
                    Volatile.Write(ref _metricsRead, true);
                }

                return _metrics;
            }
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            List<Diagnostic>? findings = null;
            switch (method.Name)
            {
                case "SetTag" or "AddTag" or "SetAttribute":
                    if (_tracing is not null && SpanCalls.IsTagMethod(invocation, _tracing))
                    {
                        CheckPair(TagKind.SpanAttribute, Argument(invocation, "key"), Argument(invocation, "value"), Removal.OfCall(invocation), ref findings);
                    }

                    break;
                case "StartActivity" or "CreateActivity" or "StartActiveSpan" or "StartSpan" or "StartRootSpan":
                    if (_tracing is not null && SpanCalls.IsSpanCreation(method, _tracing))
                    {
                        List<WrittenTag>? tags = null;
                        SpanCalls.AddInitialTags(invocation, ref tags);
                        CheckWritten(TagKind.SpanAttribute, tags, ref findings);
                    }

                    break;
                case "AddEvent":
                    // TelemetrySpan.AddEvent(name, attributes); Activity.AddEvent takes an ActivityEvent, read where it is made.
                    if (_tracing is not null && TypeLookup.Is(method.ContainingType, _tracing.TelemetrySpan) && Argument(invocation, "attributes") is { } attributes)
                    {
                        CheckCollection(TagKind.EventAttribute, attributes, ref findings);
                    }

                    break;
                case "AddBaggage" or "SetBaggage":
                    CheckBaggageCall(invocation, ref findings);
                    break;
                case "Create":
                    if (_baggage is not null && TypeLookup.Is(method.ContainingType, _baggage) && Argument(invocation, "baggageItems") is { } items)
                    {
                        CheckCollection(TagKind.Baggage, items, ref findings);
                    }
                    else if (MayBeMetricsCall(invocation))
                    {
                        CheckMetricsCall(invocation, ref findings);
                    }

                    break;
                default:
                    if (MayBeMetricsCall(invocation))
                    {
                        CheckMetricsCall(invocation, ref findings);
                    }

                    break;
            }

            Report(context, findings);
        }

        public void AnalyzeObjectCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            var type = creation.Type;
            List<Diagnostic>? findings = null;
            if (type is null || creation.Constructor is null)
            {
                return;
            }

            // Told by name before any type is compared: most creations are none of these.
            switch (type.Name)
            {
                case "ActivityEvent" or "ActivityLink":
                    if (_tracing is not null && (TypeLookup.Is(type, _activityEvent) || TypeLookup.Is(type, _activityLink))
                        && Arguments.ValueOf(creation.Arguments, "tags") is { } tags)
                    {
                        CheckCollection(TagKind.EventAttribute, tags, ref findings);
                    }

                    break;
                case "Baggage":
                    if (TypeLookup.Is(type, _baggage) && Arguments.ValueOf(creation.Arguments, "baggage") is { } items)
                    {
                        CheckCollection(TagKind.Baggage, items, ref findings);
                    }

                    break;
                case "Measurement":
                    if (IsMetricsType(type) && Metrics is { } metrics && MetricRecording.TryRead(creation, metrics, readTagLists: false) is { } recording)
                    {
                        CheckRecording(recording, ref findings);
                    }

                    break;
            }

            Report(context, findings);
        }

        /// <summary><c>[Counter("user_email")]</c> and the members of a strongly-typed tag object.</summary>
        public void AnalyzeGeneratedMetrics(SymbolAnalysisContext context)
        {
            if (Metrics is not { } metrics || GeneratedMetric.Read((IMethodSymbol)context.Symbol, metrics, context.CancellationToken) is not { } generated)
            {
                return;
            }

            foreach (var metric in generated)
            {
                foreach (var tag in metric.Tags ?? ImmutableArray<TagKey>.Empty)
                {
                    if (_judge.EntryIn(tag.Key) is { } entry)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(Descriptors.PiiInTagOrLabel, tag.Location, $"Metric label '{tag.Key}'", entry));
                    }
                }
            }
        }

        private void CheckMetricsCall(IInvocationOperation invocation, ref List<Diagnostic>? findings)
        {
            if (Metrics is not { } metrics)
            {
                return;
            }

            if (invocation.TargetMethod.Name == "Add" && TypeLookup.Is(invocation.TargetMethod.ContainingType, metrics.TagList))
            {
                // A TagList's labels are judged where they are added, once, whichever record sites read it.
                if (invocation.Arguments.Length == 2)
                {
                    CheckPair(TagKind.MetricLabel, invocation.Arguments[0].Value, invocation.Arguments[1].Value, Removal.OfCall(invocation), ref findings);
                }
                else if (invocation.Arguments.Length == 1 && SpanCalls.TryReadPair(invocation.Arguments[0].Value, out var key, out var value))
                {
                    CheckPair(TagKind.MetricLabel, key, value, Removal.OfCall(invocation), ref findings);
                }

                return;
            }

            // The record site's own labels: a TagList it passes was judged where each label was added.
            if (MetricRecording.TryRead(invocation, metrics, readTagLists: false) is { } recording)
            {
                CheckRecording(recording, ref findings);
            }
            else
            {
                CheckPrometheusLabelNames(invocation, ref findings);
            }
        }

        private void CheckRecording(MetricRecording recording, ref List<Diagnostic>? findings)
        {
            if (recording.PrometheusValues is { } values)
            {
                for (int i = 0; i < values.Length; i++)
                {
                    if (_judge.NamedIn(values[i]) is { } match)
                    {
                        string label = "#" + (i + 1).ToString(CultureInfo.InvariantCulture);
                        Add(ref findings, Diagnostic.Create(Descriptors.PiiInTagOrLabel, values[i].Syntax.GetLocation(), Redaction(ImmutableDictionary<string, string?>.Empty, values[i], null), $"'{values[i].Syntax}' (metric label {label})", match.Entry));
                    }
                }

                return;
            }

            foreach (var label in recording.Labels ?? ImmutableArray<LabelUse>.Empty)
            {
                if (label.Key.Operation is { } key)
                {
                    CheckPair(TagKind.MetricLabel, key, label.Value, Removal.OfLabel(label.Node, recording.Operation.Syntax), ref findings);
                }
            }
        }

        /// <summary>prometheus-net's label names, given where the collector is created.</summary>
        private void CheckPrometheusLabelNames(IInvocationOperation invocation, ref List<Diagnostic>? findings)
        {
            if (Metrics is not { } metrics || InstrumentCreation.TryRead(invocation, metrics) is not { LabelNames: { } names })
            {
                return;
            }

            foreach (var name in names)
            {
                if (name.IsConstant && name.Operation is { } operation && _judge.EntryIn(name.Value!) is { } entry)
                {
                    Add(ref findings, Diagnostic.Create(Descriptors.PiiInTagOrLabel, NameCharacters(operation) ?? operation.Syntax.GetLocation(), $"Metric label '{name.Value}'", entry));
                }
            }
        }

        /// <summary><c>Activity.AddBaggage/SetBaggage(key, value)</c> and OpenTelemetry's <c>Baggage.SetBaggage</c> (static or on a baggage).</summary>
        private void CheckBaggageCall(IInvocationOperation invocation, ref List<Diagnostic>? findings)
        {
            var type = invocation.TargetMethod.ContainingType;
            if (_tracing is not null && TypeLookup.Is(type, _tracing.Activity))
            {
                CheckPair(TagKind.Baggage, Argument(invocation, "key"), Argument(invocation, "value"), Removal.OfCall(invocation), ref findings);
            }
            else if (TypeLookup.Is(type, _baggage))
            {
                if (Argument(invocation, "name") is { } name)
                {
                    CheckPair(TagKind.Baggage, name, Argument(invocation, "value"), Removal.OfCall(invocation), ref findings);
                }
                else if (Argument(invocation, "baggageItems") is { } items)
                {
                    CheckCollection(TagKind.Baggage, items, ref findings);
                }
            }
        }

        private void CheckCollection(TagKind kind, IOperation collection, ref List<Diagnostic>? findings)
        {
            List<WrittenTag>? tags = null;
            SpanCalls.AddWrittenTags(collection, ref tags);
            CheckWritten(kind, tags, ref findings);
        }

        private void CheckWritten(TagKind kind, List<WrittenTag>? tags, ref List<Diagnostic>? findings)
        {
            if (tags is null)
            {
                return;
            }

            foreach (var tag in tags)
            {
                CheckPair(kind, tag.Key, tag.Value, Removal.OfEntry(tag.Element), ref findings);
            }
        }

        /// <summary>One key and value: a key named for personal data unless the value is safe, else a value that names some.</summary>
        private void CheckPair(TagKind kind, IOperation? key, IOperation? value, in Removal removal, ref List<Diagnostic>? findings)
        {
            var descriptor = kind == TagKind.Baggage ? Descriptors.PiiInBaggage : Descriptors.PiiInTagOrLabel;
            string? name = key is null ? null : PersonalData.WithoutConversions(key).ConstantValue is { HasValue: true, Value: string text } ? text : null;
            if (name is not null && _judge.EntryIn(name) is { } entry)
            {
                if (!_judge.IsSafeValue(value))
                {
                    var nameLocation = NameCharacters(key!);
                    Add(ref findings, Diagnostic.Create(descriptor, nameLocation ?? key!.Syntax.GetLocation(), Properties(kind, removal, value, nameLocation), $"{Describe(kind)} '{name}'", entry));
                }

                return;
            }

            if (value is not null && !_judge.IsAllowed(name) && _judge.NamedIn(value) is { } match)
            {
                string where = name is null ? Describe(kind).ToLowerInvariant() : $"{Describe(kind).ToLowerInvariant()} '{name}'";
                var properties = Properties(kind, removal, value, name is null ? null : NameCharacters(key!));
                Add(ref findings, Diagnostic.Create(descriptor, value.Syntax.GetLocation(), properties, $"'{value.Syntax}' ({where})", match.Entry));
            }
        }

        /// <summary>A finding's fix data, made once there is a finding: what a fix removes, and for tags what a redaction wraps.</summary>
        private ImmutableDictionary<string, string?> Properties(TagKind kind, in Removal removal, IOperation? value, Location? nameLocation)
        {
            var properties = removal.Kind switch
            {
                RemovalKind.Call => RemovableCall(removal.Call!),
                RemovalKind.Entry => EntryRemoval(removal.Node!),
                RemovalKind.Label => LabelRemoval(removal.Node!, removal.Site!),
                _ => ImmutableDictionary<string, string?>.Empty,
            };
            return kind == TagKind.Baggage ? properties : Redaction(properties, value, literal: nameLocation);
        }

        /// <summary>The characters of a key written as a plain string literal, where the diagnostic goes and a fix renames.</summary>
        private static Location? NameCharacters(IOperation key) =>
            PersonalData.WithoutConversions(key).Syntax is LiteralExpressionSyntax literal
            && literal.Token.Text.Length == literal.Token.ValueText.Length + 2 && literal.Token.Text[0] == '"'
                ? Location.Create(literal.SyntaxTree, new Microsoft.CodeAnalysis.Text.TextSpan(literal.Token.SpanStart + 1, literal.Token.Span.Length - 2))
                : null;

        private ImmutableDictionary<string, string?> Redaction(ImmutableDictionary<string, string?> properties, IOperation? value, Location? literal)
        {
            value = value is null ? null : PersonalData.WithoutConversions(value);
            if (!_hasRedactor || value is null || value.Type?.SpecialType != SpecialType.System_String)
            {
                return properties;
            }

            return properties.WithSpan(PiiDiagnosticProperties.ValueSpan, value.Syntax.GetLocation()).WithSpan(PiiDiagnosticProperties.NameSpan, literal);
        }

        private static string Describe(TagKind kind) => kind switch
        {
            TagKind.SpanAttribute => "Span attribute",
            TagKind.EventAttribute => "Event attribute",
            TagKind.MetricLabel => "Metric label",
            _ => "Baggage item",
        };

        /// <summary>A call a fix can take out: the whole statement, or one link of a fluent chain whose result is the receiver's type.</summary>
        private static ImmutableDictionary<string, string?> RemovableCall(IInvocationOperation invocation)
        {
            var removable = invocation.Parent is IExpressionStatementOperation
                || (invocation.Parent is IConditionalAccessOperation { Parent: IExpressionStatementOperation } && invocation.Syntax.Parent is ConditionalAccessExpressionSyntax)
                || (invocation.Instance is { } receiver && SymbolEqualityComparer.Default.Equals(receiver.Type, invocation.Type) && invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax });
            return removable
                ? ImmutableDictionary<string, string?>.Empty.Add(PiiDiagnosticProperties.Removal, PiiDiagnosticProperties.Removals.Call).WithSpan(PiiDiagnosticProperties.RemovedSpan, invocation.Syntax.GetLocation())
                : ImmutableDictionary<string, string?>.Empty;
        }

        /// <summary>A label given at the record site itself: an argument, or an element of a collection written there.</summary>
        private static ImmutableDictionary<string, string?> LabelRemoval(SyntaxNode node, SyntaxNode site)
        {
            if (!site.Span.Contains(node.Span) || node is not (ArgumentSyntax or ExpressionElementSyntax) && node.Parent is not InitializerExpressionSyntax)
            {
                return ImmutableDictionary<string, string?>.Empty;
            }

            return EntryRemoval(node);
        }

        /// <summary>An element of a collection of tags written in place.</summary>
        private static ImmutableDictionary<string, string?> EntryRemoval(SyntaxNode element) =>
            ImmutableDictionary<string, string?>.Empty.Add(PiiDiagnosticProperties.Removal, PiiDiagnosticProperties.Removals.Entry).WithSpan(PiiDiagnosticProperties.RemovedSpan, element.GetLocation());

        /// <summary>Calls into System.Diagnostics.Metrics, prometheus-net or a TagList, told by names before any type is resolved.</summary>
        private static bool MayBeMetricsCall(IInvocationOperation invocation) => IsMetricsType(invocation.TargetMethod.ContainingType);

        private static bool IsMetricsType(ITypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            var ns = type.ContainingNamespace;
            return ns?.Name switch
            {
                "Metrics" => ns.ContainingNamespace is { Name: "Diagnostics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } },
                "Diagnostics" => type.Name == "TagList" && ns.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true },
                "Prometheus" => ns.ContainingNamespace is { IsGlobalNamespace: true },
                _ => false,
            };
        }

        private static IOperation? Argument(IInvocationOperation invocation, string parameterName) => Arguments.ValueOf(invocation.Arguments, parameterName);

        private static void Add(ref List<Diagnostic>? findings, Diagnostic diagnostic) => (findings ??= new List<Diagnostic>()).Add(diagnostic);

        private static void Report(OperationAnalysisContext context, List<Diagnostic>? findings)
        {
            if (findings is not null)
            {
                foreach (var finding in findings)
                {
                    context.ReportDiagnostic(finding);
                }
            }
        }
    }
}
