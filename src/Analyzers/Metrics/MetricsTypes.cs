using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;
using static SignalContract.Analyzers.Infrastructure.TypeLookup;

namespace SignalContract.Analyzers.Metrics;

/// <summary>
/// The metrics types of one compilation, resolved once. Null members mean the compilation does not reference that API;
/// <see cref="Create"/> returns null when it references neither metrics library. The analyzers resolve them at the
/// first call that may be metrics code (<see cref="MayBeMetricsCode"/>), not at compilation start: every framework
/// has System.Diagnostics.Metrics, and most compilations never use it.
/// </summary>
internal sealed class MetricsTypes
{
    private const string CounterAttributeName = "Microsoft.Extensions.Diagnostics.Metrics.CounterAttribute";
    private const string MetricAttributesAssembly = "Microsoft.Extensions.Telemetry.Abstractions";
    private const string DiagnosticSourceAssembly = "System.Diagnostics.DiagnosticSource";
    private const string PrometheusAssembly = "Prometheus.NetStandard";

    private MetricsTypes(Compilation compilation)
    {
        Meter = compilation.GetTypeByMetadataName("System.Diagnostics.Metrics.Meter");
        MeterOptions = Beside(Meter, "System.Diagnostics.Metrics.MeterOptions");
        MeterFactory = Beside(Meter, "System.Diagnostics.Metrics.IMeterFactory");
        Counter = Beside(Meter, "System.Diagnostics.Metrics.Counter`1");
        UpDownCounter = Beside(Meter, "System.Diagnostics.Metrics.UpDownCounter`1");
        Histogram = Beside(Meter, "System.Diagnostics.Metrics.Histogram`1");
        Gauge = Beside(Meter, "System.Diagnostics.Metrics.Gauge`1");
        Measurement = Beside(Meter, "System.Diagnostics.Metrics.Measurement`1");
        TagList = Beside(Meter, "System.Diagnostics.TagList");

        // Microsoft.Extensions.Diagnostics.Abstractions, not the assembly of Meter.
        MeterFactoryExtensions = MeterFactory is null ? null : compilation.GetTypeByMetadataName("System.Diagnostics.Metrics.MeterFactoryExtensions");

        PrometheusMetrics = compilation.GetTypeByMetadataName("Prometheus.Metrics");
        PrometheusMetricFactory = Beside(PrometheusMetrics, "Prometheus.MetricFactory");
        PrometheusIMetricFactory = Beside(PrometheusMetrics, "Prometheus.IMetricFactory");
        PrometheusCollector = Beside(PrometheusMetrics, "Prometheus.Collector`1");
        PrometheusICollector = Beside(PrometheusMetrics, "Prometheus.ICollector`1");
        PrometheusMetricConfiguration = Beside(PrometheusMetrics, "Prometheus.MetricConfiguration");

        if (Meter is null && PrometheusMetrics is null)
        {
            return;
        }

        MeterNamespace = Meter?.ContainingNamespace;
        PrometheusNamespace = PrometheusMetrics?.ContainingNamespace;

        KeyValuePair = TypeLookup.InCoreLibrary(compilation, "System.Collections.Generic.KeyValuePair`2");
        KeyValuePairStatic = TypeLookup.InCoreLibrary(compilation, "System.Collections.Generic.KeyValuePair");
        Guid = TypeLookup.InCoreLibrary(compilation, "System.Guid");
        DateTime = compilation.GetSpecialType(SpecialType.System_DateTime);
        DateTimeOffset = TypeLookup.InCoreLibrary(compilation, "System.DateTimeOffset");
        CounterAttribute = compilation.GetTypeByMetadataName(CounterAttributeName);
        CounterAttributeOfT = Beside(CounterAttribute, "Microsoft.Extensions.Diagnostics.Metrics.CounterAttribute`1");
        HistogramAttribute = Beside(CounterAttribute, "Microsoft.Extensions.Diagnostics.Metrics.HistogramAttribute");
        HistogramAttributeOfT = Beside(CounterAttribute, "Microsoft.Extensions.Diagnostics.Metrics.HistogramAttribute`1");
        GaugeAttribute = Beside(CounterAttribute, "Microsoft.Extensions.Diagnostics.Metrics.GaugeAttribute");
        TagNameAttribute = Beside(CounterAttribute, "Microsoft.Extensions.Diagnostics.Metrics.TagNameAttribute");

        INamedTypeSymbol? Beside(INamedTypeSymbol? anchor, string metadataName) => TypeLookup.Beside(compilation, anchor, metadataName);
    }

