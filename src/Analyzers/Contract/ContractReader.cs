using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis.Text;
using SignalContract.Analyzers.Contract.Json;

namespace SignalContract.Analyzers.Contract;

/// <summary>
/// Turns contract.json text into a <see cref="ContractModel"/>, collecting every problem with its span.
/// A key with a problem falls back to its default; a model with any OBS0002 problem is marked invalid.
/// </summary>
internal sealed class ContractReader
{
    private readonly List<ContractProblem> _problems = new();

    /// <summary>The keys of each instrument read, for the contradiction check once the whole file is read.</summary>
    private readonly List<Dictionary<string, JsonProperty>> _instrumentKeys = new();

    private ContractReader()
    {
    }

    public static ContractModel Read(string text)
    {
        var parsed = JsonParser.Parse(text);
        if (parsed.Root is null)
        {
            var problem = new ContractProblem(ContractProblemKind.Invalid, "JSON syntax error: " + parsed.Error, parsed.ErrorSpan);
            return Invalid(problem);
        }

        return new ContractReader().ReadRoot(parsed.Root);
    }

    private static ContractModel Invalid(ContractProblem problem) => new(
        ContractModel.SupportedVersion,
        service: null,
        MetricsContract.Default,
        LogsContract.Default,
        TracesContract.Default,
        PiiContract.Default,
        ImmutableArray.Create(problem));

    private ContractModel ReadRoot(JsonValue root)
    {
        if (root is not JsonObject rootObject)
        {
            Invalid(root, $"The contract must be a JSON object, but is {root.Description}.");
            return Finish(ContractModel.SupportedVersion, null, null, null, null, null);
        }

        var keys = Keys(rootObject, "the contract", ContractKeys.Root);
        int version = ReadVersion(rootObject, keys);
        ReadString(keys, "$schema", "$schema");
        string? service = ReadString(keys, "service", "service");
        var metrics = Section(keys, "metrics", ContractKeys.Metrics, ReadMetrics);
        var logs = Section(keys, "logs", ContractKeys.Logs, ReadLogs);
        var traces = Section(keys, "traces", ContractKeys.Traces, ReadTraces);
        var pii = Section(keys, "pii", ContractKeys.Pii, ReadPii);
        return Finish(version, service, metrics, logs, traces, pii);
    }

    private ContractModel Finish(int version, string? service, MetricsContract? metrics, LogsContract? logs, TracesContract? traces, PiiContract? pii)
    {
        // Only a valid contract is checked against itself: values read from a broken one would echo its errors.
        if (metrics is not null && !_problems.Any(p => p.Kind == ContractProblemKind.Invalid))
        {
            ReportContradictions(metrics);
        }

        var problems = _problems.OrderBy(p => p.Span.Start).ToImmutableArray();
        return new ContractModel(
            version,
            service,
            metrics ?? MetricsContract.Default,
            logs ?? LogsContract.Default,
            traces ?? TracesContract.Default,
            pii ?? PiiContract.Default,
            problems);
    }

    private int ReadVersion(JsonObject root, Dictionary<string, JsonProperty> keys)
    {
        if (!keys.TryGetValue("version", out var property))
        {
            Invalid(new TextSpan(root.Span.Start, 1), $"The contract has no \"version\"; add \"version\": {ContractModel.SupportedVersion}.");
            return ContractModel.SupportedVersion;
        }

        if (property.Value is JsonNumber number && number.TryGetInt32(out int version))
        {
            if (version != ContractModel.SupportedVersion)
            {
                Invalid(number, $"Contract version {version} is not supported; this analyzer reads version {ContractModel.SupportedVersion}.");
            }

            return version;
        }

        Invalid(property.Value, $"\"version\" must be the integer {ContractModel.SupportedVersion}, but is {Describe(property.Value)}.");
        return ContractModel.SupportedVersion;
    }

    private T? Section<T>(Dictionary<string, JsonProperty> keys, string name, ImmutableArray<string> known, Func<Dictionary<string, JsonProperty>, T> read)
        where T : class
    {
        if (!keys.TryGetValue(name, out var property))
        {
            return null;
        }

        if (property.Value is not JsonObject section)
        {
            Invalid(property.Value, $"\"{name}\" must be an object, but is {Describe(property.Value)}.");
            return null;
        }

        return read(Keys(section, $"\"{name}\"", known));
    }

