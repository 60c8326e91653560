using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Metrics;
using SignalContract.Analyzers.Traces;
using SignalContract.Tool.Reports;

namespace SignalContract.Tool.Inventory;

/// <summary>
/// Links what <see cref="SignalCollector"/> found (record sites to their creations, instruments to their meters, spans
/// to their sources, attributes to their spans) and groups it into signals, matched against the contract; log events
/// are <see cref="LogEventBuilder"/>'s. Projects that
/// build for several frameworks give the same site once per framework: sites are kept once.
/// </summary>
internal sealed class InventoryBuilder(ContractModel? contract, PathDisplay paths)
{
    private readonly Dictionary<(string Name, string Style, string Kind, string? Unit), MetricGroup> _metrics = new();
    private readonly Dictionary<(string Name, string? Source, string? Kind), SpanGroup> _spans = new();
    private readonly List<(string SpanName, SpanSite Site)> _attributes = new();
    private readonly HashSet<UnresolvedSite> _unresolved = new();
    private readonly LogEventBuilder _logs = new(contract, paths);

    public void Add(CollectedSignals found)
    {
        var creationsByHolder = new Dictionary<ISymbol, MetricGroup?>(SymbolEqualityComparer.Default);
        // Keyed by syntax: the creation a record site sees (a chained call, an observable's callback) is the same code.
        var creationsBySite = new Dictionary<SyntaxNode, MetricGroup?>();
        var metricsTypes = MetricsTypes.Create(found.Compilation);
        foreach (var creation in found.Creations)
        {
            // Creations are found only where the compilation has the metrics types.
            var group = AddCreation(creation, found, metricsTypes!);
            creationsBySite[creation.Site.Syntax] = group;
            if (MetricRecording.AssignedSymbol(creation.Site) is { } holder)
            {
                creationsByHolder.TryAdd(holder.OriginalDefinition, group);
            }
        }

        foreach (var recording in found.Recordings)
        {
            AddRecording(recording, creationsByHolder, creationsBySite);
        }

        foreach (var generated in found.Generated)
        {
            var labels = generated.Tags is { } tags ? Sorted(tags.Select(t => t.Key)) : null;
            var group = Metric(generated.Name, "otel", InstrumentKinds.ContractName(generated.Kind), unit: null, meter: null);
            group.Add(Site("creation", generated.AttributeLocation, labels: null), labels);
        }

        var tracing = TracingTypes.Create(found.Compilation);
        if (tracing is not null)
        {
            AddSpans(found, tracing);
        }

        var logSites = found.LogSites.ToList();
        _logs.Add(logSites);
        foreach (var site in logSites)
        {
            if (site.UnresolvedReason is { } reason)
            {
                Unresolved("log", site.Role, site.Location, reason);
            }
        }
    }

    public SignalInventory Build(string? service, IReadOnlyList<string> inputs, string? contractPath, InventoryProducer producer)
    {
        var metrics = _metrics.Values.Select(g => g.ToSignal(contract)).OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Kind, StringComparer.Ordinal).ToList();
        foreach (var (spanName, site) in _attributes)
        {
            foreach (var group in _spans.Values.Where(g => g.Name == spanName))
            {
                group.Sites.Add(site);
            }
        }