    public INamedTypeSymbol? Meter { get; }

    /// <summary><c>System.Diagnostics.Metrics</c>, where the instrument types live.</summary>
    public INamespaceSymbol? MeterNamespace { get; }

    /// <summary><c>Prometheus</c>, the prometheus-net namespace.</summary>
    public INamespaceSymbol? PrometheusNamespace { get; }

    public INamedTypeSymbol? MeterOptions { get; }

    public INamedTypeSymbol? MeterFactory { get; }

    /// <summary>Home of <c>IMeterFactory.Create(string name, ...)</c>.</summary>
    public INamedTypeSymbol? MeterFactoryExtensions { get; }

    public INamedTypeSymbol? Counter { get; }

    public INamedTypeSymbol? UpDownCounter { get; }

    public INamedTypeSymbol? Histogram { get; }

    /// <summary>Only in .NET 9 and later.</summary>
    public INamedTypeSymbol? Gauge { get; }

    public INamedTypeSymbol? Measurement { get; }

    public INamedTypeSymbol? TagList { get; }

    public INamedTypeSymbol? KeyValuePair { get; }

    /// <summary>The static <c>KeyValuePair.Create</c> helper.</summary>
    public INamedTypeSymbol? KeyValuePairStatic { get; }

    public INamedTypeSymbol? Guid { get; }

    public INamedTypeSymbol? DateTime { get; }

    public INamedTypeSymbol? DateTimeOffset { get; }

    public INamedTypeSymbol? PrometheusMetrics { get; }

    public INamedTypeSymbol? PrometheusMetricFactory { get; }

    public INamedTypeSymbol? PrometheusIMetricFactory { get; }

    public INamedTypeSymbol? PrometheusCollector { get; }

    public INamedTypeSymbol? PrometheusICollector { get; }

    public INamedTypeSymbol? PrometheusMetricConfiguration { get; }

    /// <summary>The metrics source generator's attributes (Microsoft.Extensions.Telemetry.Abstractions).</summary>
    public INamedTypeSymbol? CounterAttribute { get; }

    public INamedTypeSymbol? CounterAttributeOfT { get; }

    public INamedTypeSymbol? HistogramAttribute { get; }

    public INamedTypeSymbol? HistogramAttributeOfT { get; }

    public INamedTypeSymbol? GaugeAttribute { get; }

    public INamedTypeSymbol? TagNameAttribute { get; }

    public bool HasMetricAttributes => CounterAttribute is not null || HistogramAttribute is not null || GaugeAttribute is not null;

    /// <summary>The instrument kind a source-generator attribute asks for, or null for other attributes.</summary>
    public InstrumentKind? GeneratedKind(INamedTypeSymbol? attribute)
    {
        if (attribute is null || !HasMetricAttributes)
        {
            return null;
        }

        if (Is(attribute, CounterAttribute) || Is(attribute, CounterAttributeOfT))
        {
            return InstrumentKind.Counter;
        }

        if (Is(attribute, HistogramAttribute) || Is(attribute, HistogramAttributeOfT))
        {
            return InstrumentKind.Histogram;
        }

        return Is(attribute, GaugeAttribute) ? InstrumentKind.Gauge : null;
    }

    /// <summary>
    /// True for System.Diagnostics.Metrics and Prometheus, where every type the rules look at lives. It compares names,
    /// so a call can be turned away before any type is resolved.
    /// </summary>
    private static bool IsMetricsNamespace(INamespaceSymbol? ns)
    {
        if (ns is null)
        {
            return false;
        }

        string name = ns.Name;
        if (name == "Metrics")
        {
            return ns.ContainingNamespace is { Name: "Diagnostics" } diagnostics
                && diagnostics.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true };
        }

