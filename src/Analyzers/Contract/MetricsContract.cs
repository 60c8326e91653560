using System;
using System.Collections.Immutable;

namespace SignalContract.Analyzers.Contract;

internal enum InstrumentKind
{
    Counter,
    UpDownCounter,
    Histogram,
    Gauge,
    ObservableCounter,
    ObservableUpDownCounter,
    ObservableGauge,
}

internal static class InstrumentKinds
{
    /// <summary>The spelling of each kind in contract.json.</summary>
    public static readonly ImmutableArray<(string Name, InstrumentKind Kind)> ContractNames = ImmutableArray.Create(
        ("counter", InstrumentKind.Counter),
        ("updowncounter", InstrumentKind.UpDownCounter),
        ("histogram", InstrumentKind.Histogram),
        ("gauge", InstrumentKind.Gauge),
        ("observablecounter", InstrumentKind.ObservableCounter),
        ("observableupdowncounter", InstrumentKind.ObservableUpDownCounter),
        ("observablegauge", InstrumentKind.ObservableGauge));

    public static string ContractName(InstrumentKind kind)
    {
        foreach (var (name, k) in ContractNames)
        {
            if (k == kind)
            {
                return name;
            }
        }

        return kind.ToString().ToLowerInvariant();
    }
}

/// <summary>One entry of <c>metrics.instruments</c>.</summary>
internal sealed class InstrumentContract
{
    public InstrumentContract(string name, InstrumentKind? kind, string? unit, ImmutableArray<string>? labels, ImmutableArray<string> renamedFrom)
    {
        Name = name;
        Kind = kind;
        Unit = unit;
        Labels = labels;
        RenamedFrom = renamedFrom;
    }

    public string Name { get; }

    /// <summary>Null when the contract does not say.</summary>
    public InstrumentKind? Kind { get; }

    /// <summary>Null when the contract does not say.</summary>
    public string? Unit { get; }

    /// <summary>The exact label-key set of every record site; null when the contract does not say.</summary>
    public ImmutableArray<string>? Labels { get; }

    public ImmutableArray<string> RenamedFrom { get; }
}

/// <summary>The <c>metrics</c> section.</summary>
internal sealed class MetricsContract
{
    public static readonly MetricsContract Default = new(
        ImmutableArray<string>.Empty,
        MetricNameStyle.Otel,
        NamingStyle.SnakeCase,
        ImmutableArray<string>.Empty,
        requireDeclared: false,
        ImmutableArray<InstrumentContract>.Empty);

    public MetricsContract(
        ImmutableArray<string> namespaces,
        MetricNameStyle nameStyle,
        NamingStyle labelStyle,
        ImmutableArray<string> forbiddenLabels,
        bool requireDeclared,
        ImmutableArray<InstrumentContract> instruments)
    {
        Namespaces = namespaces;
        NameStyle = nameStyle;
        LabelStyle = labelStyle;
        ForbiddenLabels = forbiddenLabels;
        RequireDeclared = requireDeclared;
        Instruments = instruments;
    }

    /// <summary>Approved prefixes of meter and instrument names; empty when not enforced.</summary>
    public ImmutableArray<string> Namespaces { get; }

    public MetricNameStyle NameStyle { get; }

    public NamingStyle LabelStyle { get; }

    public ImmutableArray<string> ForbiddenLabels { get; }

    public bool RequireDeclared { get; }

    public ImmutableArray<InstrumentContract> Instruments { get; }

    public bool IsApprovedName(string name) => ContractNames.IsInsideAny(name, Namespaces);

    /// <summary>The declared instrument with exactly this name, or null.</summary>
    public InstrumentContract? FindInstrument(string name)
    {
        foreach (var instrument in Instruments)
        {
            if (string.Equals(instrument.Name, name, StringComparison.Ordinal))
            {
                return instrument;
            }
        }

        return null;
    }

    /// <summary>The instrument that lists <paramref name="oldName"/> in <c>renamedFrom</c>, or null.</summary>
    public InstrumentContract? FindRenamed(string oldName)
    {
        foreach (var instrument in Instruments)
        {
            foreach (string renamed in instrument.RenamedFrom)
            {
                if (string.Equals(renamed, oldName, StringComparison.Ordinal))
                {
                    return instrument;
                }
            }
        }

        return null;
    }

    /// <summary>The forbidden label that <paramref name="key"/> spells (by words), or null.</summary>
    public string? FindForbiddenLabel(string key) => ContractNames.FindByWords(key, ForbiddenLabels);
}
