using Microsoft.CodeAnalysis;
using SignalContract.Analyzers.Contract;

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
        MeterOptions = compilation.GetTypeByMetadataName("System.Diagnostics.Metrics.MeterOptions");
        MeterFactory = compilation.GetTypeByMetadataName("System.Diagnostics.Metrics.IMeterFactory");
        MeterFactoryExtensions = compilation.GetTypeByMetadataName("System.Diagnostics.Metrics.MeterFactoryExtensions");
        Counter = compilation.GetTypeByMetadataName("System.Diagnostics.Metrics.Counter`1");
        UpDownCounter = compilation.GetTypeByMetadataName("System.Diagnostics.Metrics.UpDownCounter`1");
        Histogram = compilation.GetTypeByMetadataName("System.Diagnostics.Metrics.Histogram`1");
        Gauge = compilation.GetTypeByMetadataName("System.Diagnostics.Metrics.Gauge`1");
        Measurement = compilation.GetTypeByMetadataName("System.Diagnostics.Metrics.Measurement`1");
        TagList = compilation.GetTypeByMetadataName("System.Diagnostics.TagList");
        KeyValuePair = compilation.GetTypeByMetadataName("System.Collections.Generic.KeyValuePair`2");
        KeyValuePairStatic = compilation.GetTypeByMetadataName("System.Collections.Generic.KeyValuePair");
        Guid = compilation.GetTypeByMetadataName("System.Guid");
        DateTime = compilation.GetTypeByMetadataName("System.DateTime");
        DateTimeOffset = compilation.GetTypeByMetadataName("System.DateTimeOffset");
        PrometheusMetrics = compilation.GetTypeByMetadataName("Prometheus.Metrics");
        PrometheusMetricFactory = compilation.GetTypeByMetadataName("Prometheus.MetricFactory");
        PrometheusIMetricFactory = compilation.GetTypeByMetadataName("Prometheus.IMetricFactory");
        PrometheusCollector = compilation.GetTypeByMetadataName("Prometheus.Collector`1");
        PrometheusICollector = compilation.GetTypeByMetadataName("Prometheus.ICollector`1");
        PrometheusMetricConfiguration = compilation.GetTypeByMetadataName("Prometheus.MetricConfiguration");
        CounterAttribute = compilation.GetTypeByMetadataName("Microsoft.Extensions.Diagnostics.Metrics.CounterAttribute");
        CounterAttributeOfT = compilation.GetTypeByMetadataName("Microsoft.Extensions.Diagnostics.Metrics.CounterAttribute`1");
        HistogramAttribute = compilation.GetTypeByMetadataName("Microsoft.Extensions.Diagnostics.Metrics.HistogramAttribute");
        HistogramAttributeOfT = compilation.GetTypeByMetadataName("Microsoft.Extensions.Diagnostics.Metrics.HistogramAttribute`1");
        GaugeAttribute = compilation.GetTypeByMetadataName("Microsoft.Extensions.Diagnostics.Metrics.GaugeAttribute");
        TagNameAttribute = compilation.GetTypeByMetadataName("Microsoft.Extensions.Diagnostics.Metrics.TagNameAttribute");
    }

    public INamedTypeSymbol? Meter { get; }

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

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? wellKnown) =>
        type is not null && wellKnown is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, wellKnown);

    /// <summary>True for the types whose <c>Add</c> / <c>Record</c> record a measurement.</summary>
    public bool IsRecordingInstrument(ITypeSymbol? type) =>
        Is(type, Counter) || Is(type, UpDownCounter) || Is(type, Histogram) || Is(type, Gauge);

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
