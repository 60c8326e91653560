using Microsoft.CodeAnalysis;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;
using static SignalContract.Analyzers.Infrastructure.TypeLookup;

namespace SignalContract.Analyzers.Metrics;

/// <summary>
/// The metrics types of one compilation, resolved once at compilation start. Null members mean the compilation
/// does not reference that API; <see cref="Create"/> returns null when it references neither metrics library.
/// </summary>
internal sealed class MetricsTypes
{
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
        CounterAttribute = compilation.GetTypeByMetadataName("Microsoft.Extensions.Diagnostics.Metrics.CounterAttribute");
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

    /// <summary>True for types whose values are unique per event, which makes a label unbounded.</summary>
    public bool IsHighCardinality(ITypeSymbol? type) =>
        Is(type, Guid) || Is(type, DateTime) || Is(type, DateTimeOffset);
}