        return name == "Prometheus" && ns.ContainingNamespace is { IsGlobalNamespace: true };
    }

    /// <summary>
    /// True when <paramref name="operation"/>, a call or a creation, may be one the metrics rules look at: its method or
    /// type is in a metrics namespace or is a TagList's, or the call returns a metrics type (a helper that creates an
    /// instrument). Asked of every call in a compilation, it compares names and resolves nothing.
    /// </summary>
    public static bool MayBeMetricsCode(IOperation operation)
    {
        if (operation is IInvocationOperation invocation)
        {
            var type = invocation.TargetMethod.ContainingType;
            return IsMetricsNamespace(type?.ContainingNamespace) || IsTagList(type) || IsMetricsNamespace(invocation.Type?.ContainingNamespace);
        }

        return IsMetricsNamespace(operation.Type?.ContainingNamespace) || IsTagList(operation.Type);
    }

    private static bool IsTagList(ITypeSymbol? type) =>
        type is { Name: "TagList", ContainingNamespace: { Name: "Diagnostics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    /// <summary>
    /// False when the compilation references neither assembly that defines instruments (System.Diagnostics.DiagnosticSource,
    /// prometheus-net's), so it cannot hold metrics code and the rules register nothing: a .NET Framework or .NET Standard
    /// project without the package. Every .NET (Core) framework references the first; there the rules wait for a call.
    /// </summary>
    public static bool MayHoldMetricsCode(Compilation compilation)
    {
        foreach (var reference in compilation.ReferencedAssemblyNames)
        {
            if (reference.Name is DiagnosticSourceAssembly or PrometheusAssembly)
            {
                return true;
            }
        }

        // A compilation of the library itself, or a test that compiles against hand-picked references.
        return compilation.AssemblyName is DiagnosticSourceAssembly or PrometheusAssembly;
    }

    /// <summary>True when the metrics source generator's attributes are referenced, so partial methods may declare metrics.</summary>
    public static bool ReferencesMetricAttributes(Compilation compilation)
    {
        // A search by metadata name looks through every reference, and a miss is the commonest answer: first ask whether
        // the one assembly that ships the attributes is referenced at all.
        foreach (var reference in compilation.ReferencedAssemblyNames)
        {
            if (reference.Name == MetricAttributesAssembly)
            {
                return compilation.GetTypeByMetadataName(CounterAttributeName) is not null;
            }
        }

        return false;
    }

    public static MetricsTypes? Create(Compilation compilation)
    {
        var types = new MetricsTypes(compilation);
        return types.Meter is null && types.PrometheusMetrics is null ? null : types;
    }

    /// <summary>True for the types whose <c>Add</c> / <c>Record</c> record a measurement.</summary>
    public bool IsRecordingInstrument(ITypeSymbol? type)
    {
        // Asked for every Add call, most of them on lists: one namespace test turns those away.
        if (type is null || !SymbolEqualityComparer.Default.Equals(type.ContainingNamespace, MeterNamespace))
        {
            return false;
        }

        return Is(type, Counter) || Is(type, UpDownCounter) || Is(type, Histogram) || Is(type, Gauge);
    }

    public bool IsPrometheusFactory(ITypeSymbol? type) =>
        Is(type, PrometheusMetrics) || Is(type, PrometheusMetricFactory) || Is(type, PrometheusIMetricFactory);

    /// <summary>True for <c>Collector&lt;TChild&gt;</c> and its interface, where <c>WithLabels</c> lives.</summary>
    public bool IsPrometheusCollector(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (Is(current, PrometheusCollector) || Is(current, PrometheusICollector))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The type of a value unique per event, which makes a label unbounded: a <c>Guid</c>, <c>DateTime</c> or
    /// <c>DateTimeOffset</c>, or one of them made nullable. Null for any other type.
    /// </summary>
    public ITypeSymbol? HighCardinalityType(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return Is(type, Guid) || Is(type, DateTime) || Is(type, DateTimeOffset) ? type : null;
    }
}

/// <summary>
/// What a rule keeps for a compilation that calls into a metrics namespace, made at the first such call: a compilation
/// that never makes one resolves no type and allocates nothing more.
/// </summary>
internal sealed class MetricsState<TState>
    where TState : class
{
    private readonly Compilation _compilation;
    private readonly Func<MetricsTypes, TState> _create;
    private readonly object _gate = new();
    private TState? _state;
    private bool _made;

    public MetricsState(Compilation compilation, Func<MetricsTypes, TState> create)
    {
        _compilation = compilation;
        _create = create;
    }

    /// <summary>The state if a call into a metrics namespace made it; for the compilation's end, which makes nothing.</summary>
    public TState? IfMade => Volatile.Read(ref _made) ? _state : null;

    /// <summary>The state, made on the first call; null when the compilation references no metrics library.</summary>
    public TState? GetOrMake()
    {
        if (!Volatile.Read(ref _made))
        {
            lock (_gate)
            {
                if (!_made)
                {
                    _state = MetricsTypes.Create(_compilation) is { } types ? _create(types) : null;
                    Volatile.Write(ref _made, true);
                }
            }
        }

        return _state;
    }
}
