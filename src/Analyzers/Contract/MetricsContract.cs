using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;

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

        // Every metric call site asks these questions; answer them from tables built once per contract.
        foreach (var instrument in instruments)
        {
            AddFirst(_byName, instrument.Name, instrument);
            if (IsApprovedName(instrument.Name))
            {
                string lastSegment = instrument.Name.Substring(instrument.Name.LastIndexOf('.') + 1);
                if (!_approvedByLastSegment.TryGetValue(lastSegment, out var bucket))
                {
                    _approvedByLastSegment.Add(lastSegment, bucket = new List<InstrumentContract>());
                }

                bucket.Add(instrument);
            }

            AddFirst(_byPrometheusName, PrometheusNames.Translate(instrument.Name, instrument.Kind, instrument.Unit), instrument);
            foreach (string renamed in instrument.RenamedFrom)
            {
                AddFirst(_byRenamed, renamed, instrument);
                AddFirst(_byRenamedPrometheusName, PrometheusNames.Translate(renamed, instrument.Kind, instrument.Unit), instrument);
            }
        }

        var prometheusNamespaces = ImmutableArray.CreateBuilder<string>(namespaces.Length);
        foreach (string ns in namespaces)
        {
            prometheusNamespaces.Add(PrometheusNames.Sanitize(ns));
        }

        _prometheusNamespaces = prometheusNamespaces.MoveToImmutable();
    }

    private readonly Dictionary<string, InstrumentContract> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstrumentContract> _byRenamed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstrumentContract> _byPrometheusName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstrumentContract> _byRenamedPrometheusName = new(StringComparer.Ordinal);
    private readonly ImmutableArray<string> _prometheusNamespaces;

    // Only instruments that end like the name can be suggested for it.
    private readonly Dictionary<string, List<InstrumentContract>> _approvedByLastSegment = new(StringComparer.Ordinal);

    /// <summary>Approved prefixes of meter and instrument names; empty when not enforced.</summary>
    public ImmutableArray<string> Namespaces { get; }

    public MetricNameStyle NameStyle { get; }

    public NamingStyle LabelStyle { get; }

    public ImmutableArray<string> ForbiddenLabels { get; }

    public bool RequireDeclared { get; }

    public ImmutableArray<InstrumentContract> Instruments { get; }

    public bool IsApprovedName(string name) => ContractNames.IsInsideAny(name, Namespaces);

    /// <summary>The declared instrument with exactly this name, or null.</summary>
    public InstrumentContract? FindInstrument(string name) => _byName.TryGetValue(name, out var instrument) ? instrument : null;

    /// <summary>The instrument that lists <paramref name="oldName"/> in <c>renamedFrom</c>, or null.</summary>
    public InstrumentContract? FindRenamed(string oldName) => _byRenamed.TryGetValue(oldName, out var instrument) ? instrument : null;

    /// <summary>The forbidden label that <paramref name="key"/> spells (by words), or null.</summary>
    public string? FindForbiddenLabel(string key) => ContractNames.FindByWords(key, ForbiddenLabels);
    /// <summary>
    /// The declared instrument whose OpenTelemetry-to-Prometheus translation is <paramref name="prometheusName"/>:
    /// <c>shop_checkout_orders_total</c> finds counter <c>shop.checkout.orders</c>.
    /// </summary>
    public InstrumentContract? FindInstrumentByPrometheusName(string prometheusName) =>
        _byPrometheusName.TryGetValue(prometheusName, out var instrument) ? instrument : null;

    /// <summary>
    /// The instrument a Prometheus name used to be: a <c>renamedFrom</c> entry equal to it, or one whose translation is.
    /// </summary>
    public InstrumentContract? FindRenamedByPrometheusName(string prometheusName)
    {
        return FindRenamed(prometheusName)
            ?? (_byRenamedPrometheusName.TryGetValue(prometheusName, out var instrument) ? instrument : null);
    }

    /// <summary>A Prometheus name is approved when it is inside a namespace spelled the Prometheus way (dots become underscores).</summary>
    public bool IsApprovedPrometheusName(string name)
    {
        if (Namespaces.IsEmpty)
        {
            return true;
        }

        foreach (string ns in _prometheusNamespaces)
        {
            if (ContractNames.IsInsideNamespace(name, ns))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Better names for a metric outside the namespaces: declared instruments whose last segments are the name's last
    /// segments (best match first), otherwise the name under each approved namespace; at most <paramref name="max"/>.
    /// </summary>
    public ImmutableArray<string> SuggestNames(string name, bool prometheus, int max = 3)
    {
        var result = ImmutableArray.CreateBuilder<string>();
        if (!prometheus)
        {
            var nameSegments = name.Split('.');
            var scored = new List<(int Score, string Name)>();
            if (_approvedByLastSegment.TryGetValue(nameSegments[nameSegments.Length - 1], out var candidates))
            {
                foreach (var instrument in candidates)
                {
                    scored.Add((CommonTrailingSegments(nameSegments, instrument.Name.Split('.')), instrument.Name));
                }
            }

            scored.Sort((a, b) => b.Score.CompareTo(a.Score));
            foreach (var (_, candidate) in scored)
            {
                if (result.Count < max)
                {
                    result.Add(candidate);
                }
            }
        }

        if (result.Count > 0)
        {
            return result.ToImmutable();
        }

        foreach (string ns in Namespaces)
        {
            if (result.Count == max)
            {
                break;
            }

            result.Add(prometheus ? PrometheusNames.Sanitize(ns) + "_" + name : ns + "." + name);
        }

        return result.ToImmutable();
    }

    private static void AddFirst(Dictionary<string, InstrumentContract> table, string key, InstrumentContract instrument)
    {
        if (!table.ContainsKey(key))
        {
            table.Add(key, instrument);
        }
    }

    private static int CommonTrailingSegments(string[] name, string[] candidate)
    {
        int count = 0;
        while (count < name.Length && count < candidate.Length
            && string.Equals(name[name.Length - 1 - count], candidate[candidate.Length - 1 - count], StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

/// <summary>
/// The OpenTelemetry-to-Prometheus name translation: invalid characters (dots) become underscores, the unit adds a
/// suffix (<c>s</c> gives <c>_seconds</c>; annotations like <c>{order}</c> add none), and counters end in <c>_total</c>.
/// </summary>
internal static class PrometheusNames
{
    private static readonly Dictionary<string, string> UnitWords = new(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["TiBy"] = "tibibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["TBy"] = "terabytes",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["%"] = "percent",
    };

    public static string Translate(string name, InstrumentKind? kind, string? unit)
    {
        string result = Sanitize(name);
        string suffix = UnitSuffix(unit, kind);
        if (suffix.Length > 0 && !result.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            result += "_" + suffix;
        }

        if (kind is InstrumentKind.Counter or InstrumentKind.ObservableCounter && !result.EndsWith("_total", StringComparison.Ordinal))
        {
            result += "_total";
        }

        return result;
    }

    /// <summary>Every character outside <c>[a-zA-Z0-9_:]</c> becomes '_', and runs of '_' collapse.</summary>
    public static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            bool valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':';
            char next = valid ? c : '_';
            if (next == '_' && builder.Length > 0 && builder[builder.Length - 1] == '_')
            {
                continue;
            }

            builder.Append(next);
        }

        return builder.ToString();
    }

    private static string UnitSuffix(string? unit, InstrumentKind? kind)
    {
        if (string.IsNullOrEmpty(unit))
        {
            return string.Empty;
        }

        // Annotations in braces say what is counted; they are not units and add nothing.
        var stripped = new StringBuilder(unit!.Length);
        int depth = 0;
        foreach (char c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                stripped.Append(c);
            }
        }

        string bare = stripped.ToString().Trim();
        if (bare.Length == 0)
        {
            return string.Empty;
        }

        if (bare == "1")
        {
            return kind is InstrumentKind.Gauge or InstrumentKind.ObservableGauge ? "ratio" : string.Empty;
        }

        int slash = bare.IndexOf('/');
        if (slash > 0 && slash < bare.Length - 1)
        {
            string per = Word(bare.Substring(slash + 1));
            return Word(bare.Substring(0, slash)) + "_per_" + (per.EndsWith("s", StringComparison.Ordinal) ? per.Substring(0, per.Length - 1) : per);
        }

        return Word(bare);
    }

    private static string Word(string unit) => UnitWords.TryGetValue(unit, out string? word) ? word : Sanitize(unit);
}
