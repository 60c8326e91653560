using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Metrics;

/// <summary>
/// Labels at record sites: key style (OBS1002), the declared label set (OBS1005), agreement between record sites of
/// an undeclared instrument (OBS1006), forbidden and unbounded labels (OBS1007) and constant keys (OBS1008).
/// Record sites are linked to their instrument's creation within the type, at the end of each type, so findings
/// appear as code is typed; OBS1006 compares record sites across the compilation.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
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
        var types = MetricsTypes.Create(context.Compilation);
        if (types is null)
        {
            return;
        }

        var compilationState = new CompilationState();
        context.RegisterSymbolStartAction(
            symbolStart =>
            {
                var typeState = new TypeState();
                symbolStart.RegisterOperationAction(
                    operationContext => Collect(operationContext, types, contract.Metrics, typeState, compilationState),
                    OperationKind.Invocation,
                    OperationKind.ObjectCreation);
                symbolStart.RegisterSymbolEndAction(end => ReportType(end, types, contract.Metrics, typeState, compilationState));
            },
            SymbolKind.NamedType);
        context.RegisterCompilationEndAction(end => ReportAcrossTypes(end, contract.Metrics, compilationState));

        if (types.HasMetricAttributes)
        {
            context.RegisterSymbolAction(symbolContext => CheckGeneratedMetrics(symbolContext, types, contract.Metrics), SymbolKind.Method);
        }
    }

    /// <summary>Tags of source-generated metrics are fixed where the metric is declared: check them there.</summary>
    private static void CheckGeneratedMetrics(SymbolAnalysisContext context, MetricsTypes types, MetricsContract metrics)
    {
        var generated = GeneratedMetric.Read((IMethodSymbol)context.Symbol, types, context.CancellationToken);
        if (generated is null)
        {
            return;
        }

        foreach (var metric in generated)
        {
            if (metric.Tags is not { } tags)
            {
                continue;
            }

            var keys = new List<string>(tags.Length);
            foreach (var tag in tags)
            {
                if (metrics.FindForbiddenLabel(tag.Key) is { } forbidden)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.MetricLabelHighCardinality, tag.Location, tag.Key, metric.Name, $"is the forbidden label '{forbidden}'"));
                    continue;
                }

                keys.Add(tag.Key);
                if (!NamingStyles.Conforms(tag.Key, metrics.LabelStyle) && NamingStyles.Format(tag.Key, metrics.LabelStyle) is { Length: > 0 } conventional)
                {
                    var properties = tag.IsLiteral
                        ? ImmutableDictionary<string, string?>.Empty.Add(MetricDiagnosticProperties.NewName, conventional)
                        : ImmutableDictionary<string, string?>.Empty;
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.MetricNamingStyle, tag.Location, properties, "Label key", tag.Key, NamingStyles.ContractName(metrics.LabelStyle), conventional));
                }
            }

            if (metrics.FindInstrument(metric.Name)?.Labels is { } declaredLabels && Difference(keys, declaredLabels) is { } problem)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.MetricLabelSetMismatch, metric.AttributeLocation, metric.Name, "the contract's labels " + Format(declaredLabels), problem));
            }
        }
    }

    private static void Collect(OperationAnalysisContext context, MetricsTypes types, MetricsContract metrics, TypeState typeState, CompilationState compilationState)
    {
        var operation = context.Operation;
        if (operation is IInvocationOperation invocation && InstrumentCreation.TryRead(invocation, types) is { } creation)
        {
            if (MetricRecording.AssignedSymbol(invocation) is { } holder)
            {
                typeState.AddCreation(holder, creation);
                compilationState.Creations.TryAdd(holder, creation);
            }

            if (creation.LabelNames is { } labelNames)
            {
                CheckPrometheusLabelNames(context, creation, labelNames, metrics);
            }

            return;
        }

        if (MetricRecording.TryRead(operation, types) is { } recording)
        {
            typeState.AddRecording(recording);
        }
    }

    private static void CheckPrometheusLabelNames(OperationAnalysisContext context, InstrumentCreation creation, ImmutableArray<MetricName> labelNames, MetricsContract metrics)
    {
        string metricName = creation.Name.Value ?? "?";
        var keys = new List<string>(labelNames.Length);
        bool allConstant = true;
        foreach (var label in labelNames)
        {
            var diagnostic = CheckKey(label, metricName, metrics, removable: false);
            if (diagnostic is not null)
            {
                context.ReportDiagnostic(diagnostic);
            }

            if (label.IsConstant)
            {
                // A forbidden label is reported as such, not again as undeclared.
                if (diagnostic?.Descriptor != Descriptors.MetricLabelHighCardinality)
                {
                    keys.Add(label.Value!);
                }
            }
            else
            {
                allConstant = false;
            }
        }

        if (!allConstant || !creation.Name.IsConstant || creation.Name.Location is not { } location)
        {
            return;
        }

        var declared = metrics.FindInstrumentByPrometheusName(creation.Name.Value!);
        if (declared?.Labels is not { } declaredLabels)
        {
            return;
        }

        string? problem = Difference(keys, declaredLabels);
        if (problem is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.MetricLabelSetMismatch, location, metricName, "the contract's labels " + Format(declaredLabels), problem));
        }
    }

    private static void ReportType(SymbolAnalysisContext context, MetricsTypes types, MetricsContract metrics, TypeState typeState, CompilationState compilationState)
    {
        if (typeState.Recordings is not { } recordings)
        {
            return;
        }

        // One TagList local can feed several record sites; report each of its labels once.
        var reported = new HashSet<(string, Location)>();
        Action<Diagnostic> report = context.ReportDiagnostic; // once per type: each use would box the context again
        foreach (var recording in recordings)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var creation = recording.Creation;
            if (creation is null && recording.Instrument is { } instrument && !typeState.TryGetCreation(instrument, out creation)
                && recording.Operation.SemanticModel is { } model)
            {
                // Declared by another type in the same file, such as the enclosing class of a nested one.
                creation = MetricRecording.FindCreationInTree(instrument, model, types, context.CancellationToken);
            }

            string metricName = creation?.Name.Value ?? recording.Instrument?.Name ?? "?";
            if (recording.PrometheusValues is { } values)
            {
                CheckPrometheusValues(context, recording, creation, values, metricName, types);
                continue;
            }

            if (recording.Labels is not { } labels)
            {
                continue;
            }

            var forbidden = new HashSet<LabelUse>();
            bool allConstant = true;
            foreach (var label in labels)
            {
                var diagnostic = CheckKey(label.Key, metricName, metrics, removable: true) ?? CheckValue(label, metricName, types);
                if (diagnostic is not null)
                {
                    if (diagnostic.Descriptor == Descriptors.MetricLabelHighCardinality)
                    {
                        forbidden.Add(label);
                    }

                    if (reported.Add((diagnostic.Id, diagnostic.Location)))
                    {
                        context.ReportDiagnostic(diagnostic);
                    }
                }

                allConstant &= label.Key.IsConstant;
            }

            if (!allConstant)
            {
                continue;
            }

            if (creation is null)
            {
                if (recording.Instrument is not null)
                {
                    // Created in another type: only the compilation-end pass can link it.
                    compilationState.Unlinked.Enqueue(new UnlinkedRecording(recording, labels, forbidden));
                }

                continue;
            }

            if (!creation.Name.IsConstant || creation.Api != MetricsApi.DiagnosticsMetrics)
            {
                continue;
            }

            var declared = metrics.FindInstrument(creation.Name.Value!);
            if (declared is null)
            {
                compilationState.Linked.Enqueue((creation.Name.Value!, Keys(labels), recording.Operation.Syntax.GetLocation()));
            }
            else if (declared.Labels is { } declaredLabels)
            {
                CheckDeclaredLabels(report, recording, labels, forbidden, declaredLabels, metricName, reported);
            }
        }
    }

    private static void CheckDeclaredLabels(
        Action<Diagnostic> report,
        MetricRecording recording,
        ImmutableArray<LabelUse> labels,
        HashSet<LabelUse> forbidden,
        ImmutableArray<string> declaredLabels,
        string metricName,
        HashSet<(string, Location)> reported)
    {
        string expected = "the contract's labels " + Format(declaredLabels);
        var (undeclared, missing) = SiteMismatch(labels, forbidden, declaredLabels);
        foreach (var label in labels)
        {
            if (forbidden.Contains(label) || ContractNames.FindByWords(label.Key.Value!, declaredLabels) is not null)
            {
                continue;
            }

            var location = label.Key.Location ?? label.Node.GetLocation();
            if (reported.Add((Descriptors.MetricLabelSetMismatch.Id, location)))
            {
                var properties = SiteFixProperties(MetricDiagnosticProperties.RemoveLabel, undeclared, missing);
                report(Diagnostic.Create(Descriptors.MetricLabelSetMismatch, location, properties, metricName, expected, $"'{label.Key.Value}' is not declared"));
            }
        }

        if (missing.Count > 0)
        {
            var properties = SiteFixProperties(MetricDiagnosticProperties.AddLabels, undeclared, missing);
            string problem = missing.Count == 1 ? $"'{missing[0]}' is missing" : Format(missing) + " are missing";
            report(Diagnostic.Create(Descriptors.MetricLabelSetMismatch, recording.Operation.Syntax.GetLocation(), properties, metricName, expected, problem));
        }
    }

    /// <summary>The site's label keys the contract does not declare (forbidden ones aside), and the declared labels it misses.</summary>
    private static (List<string> Undeclared, List<string> Missing) SiteMismatch(ImmutableArray<LabelUse> labels, HashSet<LabelUse> forbidden, ImmutableArray<string> declaredLabels)
    {
        var undeclared = new List<string>();
        foreach (var label in labels)
        {
            if (!forbidden.Contains(label) && ContractNames.FindByWords(label.Key.Value!, declaredLabels) is null)
            {
                undeclared.Add(label.Key.Value!);
            }
        }

        var missing = new List<string>();
        foreach (string declaredLabel in declaredLabels)
        {
            bool found = false;
            foreach (var label in labels)
            {
                found |= NameWords.SameWords(label.Key.Value!, declaredLabel);
            }

            if (!found)
            {
                missing.Add(declaredLabel);
            }
        }

        return (undeclared, missing);
    }

    /// <summary>
    /// What the OBS1005 fix needs to give the record site the declared label set in one go, whichever of the site's
    /// findings it starts from: every undeclared key at the site and every missing declared label.
    /// </summary>
    private static ImmutableDictionary<string, string?> SiteFixProperties(string action, List<string> undeclared, List<string> missing)
    {
        string separator = MetricDiagnosticProperties.Separator.ToString();
        var properties = ImmutableDictionary<string, string?>.Empty.Add(MetricDiagnosticProperties.LabelAction, action);
        if (undeclared.Count > 0)
        {
            properties = properties.Add(MetricDiagnosticProperties.UndeclaredLabels, string.Join(separator, undeclared));
        }

        return missing.Count > 0 ? properties.Add(MetricDiagnosticProperties.MissingLabels, string.Join(separator, missing)) : properties;
    }

    private static void CheckPrometheusValues(SymbolAnalysisContext context, MetricRecording recording, InstrumentCreation? creation, ImmutableArray<IOperation> values, string metricName, MetricsTypes types)
    {
        var labelNames = creation?.LabelNames;
        for (int i = 0; i < values.Length; i++)
        {
            string key = labelNames is { } names && i < names.Length && names[i].IsConstant ? names[i].Value! : "#" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            string? reason = HighCardinalityReason(values[i], types);
            if (reason is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.MetricLabelHighCardinality, values[i].Syntax.GetLocation(), key, metricName, reason));
            }
        }

        if (labelNames is { } declared && declared.Length != values.Length)
        {
            string problem = $"WithLabels gives {values.Length} value{(values.Length == 1 ? string.Empty : "s")} for {declared.Length} label name{(declared.Length == 1 ? string.Empty : "s")}";
            var names = new List<string>();
            foreach (var name in declared)
            {
                names.Add(name.Value ?? "?");
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.MetricLabelSetMismatch, recording.Operation.Syntax.GetLocation(), metricName, "its label names " + Format(names), problem));
        }
    }

    /// <summary>OBS1008, OBS1007 (forbidden key) or OBS1002 for one label key, in that order; null when the key is fine.</summary>
    private static Diagnostic? CheckKey(MetricName key, string metricName, MetricsContract metrics, bool removable)
    {
        if (key.Location is not { } location)
        {
            return null;
        }

        if (key.State == NameState.NotConstant)
        {
            return Diagnostic.Create(Descriptors.MetricNameNotConstant, location, $"The label key on metric '{metricName}'");
        }

        if (!key.IsConstant)
        {
            return null;
        }

        string value = key.Value!;
        if (metrics.FindForbiddenLabel(value) is { } forbidden)
        {
            var properties = removable
                ? ImmutableDictionary<string, string?>.Empty.Add(MetricDiagnosticProperties.LabelAction, MetricDiagnosticProperties.RemoveLabel)
                : ImmutableDictionary<string, string?>.Empty;
            return Diagnostic.Create(Descriptors.MetricLabelHighCardinality, location, properties, value, metricName, $"is the forbidden label '{forbidden}'");
        }

        if (!NamingStyles.Conforms(value, metrics.LabelStyle))
        {
            string conventional = NamingStyles.Format(value, metrics.LabelStyle);
            if (conventional.Length > 0)
            {
                var properties = key.IsRewritable
                    ? ImmutableDictionary<string, string?>.Empty.Add(MetricDiagnosticProperties.NewName, conventional)
                    : ImmutableDictionary<string, string?>.Empty;
                return Diagnostic.Create(Descriptors.MetricNamingStyle, location, properties, "Label key", value, NamingStyles.ContractName(metrics.LabelStyle), conventional);
            }
        }

        return null;
    }

    private static Diagnostic? CheckValue(LabelUse label, string metricName, MetricsTypes types)
    {
        if (label.Value is null || !label.Key.IsConstant)
        {
            return null;
        }

        string? reason = HighCardinalityReason(label.Value, types);
        if (reason is null)
        {
            return null;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(MetricDiagnosticProperties.LabelAction, MetricDiagnosticProperties.RemoveLabel);
        return Diagnostic.Create(Descriptors.MetricLabelHighCardinality, label.Key.Location ?? label.Node.GetLocation(), properties, label.Key.Value, metricName, reason);
    }

    private static string? HighCardinalityReason(IOperation value, MetricsTypes types)
    {
        var unwrapped = MetricName.Unwrap(value);
        if (types.IsHighCardinality(unwrapped.Type))
        {
            return $"has a {unwrapped.Type!.Name} value, unique per measurement";
        }

        if (unwrapped is IInvocationOperation { TargetMethod.Name: "ToString", Instance: { } instance } && types.IsHighCardinality(instance.Type))
        {
            return $"has a formatted {instance.Type!.Name} value, unique per measurement";
        }

        if (unwrapped is IInterpolatedStringOperation interpolated && !unwrapped.ConstantValue.HasValue)
        {
            foreach (var part in interpolated.Parts)
            {
                if (part is IInterpolationOperation { Expression.ConstantValue.HasValue: false })
                {
                    return "has an interpolated string value built from run-time values";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Record sites whose instrument another type creates: declared instruments get the contract's label check (OBS1005),
    /// undeclared ones join the comparison between record sites (OBS1006).
    /// </summary>
    private static void ReportAcrossTypes(CompilationAnalysisContext context, MetricsContract metrics, CompilationState state)
    {
        var sites = new List<(string Name, string Keys, Location Location)>(state.Linked);
        var reported = new HashSet<(string, Location)>();
        Action<Diagnostic> report = context.ReportDiagnostic; // once: each use would box the context again
        foreach (var unlinked in state.Unlinked)
        {
            var recording = unlinked.Recording;
            if (recording.Instrument is null
                || !state.Creations.TryGetValue(recording.Instrument, out var creation)
                || !creation.Name.IsConstant
                || creation.Api != MetricsApi.DiagnosticsMetrics)
            {
                continue;
            }

            string name = creation.Name.Value!;
            var declared = metrics.FindInstrument(name);
            if (declared is null)
            {
                sites.Add((name, Keys(unlinked.Labels), recording.Operation.Syntax.GetLocation()));
            }
            else if (declared.Labels is { } declaredLabels)
            {
                CheckDeclaredLabels(report, recording, unlinked.Labels, unlinked.Forbidden, declaredLabels, name, reported);
            }
        }

        // Sorted, so the reference label set of an instrument does not depend on analysis order.
        foreach (var group in sites
            .OrderBy(s => s.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(s => s.Location.SourceSpan.Start)
            .GroupBy(s => s.Name, System.StringComparer.Ordinal))
        {
            var counts = group.GroupBy(s => s.Keys, System.StringComparer.Ordinal).ToList();
            if (counts.Count < 2)
            {
                continue;
            }

            string reference = counts.OrderByDescending(c => c.Count()).First().Key;
            foreach (var site in group)
            {
                if (!string.Equals(site.Keys, reference, System.StringComparison.Ordinal))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.MetricLabelSetUnstable, site.Location, group.Key, Describe(site.Keys), Describe(reference)));
                }
            }
        }
    }

    /// <summary>The keys as a canonical, order-free text: sorted word keys joined by ','.</summary>
    private static string Keys(ImmutableArray<LabelUse> labels)
    {
        var keys = new SortedSet<string>(System.StringComparer.Ordinal);
        foreach (var label in labels)
        {
            keys.Add(NameWords.Key(label.Key.Value!));
        }

        return string.Join(",", keys);
    }

    private static string Describe(string keys) => keys.Length == 0 ? "no labels" : "[" + keys.Replace(",", ", ") + "]";

    private static string Format(IEnumerable<string> labels)
    {
        var builder = new StringBuilder("[");
        foreach (string label in labels)
        {
            if (builder.Length > 1)
            {
                builder.Append(", ");
            }

            builder.Append(label);
        }

        return builder.Append(']').ToString();
    }

    private static string? Difference(List<string> keys, ImmutableArray<string> declared)
    {
        foreach (string key in keys)
        {
            if (ContractNames.FindByWords(key, declared) is null)
            {
                return $"'{key}' is not declared";
            }
        }

        foreach (string label in declared)
        {
            bool found = false;
            foreach (string key in keys)
            {
                found |= NameWords.SameWords(key, label);
            }

            if (!found)
            {
                return $"'{label}' is missing";
            }
        }

        return null;
    }

    /// <summary>
    /// What one type creates and records. Most types do neither, so nothing is allocated until the first one; the
    /// type's operations may run on several threads, hence the lock. Read by the type's end action, after them all.
    /// </summary>
    private sealed class TypeState
    {
        private Dictionary<ISymbol, InstrumentCreation>? _creations;

        public List<MetricRecording>? Recordings { get; private set; }

        public void AddCreation(ISymbol holder, InstrumentCreation creation)
        {
            lock (this)
            {
                _creations ??= new Dictionary<ISymbol, InstrumentCreation>(SymbolEqualityComparer.Default);
                if (!_creations.ContainsKey(holder))
                {
                    _creations.Add(holder, creation);
                }
            }
        }

        public void AddRecording(MetricRecording recording)
        {
            lock (this)
            {
                (Recordings ??= new List<MetricRecording>()).Add(recording);
            }
        }

        public bool TryGetCreation(ISymbol holder, out InstrumentCreation? creation)
        {
            creation = null;
            return _creations is not null && _creations.TryGetValue(holder, out creation);
        }
    }

    /// <summary>
    /// What the compilation-end pass links. Queues, not ConcurrentBag: a bag's per-thread storage takes a process-wide
    /// lock when created and leaves a finalizer behind, which once stalled a compilation start for a third of a second.
    /// </summary>
    private sealed class CompilationState
    {
        public ConcurrentDictionary<ISymbol, InstrumentCreation> Creations { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>Record sites of undeclared instruments whose creation was found in the same type.</summary>
        public ConcurrentQueue<(string Name, string Keys, Location Location)> Linked { get; } = new();

        /// <summary>Record sites whose instrument is created in another type.</summary>
        public ConcurrentQueue<UnlinkedRecording> Unlinked { get; } = new();
    }

    private sealed class UnlinkedRecording
    {
        public UnlinkedRecording(MetricRecording recording, ImmutableArray<LabelUse> labels, HashSet<LabelUse> forbidden)
        {
            Recording = recording;
            Labels = labels;
            Forbidden = forbidden;
        }

        public MetricRecording Recording { get; }

        public ImmutableArray<LabelUse> Labels { get; }

        /// <summary>Labels already reported as forbidden or unbounded, which OBS1005 does not report again.</summary>
        public HashSet<LabelUse> Forbidden { get; }
    }
}