        var spans = _spans.Values.Select(g => g.ToSignal(contract)).OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Source, StringComparer.Ordinal).ToList();
        return new SignalInventory
        {
            InventoryVersion = SignalInventory.CurrentVersion,
            Service = service,
            Producer = producer,
            Inputs = inputs,
            Contract = contractPath,
            Metrics = metrics,
            Spans = spans,
            Logs = _logs.Build(),
            Unresolved = _unresolved.OrderBy(u => u.File, StringComparer.Ordinal).ThenBy(u => u.Line).ThenBy(u => u.Role, StringComparer.Ordinal).ToList(),
            Coverage = contract is null || contractPath is null ? null : Coverage(contractPath, metrics, spans),
        };
    }

    private MetricGroup? AddCreation(FoundCreation found, CollectedSignals collected, MetricsTypes types)
    {
        var creation = found.Creation;
        if (!found.Name.IsConstant)
        {
            if (found.Name.State == NameState.NotConstant)
            {
                Unresolved("metric", "creation", found.Site.Syntax.GetLocation(), "the metric name is computed at run time");
            }

            return null;
        }

        bool prometheus = creation.Api == MetricsApi.PrometheusNet;
        string? unit = found.Unit.IsConstant && found.Unit.Value!.Length > 0 ? found.Unit.Value : null;
        var group = Metric(found.Name.Value!, prometheus ? "prometheus" : "otel", InstrumentKinds.ContractName(creation.Kind), unit, MeterOf(creation, collected, types));
        IReadOnlyList<string>? labels = null;
        if (creation.LabelNames is { } labelNames && labelNames.All(n => n.IsConstant))
        {
            // prometheus-net fixes label names at creation; every record site gives values for them.
            labels = Sorted(labelNames.Select(n => n.Value!));
        }

        group.Add(Site("creation", found.Site.Syntax.GetLocation(), labels: null), labels);
        return group;
    }

    private void AddRecording(MetricRecording recording, Dictionary<ISymbol, MetricGroup?> byHolder, Dictionary<SyntaxNode, MetricGroup?> bySite)
    {
        var location = recording.Operation.Syntax.GetLocation();
        MetricGroup? group = null;
        bool linked = recording.Creation is { } creation
            ? bySite.TryGetValue(creation.Invocation.Syntax, out group)
            : recording.Instrument is { } instrument && byHolder.TryGetValue(instrument.OriginalDefinition, out group);
        if (!linked)
        {
            Unresolved("metric", "record", location, "the instrument recorded here is not created where the code can be followed");
            return;
        }

        if (group is null)
        {
            // Its creation is already listed as unresolved.
            return;
        }

        IReadOnlyList<string>? labels = null;
        if (recording.Labels is { } uses && uses.All(u => u.Key.IsConstant))
        {
            labels = Sorted(uses.Select(u => u.Key.Value!));
        }
        else if (recording.PrometheusValues is { } values && group.CreationLabels is { } names && names.Count == values.Length)
        {
            labels = names;
        }

        group.Add(Site("record", location, labels), labels);
    }

    private void AddSpans(CollectedSignals found, TracingTypes types)
    {
        foreach (var start in found.SpanStarts)
        {
            var location = start.Syntax.GetLocation();
            if (SpanCalls.ConstantSpanName(start, types) is not { } name)
            {
                Unresolved("span", "start", location, NamelessReason(start));
                continue;
            }

            string? kind = SpanCalls.KindOf(start)?.ToLowerInvariant();
            var key = (name, SourceOf(start, found), kind);
            if (!_spans.TryGetValue(key, out var group))
            {
                _spans.Add(key, group = new SpanGroup(name, key.Item2, kind));
            }

            group.Sites.Add(new SpanSite { Role = "start", File = paths.Of(location), Line = Line(location) });
        }

        var spanLocals = new Dictionary<IOperation, Dictionary<ILocalSymbol, string?>>();
        foreach (var attribute in found.Attributes)
        {
            string? spanName = attribute.Receiver is null
                ? SpanCalls.ConstantSpanName(attribute.Call, types)
                : SpanNameOf(attribute, types, spanLocals);
            if (spanName is null)
            {
                Unresolved("span", "attribute", attribute.Location, $"attribute '{attribute.Key}' is set on a span whose name this code does not show");
                continue;
            }

            _attributes.Add((spanName, new SpanSite { Role = "attribute", File = paths.Of(attribute.Location), Line = Line(attribute.Location), Key = attribute.Key }));
        }
    }

    /// <summary>
    /// The span a tag call is made on: a span local (named by its starts, read once per body), a span started in place,
    /// or <c>Activity.Current</c> and the like inside the lifetime of a span local of the same method.
    /// </summary>
    private static string? SpanNameOf(FoundAttribute attribute, TracingTypes types, Dictionary<IOperation, Dictionary<ILocalSymbol, string?>> spanLocals)
    {
        ILocalSymbol? local = attribute.Receiver switch
        {
            ILocalReferenceOperation reference => reference.Local,
            IInvocationOperation => null,
            _ => EnclosingSpan.Find(attribute.Call, types)?.Local,
        };
        if (local is null)
        {
            return SpanCalls.ConstantSpanName(attribute.Receiver, types);
        }

        var root = SpanOwnership.Root(attribute.Call);
        if (!spanLocals.TryGetValue(root, out var names))
        {
            spanLocals.Add(root, names = SpanCalls.ReadSpanLocals(root, types));
        }

        return names.TryGetValue(local, out string? name) ? name : null;
    }

    /// <summary>Why a span start has no constant name: most often a helper that starts spans its callers name.</summary>
    private static string NamelessReason(IOperation start)
    {
        var arguments = start switch
        {
            IInvocationOperation invocation => invocation.Arguments,
            IObjectCreationOperation creation => creation.Arguments,
            _ => default,
        };
        var name = arguments.IsDefault ? null : SpanCalls.NamedArgument(arguments, start is IObjectCreationOperation ? "operationName" : "name")?.Value;
        return name is not null && MetricName.Unwrap(name) is IParameterReferenceOperation { Parameter: var parameter }
            ? $"the span name is the parameter '{parameter.Name}' of {parameter.ContainingSymbol.Name}, whose callers name the span; span helpers are not followed yet"
            : "the span name is computed at run time";
    }

    private static string? SourceOf(IOperation start, CollectedSignals found) =>
        start is IInvocationOperation { Instance: { } instance } ? NameHeldBy(instance, found.SourceNames) : null;

    private static string? MeterOf(InstrumentCreation creation, CollectedSignals found, MetricsTypes types)
    {
        if (creation.Invocation.Instance is not { } instance)
        {
            return null;
        }

        if (InstrumentCreation.TryReadMeterName(MetricName.Unwrap(instance), types) is { IsConstant: true } inPlace)
        {
            return inPlace.Value;
        }

        return NameHeldBy(instance, found.MeterNames);
    }

    private static string? NameHeldBy(IOperation instance, ConcurrentDictionary<ISymbol, string> names)
    {
        var operation = instance;
        while (operation is IConversionOperation or IParenthesizedOperation)
        {
            operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
        }

        if (operation is IConditionalAccessInstanceOperation)
        {
            return null;
        }

        return MetricRecording.ReferencedSymbol(operation) is { } symbol && names.TryGetValue(symbol.OriginalDefinition, out string? name) ? name : null;
    }

    private MetricGroup Metric(string name, string style, string kind, string? unit, string? meter)
    {
        var key = (name, style, kind, unit);
        if (!_metrics.TryGetValue(key, out var group))
        {
            _metrics.Add(key, group = new MetricGroup(name, style, kind, unit));
        }

        group.Meter ??= meter;
        return group;
    }

    private MetricSite Site(string role, Location location, IReadOnlyList<string>? labels) =>
        new() { Role = role, File = paths.Of(location), Line = Line(location), Labels = labels };

    private void Unresolved(string signal, string role, Location location, string reason) =>
        _unresolved.Add(new UnresolvedSite { Signal = signal, Role = role, File = paths.Of(location), Line = Line(location), Reason = reason });

    public static int Line(Location location) => location.GetLineSpan().StartLinePosition.Line + 1;

    private static IReadOnlyList<string> Sorted(IEnumerable<string> keys) => keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private ContractCoverage Coverage(string contractPath, List<MetricSignal> metrics, List<SpanSignal> spans)
    {
        var emittedInstruments = metrics.Where(m => m.DeclaredAs is not null).Select(m => m.DeclaredAs!).ToHashSet(StringComparer.Ordinal);
        var emittedSpans = spans.Where(s => s.DeclaredAs is not null).Select(s => s.DeclaredAs!).ToHashSet(StringComparer.Ordinal);
        return new ContractCoverage
        {
            Contract = contractPath,
            Metrics = new SectionCoverage
            {
                Declared = contract!.Metrics.Instruments.Length,
                NotEmitted = contract.Metrics.Instruments.Select(i => i.Name).Where(n => !emittedInstruments.Contains(n)).ToList(),
                Undeclared = metrics.Where(m => m.DeclaredAs is null && m.RenamedTo is null).Select(m => m.Name).Distinct(StringComparer.Ordinal).ToList(),
                Renamed = metrics.Where(m => m.RenamedTo is not null).Select(m => new RenamedName { Name = m.Name, RenamedTo = m.RenamedTo! }).Distinct().ToList(),
            },
            Spans = new SectionCoverage
            {
                Declared = contract.Traces.Spans.Length,
                NotEmitted = contract.Traces.Spans.Select(s => s.Name).Where(n => !emittedSpans.Contains(n)).ToList(),
                Undeclared = spans.Where(s => s.DeclaredAs is null).Select(s => s.Name).Distinct(StringComparer.Ordinal).ToList(),
            },
            Logs = _logs.Coverage(),
        };
    }

    private sealed class MetricGroup(string name, string style, string kind, string? unit)
    {
        private readonly HashSet<MetricSite> _sites = new(MetricSiteComparer.Instance);
        private readonly List<IReadOnlyList<string>> _labelSets = new();

        public string? Meter { get; set; }

        /// <summary>The label names a prometheus-net creation fixes, when readable.</summary>
        public IReadOnlyList<string>? CreationLabels { get; private set; }

        public void Add(MetricSite site, IReadOnlyList<string>? labels)
        {
            _sites.Add(site);
            if (labels is null)
            {
                return;
            }

            if (site.Role == "creation")
            {
                CreationLabels ??= labels;
            }

            if (!_labelSets.Any(set => set.SequenceEqual(labels, StringComparer.Ordinal)))
            {
                _labelSets.Add(labels);
            }
        }

        public MetricSignal ToSignal(ContractModel? contract)
        {
            bool prometheus = style == "prometheus";
            var instrumentKind = InstrumentKinds.ContractNames.First(k => k.Name == kind).Kind;
            var metrics = contract?.Metrics;
            var declared = metrics is null ? null : prometheus ? metrics.FindInstrumentByPrometheusName(name) : metrics.FindInstrument(name);
            var renamed = declared is not null || metrics is null ? null : prometheus ? metrics.FindRenamedByPrometheusName(name) : metrics.FindRenamed(name);
            return new MetricSignal
            {
                Name = name,
                NameStyle = style,
                Kind = kind,
                Unit = unit,
                PrometheusName = prometheus ? name : PrometheusNames.Translate(name, instrumentKind, unit),
                Meter = Meter,
                DeclaredAs = declared?.Name,
                RenamedTo = renamed?.Name,
                Labels = _labelSets.SelectMany(s => s).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                LabelSets = _labelSets.OrderBy(s => string.Join(",", s), StringComparer.Ordinal).ToList(),
                Sites = _sites.OrderBy(s => s.File, StringComparer.Ordinal).ThenBy(s => s.Line).ThenBy(s => s.Role, StringComparer.Ordinal).ToList(),
            };
        }
    }

    private sealed class SpanGroup(string name, string? source, string? kind)
    {
        public string Name { get; } = name;

        public HashSet<SpanSite> Sites { get; } = new();

        public SpanSignal ToSignal(ContractModel? contract) => new()
        {
            Name = Name,
            Source = source,
            Kind = kind,
            DeclaredAs = contract?.Traces.FindSpan(Name)?.Name,
            Attributes = Sites.Where(s => s.Key is not null).Select(s => s.Key!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            Sites = Sites.OrderBy(s => s.File, StringComparer.Ordinal).ThenBy(s => s.Line).ThenBy(s => s.Role, StringComparer.Ordinal).ThenBy(s => s.Key, StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>Records compare their lists by reference; a site seen again for another target framework is the same site.</summary>
    private sealed class MetricSiteComparer : IEqualityComparer<MetricSite>
    {
        public static readonly MetricSiteComparer Instance = new();

        public bool Equals(MetricSite? x, MetricSite? y) =>
            x is not null && y is not null && x.Role == y.Role && x.File == y.File && x.Line == y.Line
            && (x.Labels is null ? y.Labels is null : y.Labels is not null && x.Labels.SequenceEqual(y.Labels, StringComparer.Ordinal));

        public int GetHashCode(MetricSite site) => HashCode.Combine(site.Role, site.File, site.Line);
    }
}
