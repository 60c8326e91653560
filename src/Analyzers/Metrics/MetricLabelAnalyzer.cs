using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;
using static SignalContract.Analyzers.Metrics.LabelChecks;

namespace SignalContract.Analyzers.Metrics;

/// <summary>
/// Labels at record sites: key style (OBS1002), the declared label set (OBS1005), agreement between record sites of
/// an undeclared instrument (OBS1006), forbidden and unbounded labels (OBS1007) and constant keys (OBS1008).
/// Each record site is judged where it is analysed, linked to its instrument through the code of its own file, so its
/// findings appear as code is typed; record sites of instruments created in other files, and OBS1006, which compares
/// record sites across the compilation, wait for the compilation's end.
/// </summary>
public sealed class MetricLabelAnalyzer : SignalContractAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.MetricNamingStyle,
        Descriptors.MetricLabelSetMismatch,
        Descriptors.MetricLabelSetUnstable,
        Descriptors.MetricLabelHighCardinality,
        Descriptors.MetricNameNotConstant);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, ContractModel contract)
    {
        if (!MetricsTypes.MayHoldMetricsCode(context.Compilation))
        {
            return;
        }

        // Past that, nothing is resolved here: every .NET framework has System.Diagnostics.Metrics and most compilations
        // never call it, so the types are resolved, and the state allocated, at the first call into a metrics namespace.
        var analysis = new CompilationAnalysis(context.Compilation, contract.Metrics);
        context.RegisterOperationAction(analysis.AnalyzeOperation, OperationKind.Invocation, OperationKind.ObjectCreation);
        context.RegisterCompilationEndAction(analysis.AnalyzeCompilationEnd);
        if (MetricsTypes.ReferencesMetricAttributes(context.Compilation))
        {
            context.RegisterSymbolAction(analysis.AnalyzeGeneratedMetrics, SymbolKind.Method);
        }
    }

    private static void Analyze(IOperation operation, CompilationState state, MetricsContract metrics, ref List<Diagnostic>? findings, CancellationToken cancellationToken)
    {
        var types = state.Types;
        if (operation is IInvocationOperation invocation)
        {
            if (InstrumentCreation.TryRead(invocation, types) is { } creation)
            {
                Remember(invocation, creation, state);
                if (creation.LabelNames is { } labelNames)
                {
                    CheckPrometheusLabelNames(creation, labelNames, metrics, ref findings);
                }
            }
            else if (InstrumentCreation.ReadCreatedMeterName(invocation, types) is { } meterName)
            {
                RememberMeter(invocation, meterName, state);
            }
            else if (state.TakeRecording(invocation) is { } recording)
            {
                AnalyzeRecording(recording, state, metrics, ref findings, cancellationToken);
            }
            else if (invocation.Instance is ILocalReferenceOperation { Local: var tags } && invocation.TargetMethod.Name == "Add" && TypeLookup.Is(invocation.TargetMethod.ContainingType, types.TagList))
            {
                AnalyzeTagListWrite(invocation, tags, state, metrics, ref findings, cancellationToken);
            }
            else if (state.Links.Wrappers.CreationThrough(invocation, types, cancellationToken) is { } wrapped)
            {
                Remember(invocation, wrapped, state);
            }
        }
        else if (TypeLookup.Is(operation.Type, types.TagList))
        {
            if (operation.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: var tags } })
            {
                AnalyzeTagListWrite(operation, tags, state, metrics, ref findings, cancellationToken);
            }
        }
        else if (InstrumentCreation.ReadCreatedMeterName(operation, types) is { } meterName)
        {
            RememberMeter(operation, meterName, state);
        }
        else if (state.TakeRecording(operation) is { } measurement)
        {
            AnalyzeRecording(measurement, state, metrics, ref findings, cancellationToken);
        }
    }

    /// <summary>Where a creation is stored, for record sites in other files.</summary>
    private static void Remember(IInvocationOperation invocation, InstrumentCreation creation, CompilationState state)
    {
        if (MetricRecording.AssignedSymbol(invocation) is { } holder)
        {
            state.Links.AddCreation(holder, creation);
        }
    }

    /// <summary>Where a meter is stored, so the instruments created on it are told apart from those of other meters.</summary>
    private static void RememberMeter(IOperation meter, MetricName name, CompilationState state)
    {
        if (MetricRecording.AssignedSymbol(meter) is { } holder)
        {
            state.Links.AddMeter(holder, name);
        }
    }

    private static void AnalyzeRecording(MetricRecording recording, CompilationState state, MetricsContract metrics, ref List<Diagnostic>? findings, CancellationToken cancellationToken)
    {
        var creation = state.Links.FindInFile(recording, cancellationToken);
        string metricName = creation?.Name.Value ?? recording.Instrument?.Name ?? "?";
        if (recording.PrometheusValues is { } values)
        {
            CheckPrometheusValues(recording, creation, values, metricName, state.Types, ref findings);
            return;
        }

        if (recording.Labels is not { } labels)
        {
            return;
        }

        HashSet<LabelUse>? forbidden = null;
        bool allConstant = true;
        foreach (var label in labels)
        {
            allConstant &= label.Key.IsConstant;
            var diagnostic = CheckKey(label.Key, metricName, metrics, removable: true) ?? CheckValue(label, metricName, state.Types);
            if (diagnostic is null)
            {
                continue;
            }

            if (diagnostic.Descriptor == Descriptors.MetricLabelHighCardinality)
            {
                (forbidden ??= new HashSet<LabelUse>()).Add(label);
            }

            // A label written elsewhere (a TagList's initializer or Add) is reported by the code that writes it, for the
            // first record site that reads it; see AnalyzeTagListWrite.
            if (IsWrittenAt(label, recording))
            {
                Add(ref findings, diagnostic);
            }
        }

        if (!allConstant)
        {
            return;
        }

        if (creation is null)
        {
            if (recording.Instrument is not null)
            {
                // Created in another file: only the compilation's end can link it.
                state.Unlinked.Enqueue(new UnlinkedRecording(recording, labels, forbidden));
            }

            return;
        }

        if (!creation.Name.IsConstant || creation.Api != MetricsApi.DiagnosticsMetrics)
        {
            return;
        }

        var declared = metrics.FindInstrument(creation.Name.Value!);
        if (declared is null)
        {
            state.Undeclared.Enqueue(UndeclaredLabelSets.Site(creation, labels, recording.Operation.Syntax.GetLocation(), state.Types));
        }
        else if (declared.Labels is { } declaredLabels)
        {
            CheckDeclaredLabels(recording, labels, forbidden, declaredLabels, metricName, writtenElsewhere: false, ref findings);
        }
    }

    /// <summary>
    /// The labels a TagList's initializer or <c>Add</c> call writes, judged for the first record site that reads them and
    /// reported here: a finding must lie within the code whose callback reports it for the IDE to show it, and offer its
    /// fix, as the code is typed.
    /// </summary>
    private static void AnalyzeTagListWrite(IOperation writer, ILocalSymbol tags, CompilationState state, MetricsContract metrics, ref List<Diagnostic>? findings, CancellationToken cancellationToken)
    {
        var types = state.Types;
        if (TagReader.FirstReader(writer, tags, types) is not { } site
            || state.ReadRecordingAhead(site) is not { Labels: { } labels } recording)
        {
            return;
        }

        var creation = state.Links.FindInFile(recording, cancellationToken);
        string metricName = creation?.Name.Value ?? recording.Instrument?.Name ?? "?";
        ImmutableArray<string>? declaredLabels = null;
        if (creation is { Name.IsConstant: true, Api: MetricsApi.DiagnosticsMetrics } && AllConstant(labels))
        {
            declaredLabels = metrics.FindInstrument(creation.Name.Value!)?.Labels;
        }

        var span = writer.Syntax.Span;
        ImmutableDictionary<string, string?>? siteFix = null;
        foreach (var label in labels)
        {
            if (!span.Contains(label.Node.Span) && !label.Node.Span.Contains(span))
            {
                continue;
            }

            var diagnostic = CheckKey(label.Key, metricName, metrics, removable: true) ?? CheckValue(label, metricName, types);
            if (diagnostic is not null)
            {
                Add(ref findings, diagnostic);
            }
            else if (declaredLabels is { } declared && ContractNames.FindByWords(label.Key.Value!, declared) is null)
            {
                siteFix ??= SiteFix(labels, metricName, declared, metrics, types);
                Add(ref findings, NotDeclared(label, metricName, declared, siteFix));
            }
        }
    }

    /// <summary>The OBS1005 fix's properties for a site whose labels are judged away from its own callback.</summary>
    private static ImmutableDictionary<string, string?> SiteFix(ImmutableArray<LabelUse> labels, string metricName, ImmutableArray<string> declared, MetricsContract metrics, MetricsTypes types)
    {
        HashSet<LabelUse>? forbidden = null;
        foreach (var label in labels)
        {
            var diagnostic = CheckKey(label.Key, metricName, metrics, removable: true) ?? CheckValue(label, metricName, types);
            if (diagnostic?.Descriptor == Descriptors.MetricLabelHighCardinality)
            {
                (forbidden ??= new HashSet<LabelUse>()).Add(label);
            }
        }

        var (undeclared, missing) = SiteMismatch(labels, forbidden, declared);
        return SiteFixProperties(MetricDiagnosticProperties.RemoveLabel, undeclared, missing);
    }

    /// <summary>True when the label is written within the record site itself, where the site's callback reports it.</summary>
    private static bool IsWrittenAt(LabelUse label, MetricRecording recording) => recording.Operation.Syntax.Span.Contains(label.Node.Span);

    private static bool AllConstant(ImmutableArray<LabelUse> labels)
    {
        foreach (var label in labels)
        {
            if (!label.Key.IsConstant)
            {
                return false;
            }
        }

        return true;
    }

    /// <param name="writtenElsewhere">
    /// Also report undeclared labels written outside the record site: at the compilation's end, where no callback of
    /// theirs can. Within a file, the code that writes them reports them.
    /// </param>
    private static void CheckDeclaredLabels(
        MetricRecording recording,
        ImmutableArray<LabelUse> labels,
        HashSet<LabelUse>? forbidden,
        ImmutableArray<string> declaredLabels,
        string metricName,
        bool writtenElsewhere,
        ref List<Diagnostic>? findings)
    {
        string expected = "the contract's labels " + Format(declaredLabels);
        var (undeclared, missing) = SiteMismatch(labels, forbidden, declaredLabels);
        foreach (var label in labels)
        {
            if ((forbidden is not null && forbidden.Contains(label)) || ContractNames.FindByWords(label.Key.Value!, declaredLabels) is not null)
            {
                continue;
            }

            string problem = $"'{label.Key.Value}' is not declared";
            if (label.EarlierSite is { } earlier)
            {
                // Read from a TagList that an earlier record site used too: reported at its key for that site's instrument,
                // and here, without a fix, for another (removing the key would change both).
                if (!SameInstrument(earlier, recording.Operation))
                {
                    Add(ref findings, Diagnostic.Create(Descriptors.MetricLabelSetMismatch, recording.Operation.Syntax.GetLocation(), metricName, expected, problem));
                }

                continue;
            }

            if (writtenElsewhere || IsWrittenAt(label, recording))
            {
                Add(ref findings, NotDeclared(label, metricName, declaredLabels, SiteFixProperties(MetricDiagnosticProperties.RemoveLabel, undeclared, missing)));
            }
        }

        if (missing.Count > 0)
        {
            var properties = SiteFixProperties(MetricDiagnosticProperties.AddLabels, undeclared, missing);
            string problem = missing.Count == 1 ? $"'{missing[0]}' is missing" : Format(missing) + " are missing";
            Add(ref findings, Diagnostic.Create(Descriptors.MetricLabelSetMismatch, recording.Operation.Syntax.GetLocation(), properties, metricName, expected, problem));
        }
    }

    /// <summary>True when two record sites record to one instrument: the same field or local, or one observable callback.</summary>
    private static bool SameInstrument(IOperation first, IOperation second) => (first, second) switch
    {
        (IInvocationOperation a, IInvocationOperation b) => MetricRecording.ReferencedSymbol(a.Instance is null ? null : MetricName.Unwrap(a.Instance)) is { } instrument
            && SymbolEqualityComparer.Default.Equals(instrument, MetricRecording.ReferencedSymbol(b.Instance is null ? null : MetricName.Unwrap(b.Instance))),
        (IObjectCreationOperation, IObjectCreationOperation) => true,
        _ => false,
    };

    /// <summary>
    /// Record sites whose instrument another file creates: declared instruments get the contract's label check (OBS1005),
    /// undeclared ones join the comparison between record sites (OBS1006).
    /// </summary>
    private static void AnalyzeCompilationEnd(CompilationState state, MetricsContract metrics, ref List<Diagnostic>? findings)
    {
        var sites = new List<UndeclaredSite>(state.Undeclared);
        foreach (var unlinked in state.Unlinked)
        {
            var recording = unlinked.Recording;
            if (recording.Instrument is null
                || state.Links.FindAnywhere(recording.Instrument) is not { } creation
                || !creation.Name.IsConstant
                || creation.Api != MetricsApi.DiagnosticsMetrics)
            {
                continue;
            }

            string name = creation.Name.Value!;
            var declared = metrics.FindInstrument(name);
            if (declared is null)
            {
                sites.Add(UndeclaredLabelSets.Site(creation, unlinked.Labels, recording.Operation.Syntax.GetLocation(), state.Types));
            }
            else if (declared.Labels is { } declaredLabels)
            {
                CheckDeclaredLabels(recording, unlinked.Labels, unlinked.Forbidden, declaredLabels, name, writtenElsewhere: true, ref findings);
            }
        }

        UndeclaredLabelSets.Compare(sites, state.Links, ref findings);
    }

    /// <summary>The analysis of one compilation; its state is made at the first call into a metrics namespace.</summary>
    private sealed class CompilationAnalysis
    {
        private readonly MetricsContract _metrics;
        private readonly MetricsState<CompilationState> _state;

        public CompilationAnalysis(Compilation compilation, MetricsContract metrics)
        {
            _metrics = metrics;
            _state = new MetricsState<CompilationState>(compilation, static types => new CompilationState(types));
        }

        public void AnalyzeOperation(OperationAnalysisContext context)
        {
            var operation = context.Operation;
            if (!MetricsTypes.MayBeMetricsCode(operation) || _state.GetOrMake() is not { } state)
            {
                return;
            }

            List<Diagnostic>? findings = null;
            Analyze(operation, state, _metrics, ref findings, context.CancellationToken);
            if (findings is not null)
            {
                foreach (var diagnostic in findings)
                {
                    context.ReportDiagnostic(diagnostic);
                }
            }
        }

        public void AnalyzeGeneratedMetrics(SymbolAnalysisContext context)
        {
            if (_state.GetOrMake() is { } state)
            {
                CheckGeneratedMetrics(context, state.Types, _metrics);
            }
        }

        public void AnalyzeCompilationEnd(CompilationAnalysisContext context)
        {
            if (_state.IfMade is not { } state)
            {
                return;
            }

            List<Diagnostic>? findings = null;
            MetricLabelAnalyzer.AnalyzeCompilationEnd(state, _metrics, ref findings);
            if (findings is not null)
            {
                foreach (var diagnostic in findings)
                {
                    context.ReportDiagnostic(diagnostic);
                }
            }
        }
    }

    /// <summary>
    /// What one compilation's record sites leave for its end. Queues, not ConcurrentBag: a bag's per-thread storage takes
    /// a process-wide lock when created and leaves a finalizer behind, which once stalled a compilation start for a third
    /// of a second.
    /// </summary>
    private sealed class CompilationState
    {
        public CompilationState(MetricsTypes types)
        {
            Types = types;
            Links = new InstrumentLinks(types);
        }

        public MetricsTypes Types { get; }

        public InstrumentLinks Links { get; }

        /// <summary>Record sites of undeclared instruments whose creation their own file shows.</summary>
        public ConcurrentQueue<UndeclaredSite> Undeclared { get; } = new();

        /// <summary>Record sites whose instrument is created in another file.</summary>
        public ConcurrentQueue<UnlinkedRecording> Unlinked { get; } = new();

        /// <summary>
        /// Record sites read for the TagList writes before them, kept until the site's own callback takes the reading:
        /// a site after k writes is then read once, not k + 1 times (each read walks its method in flow order).
        /// </summary>
        private readonly ConcurrentDictionary<IOperation, MetricRecording?> _readAhead = new();

        public MetricRecording? ReadRecordingAhead(IOperation site) =>
            _readAhead.TryGetValue(site, out var read) ? read : _readAhead.GetOrAdd(site, MetricRecording.TryRead(site, Types));

        /// <summary>The reading kept for <paramref name="operation"/>, removed, or a fresh one; a lock-free look first, as most sites have none.</summary>
        public MetricRecording? TakeRecording(IOperation operation)
        {
            if (!_readAhead.TryGetValue(operation, out var read))
            {
                return MetricRecording.TryRead(operation, Types);
            }

            _readAhead.TryRemove(operation, out _);
            return read;
        }
    }

    private sealed class UnlinkedRecording
    {
        public UnlinkedRecording(MetricRecording recording, ImmutableArray<LabelUse> labels, HashSet<LabelUse>? forbidden)
        {
            Recording = recording;
            Labels = labels;
            Forbidden = forbidden;
        }

        public MetricRecording Recording { get; }

        public ImmutableArray<LabelUse> Labels { get; }

        /// <summary>Labels already reported as forbidden or unbounded, which OBS1005 does not report again.</summary>
        public HashSet<LabelUse>? Forbidden { get; }
    }
}
