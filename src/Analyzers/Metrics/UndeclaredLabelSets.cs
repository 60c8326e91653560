using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;

namespace SignalContract.Analyzers.Metrics;

/// <summary>A record site of an instrument the contract does not declare, with what OBS1006 compares.</summary>
internal sealed class UndeclaredSite
{
    public UndeclaredSite(string name, MeterOfInstrument meter, string creationSite, string keys, Location location)
    {
        Name = name;
        Meter = meter;
        CreationSite = creationSite;
        Keys = keys;
        Location = location;
    }

    public string Name { get; }

    public MeterOfInstrument Meter { get; }

    /// <summary>Where the instrument is created, as text: tells instruments apart whose meter name is not known.</summary>
    public string CreationSite { get; }

    /// <summary>The label keys as a canonical, order-free text: sorted word keys joined by ','.</summary>
    public string Keys { get; }

    public Location Location { get; }
}

/// <summary>
/// OBS1006: the record sites of one undeclared instrument should use one label set. An instrument is its meter and its
/// name, as OpenTelemetry identifies it; where the meter's name is not a constant, only record sites of the same
/// creation are compared.
/// </summary>
internal static class UndeclaredLabelSets
{
    public static UndeclaredSite Site(InstrumentCreation creation, ImmutableArray<LabelUse> labels, Location location, MetricsTypes types)
    {
        var site = creation.Site;
        string creationSite = site.SyntaxTree.FilePath + "@" + site.SpanStart.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new UndeclaredSite(creation.Name.Value!, creation.ReadMeter(types), creationSite, Keys(labels), location);
    }

    public static void Compare(List<UndeclaredSite> sites, InstrumentLinks links, ref List<Diagnostic>? findings)
    {
        var instruments = new Dictionary<string, List<UndeclaredSite>>(StringComparer.Ordinal);
        foreach (var site in sites)
        {
            string instrument = links.MeterName(site.Meter) is { } meter ? "meter " + meter + "\n" + site.Name : "created at " + site.CreationSite;
            if (!instruments.TryGetValue(instrument, out var group))
            {
                instruments.Add(instrument, group = new List<UndeclaredSite>());
            }

            group.Add(site);
        }

        foreach (var group in instruments.Values)
        {
            if (group.Count < 2)
            {
                continue;
            }

            // Sorted, so the reference label set does not depend on analysis order: the commonest, first seen on a tie.
            group.Sort(static (a, b) =>
            {
                int byFile = string.CompareOrdinal(a.Location.SourceTree?.FilePath, b.Location.SourceTree?.FilePath);
                return byFile != 0 ? byFile : a.Location.SourceSpan.Start.CompareTo(b.Location.SourceSpan.Start);
            });
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var site in group)
            {
                counts.TryGetValue(site.Keys, out int count);
                counts[site.Keys] = count + 1;
            }

            if (counts.Count < 2)
            {
                continue;
            }

            string reference = group[0].Keys;
            foreach (var site in group)
            {
                if (counts[site.Keys] > counts[reference])
                {
                    reference = site.Keys;
                }
            }

            foreach (var site in group)
            {
                if (!string.Equals(site.Keys, reference, StringComparison.Ordinal))
                {
                    (findings ??= new List<Diagnostic>()).Add(Diagnostic.Create(Descriptors.MetricLabelSetUnstable, site.Location, site.Name, Describe(site.Keys), Describe(reference)));
                }
            }
        }
    }

    private static string Keys(ImmutableArray<LabelUse> labels)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            keys.Add(NameWords.Key(label.Key.Value!));
        }

        return string.Join(",", keys);
    }

    private static string Describe(string keys) => keys.Length == 0 ? "no labels" : "[" + keys.Replace(",", ", ") + "]";
}