    private MetricsContract ReadMetrics(Dictionary<string, JsonProperty> keys)
    {
        var defaults = MetricsContract.Default;
        var instruments = ImmutableArray.CreateBuilder<InstrumentContract>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, path) in Items(keys, "instruments", "metrics.instruments"))
        {
            if (item is not JsonObject instrumentObject)
            {
                Invalid(item, $"\"{path}\" must be an object, but is {Describe(item)}.");
                continue;
            }

            var instrumentKeys = Keys(instrumentObject, $"\"{path}\"", ContractKeys.Instrument);
            string? name = ReadRequiredName(instrumentObject, instrumentKeys, path);
            var kind = ReadEnum(instrumentKeys, "kind", path + ".kind", InstrumentKinds.ContractNames);
            string? unit = ReadString(instrumentKeys, "unit", path + ".unit");
            var labels = instrumentKeys.ContainsKey("labels") ? ReadNames(instrumentKeys, "labels", path + ".labels") : (ImmutableArray<string>?)null;
            var renamedFrom = ReadNames(instrumentKeys, "renamedFrom", path + ".renamedFrom");
            if (name is null)
            {
                continue;
            }

            if (!seen.Add(name))
            {
                Invalid(instrumentKeys["name"].Value, $"Instrument \"{name}\" is declared more than once.");
                continue;
            }

            instruments.Add(new InstrumentContract(name, kind, unit, labels, renamedFrom));
            _instrumentKeys.Add(instrumentKeys);
        }

        return new MetricsContract(
            ReadNames(keys, "namespaces", "metrics.namespaces"),
            ReadEnum(keys, "nameStyle", "metrics.nameStyle", MetricNameStyles) ?? defaults.NameStyle,
            ReadEnum(keys, "labelStyle", "metrics.labelStyle", NamingStyles.ContractNames) ?? defaults.LabelStyle,
            ReadNames(keys, "forbiddenLabels", "metrics.forbiddenLabels"),
            ReadBoolean(keys, "requireDeclared", "metrics.requireDeclared") ?? defaults.RequireDeclared,
            instruments.ToImmutable());
    }

    /// <summary>
    /// OBS0005: what the metrics section declares against what it rules out. Code cannot satisfy both sides: a record
    /// site of a declared label that is forbidden gets OBS1005 without the label and OBS1007 with it.
    /// </summary>
    private void ReportContradictions(MetricsContract metrics)
    {
        foreach (var keys in _instrumentKeys)
        {
            var name = (JsonString)keys["name"].Value;
            if (!metrics.IsApprovedName(name.Value))
            {
                Contradiction(name, $"Instrument \"{name.Value}\" is outside every namespace in metrics.namespaces ({string.Join(", ", metrics.Namespaces)}); rename it into one, or add its namespace.");
            }

            foreach (var label in DeclaredStrings(keys, "labels"))
            {
                if (metrics.FindForbiddenLabel(label.Value) is { } forbidden)
                {
                    string spelled = forbidden == label.Value ? string.Empty : $" (as \"{forbidden}\")";
                    Contradiction(label, $"Instrument \"{name.Value}\" declares label \"{label.Value}\", which metrics.forbiddenLabels forbids{spelled}; no record site can satisfy both.");
                }
            }

            foreach (var renamed in DeclaredStrings(keys, "renamedFrom"))
            {
                if (metrics.FindInstrument(renamed.Value) is not null)
                {
                    Contradiction(renamed, $"Instrument \"{name.Value}\" was renamed from \"{renamed.Value}\", which is still declared as an instrument; code that uses the old name is never told to rename it.");
                }
            }
        }
    }

    /// <summary>The strings of an array the reader has already checked; what it reported as invalid is skipped here.</summary>
    private static IEnumerable<JsonString> DeclaredStrings(Dictionary<string, JsonProperty> keys, string key)
    {
        if (keys.TryGetValue(key, out var property) && property.Value is JsonArray array)
        {
            foreach (var item in array.Items)
            {
                if (item is JsonString { Value.Length: > 0 } text)
                {
                    yield return text;
                }
            }
        }
    }

    private LogsContract ReadLogs(Dictionary<string, JsonProperty> keys)
    {
        var defaults = LogsContract.Default;
        return new LogsContract(
            ReadNames(keys, "requiredFields", "logs.requiredFields"),
            ReadEnum(keys, "fieldStyle", "logs.fieldStyle", NamingStyles.ContractNames) ?? defaults.FieldStyle,
            ReadNames(keys, "fields", "logs.fields"),
            ReadEnum(keys, "minimumLevel", "logs.minimumLevel", LogLevels) ?? defaults.MinimumLevel,
            ReadNames(keys, "scopeProviders", "logs.scopeProviders"),
            ReadNames(keys, "ambientIn", "logs.ambientIn"));
    }

    private TracesContract ReadTraces(Dictionary<string, JsonProperty> keys)
    {
        var defaults = TracesContract.Default;
        var spans = ImmutableArray.CreateBuilder<SpanContract>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, path) in Items(keys, "spans", "traces.spans"))
        {
            if (item is not JsonObject spanObject)
            {
                Invalid(item, $"\"{path}\" must be an object, but is {Describe(item)}.");
                continue;
            }

            var spanKeys = Keys(spanObject, $"\"{path}\"", ContractKeys.Span);
            string? name = ReadRequiredName(spanObject, spanKeys, path);
            var attributes = spanKeys.ContainsKey("attributes") ? ReadNames(spanKeys, "attributes", path + ".attributes") : (ImmutableArray<string>?)null;
            if (name is null)
            {
                continue;
            }

            if (!seen.Add(name))
            {
                Invalid(spanKeys["name"].Value, $"Span \"{name}\" is declared more than once.");
                continue;
            }

            spans.Add(new SpanContract(name, attributes));
        }

        return new TracesContract(
            ReadNames(keys, "sources", "traces.sources"),
            spans.ToImmutable(),
            ReadBoolean(keys, "requireDeclared", "traces.requireDeclared") ?? defaults.RequireDeclared,
            ReadBoolean(keys, "recordErrors", "traces.recordErrors") ?? defaults.RecordErrors);
    }

    private PiiContract ReadPii(Dictionary<string, JsonProperty> keys)
    {
        var fields = keys.ContainsKey("fields") ? ReadNames(keys, "fields", "pii.fields") : PiiContract.BuiltInFields;
        return new PiiContract(fields, ReadNames(keys, "allow", "pii.allow"), ReadString(keys, "redactor", "pii.redactor"));
    }

    private static readonly ImmutableArray<(string Name, MetricNameStyle Value)> MetricNameStyles = ImmutableArray.Create(
        ("otel", MetricNameStyle.Otel),
        ("prometheus", MetricNameStyle.Prometheus));

    private static readonly ImmutableArray<(string Name, LogLevelThreshold Value)> LogLevels = ImmutableArray.Create(
        ("Trace", LogLevelThreshold.Trace),
        ("Debug", LogLevelThreshold.Debug),
        ("Information", LogLevelThreshold.Information),
        ("Warning", LogLevelThreshold.Warning),
        ("Error", LogLevelThreshold.Error),
        ("Critical", LogLevelThreshold.Critical));

    /// <summary>The object's properties by name; reports duplicate and unknown keys on the way.</summary>
    private Dictionary<string, JsonProperty> Keys(JsonObject obj, string where, ImmutableArray<string> known)
    {
        var keys = new Dictionary<string, JsonProperty>(StringComparer.Ordinal);
        foreach (var property in obj.Properties)
        {
            if (property.Name == ContractKeys.Comment)
            {
                if (property.Value is not JsonString)
                {
                    Invalid(property.Value, $"\"$comment\" must be a string, but is {Describe(property.Value)}.");
                }

                continue;
            }

            if (keys.ContainsKey(property.Name))
            {
                Invalid(property.NameSpan, $"Duplicate key \"{property.Name}\" in {where}; JSON readers disagree on which one wins.");
                continue;
            }

            if (!known.Contains(property.Name))
            {
                string? suggestion = Suggest(property.Name, known);
                string hint = suggestion is null
                    ? $"known keys are {string.Join(", ", known.Select(k => "\"" + k + "\""))}"
                    : $"did you mean \"{suggestion}\"?";
                // Renaming to a key the object already has would only trade this warning for a duplicate-key error.
                string? rename = suggestion is not null && !obj.Properties.Any(p => p.Name == suggestion) ? suggestion : null;
                _problems.Add(new ContractProblem(ContractProblemKind.UnknownKey, $"Unknown key \"{property.Name}\" in {where}; {hint}", property.NameSpan, rename));
                continue;
            }

            keys.Add(property.Name, property);
        }

        return keys;
    }

    private IEnumerable<(JsonValue Item, string Path)> Items(Dictionary<string, JsonProperty> keys, string key, string path)
    {
        if (!keys.TryGetValue(key, out var property))
        {
            yield break;
        }

        if (property.Value is not JsonArray array)
        {
            Invalid(property.Value, $"\"{path}\" must be an array, but is {Describe(property.Value)}.");
            yield break;
        }

        for (int i = 0; i < array.Items.Length; i++)
        {
            yield return (array.Items[i], $"{path}[{i}]");
        }
    }

    /// <summary>An array of non-empty, distinct strings; the valid entries are kept.</summary>
    private ImmutableArray<string> ReadNames(Dictionary<string, JsonProperty> keys, string key, string path)
    {
        var names = ImmutableArray.CreateBuilder<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, itemPath) in Items(keys, key, path))
        {
            if (item is not JsonString text || text.Value.Length == 0)
            {
                Invalid(item, $"\"{itemPath}\" must be a non-empty string, but is {Describe(item)}.");
                continue;
            }

            if (!seen.Add(text.Value))
            {
                Invalid(item, $"\"{text.Value}\" is listed more than once in \"{path}\".");
                continue;
            }

            names.Add(text.Value);
        }

        return names.ToImmutable();
    }

    private string? ReadRequiredName(JsonObject obj, Dictionary<string, JsonProperty> keys, string path)
    {
        if (!keys.ContainsKey("name"))
        {
            Invalid(new TextSpan(obj.Span.Start, 1), $"\"{path}\" has no \"name\".");
            return null;
        }

        return ReadString(keys, "name", path + ".name");
    }

    private string? ReadString(Dictionary<string, JsonProperty> keys, string key, string path)
    {
        if (!keys.TryGetValue(key, out var property))
        {
            return null;
        }

        if (property.Value is JsonString text)
        {
            if (text.Value.Length == 0 && key != "$schema")
            {
                Invalid(property.Value, $"\"{path}\" must not be empty; leave the key out to use the default.");
                return null;
            }

            return text.Value;
        }

        Invalid(property.Value, $"\"{path}\" must be a string, but is {Describe(property.Value)}.");
        return null;
    }

    private bool? ReadBoolean(Dictionary<string, JsonProperty> keys, string key, string path)
    {
        if (!keys.TryGetValue(key, out var property))
        {
            return null;
        }

        if (property.Value is JsonBoolean boolean)
        {
            return boolean.Value;
        }

        Invalid(property.Value, $"\"{path}\" must be true or false, but is {Describe(property.Value)}.");
        return null;
    }

    private TEnum? ReadEnum<TEnum>(Dictionary<string, JsonProperty> keys, string key, string path, ImmutableArray<(string Name, TEnum Value)> values)
        where TEnum : struct
    {
        if (!keys.TryGetValue(key, out var property))
        {
            return null;
        }

        if (property.Value is JsonString text)
        {
            foreach (var (name, value) in values)
            {
                if (string.Equals(name, text.Value, StringComparison.Ordinal))
                {
                    return value;
                }
            }
        }

        string allowed = string.Join(", ", values.Select(v => "\"" + v.Name + "\""));
        Invalid(property.Value, $"\"{path}\" must be one of {allowed}, but is {Describe(property.Value)}.");
        return null;
    }

    private void Invalid(JsonValue value, string message) => Invalid(value.Span, message);

    private void Contradiction(JsonValue value, string message) => _problems.Add(new ContractProblem(ContractProblemKind.Contradiction, message, value.Span));

    private void Invalid(TextSpan span, string message) => _problems.Add(new ContractProblem(ContractProblemKind.Invalid, message, span));

    /// <summary>Names the value in a message: strings and short literals are quoted, containers by their type.</summary>
    private static string Describe(JsonValue value) => value switch
    {
        JsonString s => s.Value.Length <= 40 ? $"the string \"{s.Value}\"" : "a string",
        JsonNumber n => $"the number {n.Text}",
        JsonBoolean b => b.Value ? "true" : "false",
        _ => value.Description,
    };

    /// <summary>The known key closest to a misspelt one: same letters ignoring case and separators, or at most two edits away.</summary>
    private static string? Suggest(string unknown, ImmutableArray<string> known)
    {
        string? best = null;
        int bestDistance = 3;
        foreach (string candidate in known)
        {
            if (NameWords.SameWords(unknown, candidate) || string.Equals(unknown, candidate, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }

            int distance = EditDistance(unknown.ToLowerInvariant(), candidate.ToLowerInvariant(), bestDistance);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>Optimal string alignment distance (a swap of neighbours counts as one edit), capped at <paramref name="cap"/>.</summary>
    private static int EditDistance(string a, string b, int cap)
    {
        if (Math.Abs(a.Length - b.Length) >= cap)
        {
            return cap;
        }

        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return Math.Min(previous[b.Length], cap);
    }
}
