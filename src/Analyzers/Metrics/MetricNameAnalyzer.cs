using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Metrics;

/// <summary>
/// Meter and instrument names against the contract: namespaces (OBS1001), naming style (OBS1002), declaration
/// (OBS1003), kind and unit (OBS1004), constant names (OBS1008) and renamed names (OBS1009). One finding per name:
/// a declared name is only checked for kind and unit, a renamed one only reported as renamed.
/// </summary>
public sealed class MetricNameAnalyzer : SignalContractAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.MetricOutsideNamespaces,
        Descriptors.MetricNamingStyle,
        Descriptors.MetricNotDeclared,
        Descriptors.MetricKindOrUnitMismatch,
        Descriptors.MetricNameNotConstant,
        Descriptors.MetricRenamed);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, ContractModel contract)
    {
        if (!MetricsTypes.MayHoldMetricsCode(context.Compilation))
        {
            return;
        }

        // Past that, nothing is resolved here: every .NET framework has System.Diagnostics.Metrics and most compilations
        // never call it.
        var analysis = new CompilationAnalysis(context.Compilation, contract.Metrics);
        context.RegisterOperationAction(analysis.AnalyzeOperation, OperationKind.Invocation, OperationKind.ObjectCreation);
        if (MetricsTypes.ReferencesMetricAttributes(context.Compilation))
        {
            context.RegisterSymbolAction(analysis.AnalyzeGeneratedMetrics, SymbolKind.Method);
        }
    }

    private static void Analyze(OperationAnalysisContext context, CompilationState state, MetricsContract metrics)
    {
        var operation = context.Operation;
        var types = state.Types;
        if (InstrumentCreation.TryReadMeterName(operation, types) is { } meterName)
        {
            CheckMeterName(context, meterName, metrics);
        }
        else if (operation is IInvocationOperation invocation)
        {
            if (InstrumentCreation.TryRead(invocation, types) is { } creation)
            {
                CheckInstrument(context, creation, metrics);
            }
            else if (state.Wrappers.CreationThrough(invocation, types, context.CancellationToken) is { } wrapped)
            {
                CheckWrapperCall(context, wrapped, metrics);
            }
        }
    }

    private static void CheckMeterName(OperationAnalysisContext context, MetricName name, MetricsContract metrics)
    {
        if (!name.IsConstant || metrics.IsApprovedName(name.Value!) || name.Location is not { } location)
        {
            return;
        }

        var suggestions = ImmutableArray.CreateBuilder<string>();
        foreach (string ns in metrics.Namespaces)
        {
            // "Shop.Checkout" is the namespace "shop.checkout" in another spelling; anything else goes under it.
            string suggestion = NameWords.SameWords(name.Value!, ns) ? ns : ns + "." + name.Value;
            if (suggestions.Count < 3)
            {
                suggestions.Add(suggestion);
            }
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.MetricOutsideNamespaces,
            location,
            NewNameProperties(name.IsRewritable, string.Join(MetricDiagnosticProperties.Separator.ToString(), suggestions)),
            "Meter",
            name.Value,
            string.Join(", ", metrics.Namespaces)));
    }

    private static void CheckInstrument(OperationAnalysisContext context, InstrumentCreation creation, MetricsContract metrics)
    {
        var name = creation.Name;
        if (name.Location is not { } location)
        {
            return;
        }

        if (name.State == NameState.NotConstant)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.MetricNameNotConstant, location, "The metric name"));
            return;
        }

        if (!name.IsConstant)
        {
            return;
        }

        var unit = creation.Api == MetricsApi.DiagnosticsMetrics ? creation.Unit : (MetricName?)null;
        List<Diagnostic>? findings = null;
        CheckName(new NameAtSite(name.Value!, location, name, isLiteral: false, creation.Api, creation.Kind, unit, creation), metrics, ref findings);
        findings?.ForEach(context.ReportDiagnostic);
    }

    /// <summary>A call of a helper such as <c>Counter("shop.checkout.orders", "{order}")</c> is checked like the creation inside it.</summary>
    private static void CheckWrapperCall(OperationAnalysisContext context, InstrumentCreation creation, MetricsContract metrics)
    {
        var name = creation.Name;
        if (!name.IsConstant || name.Location is not { } location)
        {
            return;
        }

        // The unit is compared here only when the caller gives it; a helper that fixes it has it checked inside.
        var unit = creation.Api == MetricsApi.DiagnosticsMetrics && creation.Wrapper?.UnitOrdinal is not null ? creation.Unit : (MetricName?)null;
        List<Diagnostic>? findings = null;
        CheckName(new NameAtSite(name.Value!, location, name, isLiteral: false, creation.Api, creation.Kind, unit, creation), metrics, ref findings);
        findings?.ForEach(context.ReportDiagnostic);
    }

    /// <summary>The kind as messages show it: the contract's spelling, or the prometheus-net type.</summary>
    private static string CreatedKind(InstrumentCreation creation) =>
        creation.Api == MetricsApi.PrometheusNet
            ? "prometheus-net " + creation.Invocation.TargetMethod.Name.Substring("Create".Length)
            : InstrumentKinds.ContractName(creation.Kind);

    /// <summary>
    /// Adds the findings on one name to <paramref name="findings"/>, created on the first. (Handing the checks
    /// <c>context.ReportDiagnostic</c> instead would box the context and allocate a delegate at every creation site.)
    /// </summary>
    private static void CheckName(NameAtSite site, MetricsContract metrics, ref List<Diagnostic>? findings)
    {
        string value = site.Value;
        var location = site.Location;
        bool prometheus = site.Api == MetricsApi.PrometheusNet;
        var declared = prometheus ? metrics.FindInstrumentByPrometheusName(value) : metrics.FindInstrument(value);
        if (declared is not null)
        {
            CheckKindAndUnit(site, declared, ref findings);
            return;
        }

        var renamed = prometheus ? metrics.FindRenamedByPrometheusName(value) : metrics.FindRenamed(value);
        if (renamed is not null)
        {
            string current = prometheus ? PrometheusNames.Translate(renamed.Name, renamed.Kind, renamed.Unit) : renamed.Name;
            (findings ??= new List<Diagnostic>()).Add(Diagnostic.Create(Descriptors.MetricRenamed, location, NewNameProperties(site.IsRewritable, current), value, current));
            return;
        }

        bool outside = prometheus ? !metrics.IsApprovedPrometheusName(value) : !metrics.IsApprovedName(value);
        if (outside)
        {
            var suggestions = metrics.SuggestNames(value, prometheus);
            (findings ??= new List<Diagnostic>()).Add(Diagnostic.Create(
                Descriptors.MetricOutsideNamespaces,
                location,
                NewNameProperties(site.IsRewritable, string.Join(MetricDiagnosticProperties.Separator.ToString(), suggestions)),
                "Metric",
                value,
                string.Join(", ", metrics.Namespaces)));
        }

        var style = prometheus ? MetricNameStyle.Prometheus : metrics.NameStyle;
        string conventional = Conventional(value, style, site.Kind);
        bool badStyle = conventional.Length > 0 && !string.Equals(conventional, value, System.StringComparison.Ordinal);
        if (badStyle)
        {
            string styleName = style == MetricNameStyle.Prometheus ? "prometheus" : "otel";
            (findings ??= new List<Diagnostic>()).Add(Diagnostic.Create(
                Descriptors.MetricNamingStyle,
                location,
                NewNameProperties(site.IsRewritable, conventional),
                "Metric name",
                value,
                styleName,
                conventional));
        }

        // Undeclared is the same problem as outside-the-namespaces or misspelt: reported once those are fixed.
        if (metrics.RequireDeclared && !outside && !badStyle)
        {
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(MetricDiagnosticProperties.Kind, prometheus ? null : InstrumentKinds.ContractName(site.Kind))
                .Add(MetricDiagnosticProperties.Unit, site.Unit?.Value);
            (findings ??= new List<Diagnostic>()).Add(Diagnostic.Create(Descriptors.MetricNotDeclared, location, properties, value));
        }
    }

    /// <summary>The name respelt in the style, with <c>_total</c> on Prometheus counters; empty when it has no words.</summary>
    private static string Conventional(string name, MetricNameStyle style, InstrumentKind kind)
    {
        string formatted = NamingStyles.Conforms(name, style) ? name : NamingStyles.Format(name, style);
        if (formatted.Length > 0 && style == MetricNameStyle.Prometheus
            && kind is InstrumentKind.Counter or InstrumentKind.ObservableCounter
            && !formatted.EndsWith("_total", System.StringComparison.Ordinal))
        {
            formatted += "_total";
        }

        return formatted;
    }

    private static void CheckKindAndUnit(NameAtSite site, InstrumentContract declared, ref List<Diagnostic>? findings)
    {
        if (declared.Kind is { } kind && !KindMatches(site, kind))
        {
            (findings ??= new List<Diagnostic>()).Add(Diagnostic.Create(
                Descriptors.MetricKindOrUnitMismatch,
                site.Location,
                site.Value,
                "kind",
                InstrumentKinds.ContractName(kind),
                "kind '" + (site.CreatedKind ?? InstrumentKinds.ContractName(site.Kind)) + "'"));
            return;
        }

        // prometheus-net names carry the unit, and the name matched the contract's translation; generated metrics have none.
        if (site.Unit is not { } codeUnit || declared.Unit is not { } unit || codeUnit.State is NameState.NotConstant or NameState.Parameter)
        {
            return;
        }

        string given = codeUnit.Value ?? string.Empty;
        if (string.Equals(given, unit, System.StringComparison.Ordinal))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(MetricDiagnosticProperties.Unit, unit);
        (findings ??= new List<Diagnostic>()).Add(Diagnostic.Create(
            Descriptors.MetricKindOrUnitMismatch,
            codeUnit.Location ?? site.Location,
            properties,
            site.Value,
            "unit",
            unit,
            given.Length == 0 ? "no unit" : "unit '" + given + "'"));
    }

    private static bool KindMatches(NameAtSite site, InstrumentKind declared)
    {
        if (site.Api == MetricsApi.DiagnosticsMetrics)
        {
            return site.Kind == declared;
        }

        // Prometheus has fewer kinds: a gauge serves gauges and up-down counters alike.
        return site.Kind switch
        {
            InstrumentKind.Counter => declared is InstrumentKind.Counter or InstrumentKind.ObservableCounter,
            InstrumentKind.Gauge => declared is InstrumentKind.Gauge or InstrumentKind.ObservableGauge or InstrumentKind.UpDownCounter or InstrumentKind.ObservableUpDownCounter,
            _ => declared == InstrumentKind.Histogram,
        };
    }

    private static ImmutableDictionary<string, string?> NewNameProperties(bool isRewritable, string newName) =>
        isRewritable
            ? ImmutableDictionary<string, string?>.Empty.Add(MetricDiagnosticProperties.NewName, newName)
            : ImmutableDictionary<string, string?>.Empty;

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
            if (MetricsTypes.MayBeMetricsCode(context.Operation) && _state.GetOrMake() is { } state)
            {
                Analyze(context, state, _metrics);
            }
        }

        public void AnalyzeGeneratedMetrics(SymbolAnalysisContext context)
        {
            if (_state.GetOrMake() is not { } state
                || GeneratedMetric.Read((IMethodSymbol)context.Symbol, state.Types, context.CancellationToken) is not { } generated)
            {
                return;
            }

            foreach (var metric in generated)
            {
                var name = new NameAtSite(metric.Name, metric.NameLocation, source: null, metric.NameIsLiteral, MetricsApi.DiagnosticsMetrics, metric.Kind, unit: null, creation: null);
                List<Diagnostic>? findings = null;
                CheckName(name, _metrics, ref findings);
                findings?.ForEach(context.ReportDiagnostic);
            }
        }
    }

    private sealed class CompilationState
    {
        public CompilationState(MetricsTypes types)
        {
            Types = types;
        }

        public MetricsTypes Types { get; }

        /// <summary>Helpers are read only by callers in their own file, which all see the same answer.</summary>
        public InstrumentWrappers Wrappers { get; } = new();
    }

    /// <summary>
    /// A constant instrument name where the code gives it, with what the checks need to know of its instrument. What
    /// only a finding's message or fix needs is worked out when a finding asks for it: most names are fine.
    /// </summary>
    private readonly struct NameAtSite
    {
        private readonly MetricName? _source;
        private readonly bool _isLiteral;
        private readonly InstrumentCreation? _creation;

        public NameAtSite(string value, Location location, MetricName? source, bool isLiteral, MetricsApi api, InstrumentKind kind, MetricName? unit, InstrumentCreation? creation)
        {
            Value = value;
            Location = location;
            _source = source;
            _isLiteral = isLiteral;
            Api = api;
            Kind = kind;
            Unit = unit;
            _creation = creation;
        }

        public string Value { get; }

        public Location Location { get; }

        /// <summary>True when a fix can rewrite the name where it is written (see <see cref="MetricName.IsRewritable"/>).</summary>
        public bool IsRewritable => _source?.IsRewritable ?? _isLiteral;

        public MetricsApi Api { get; }

        public InstrumentKind Kind { get; }

        /// <summary>Null when the API has no unit to compare (prometheus-net, generated metrics).</summary>
        public MetricName? Unit { get; }

        /// <summary>How the kind is shown in messages when it is not the contract's spelling.</summary>
        public string? CreatedKind => _creation is null ? null : MetricNameAnalyzer.CreatedKind(_creation);
    }
}
