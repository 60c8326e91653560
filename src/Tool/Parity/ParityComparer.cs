using System;
using System.Collections.Generic;
using System.Linq;
using SignalContract.Analyzers.Contract;
using SignalContract.Tool.Inventory;

namespace SignalContract.Tool.Parity;

/// <summary>
/// Compares a baseline inventory (the service being replaced, in any language) with a candidate one, signal by signal.
/// Signals are paired through the contract's name rules; a difference breaks dashboards when something a query,
/// alert or join reads is gone or reads differently: a missing metric, span or log field, another exported kind or
/// unit, another label or attribute set, a name or key spelt differently where queries use it exactly.
/// </summary>
internal sealed class ParityComparer(ContractModel? contract)
{
    private readonly List<ParityDifference> _differences = new();
    private readonly List<ParityMatch> _matches = new();
    private readonly List<string> _notes = new();

    public ParityReport Compare(SignalInventory baseline, string baselinePath, SignalInventory candidate, string candidatePath, string? contractPath)
    {
        CompareSection("metric", baseline.Metrics, candidate.Metrics, CompareMetrics);
        CompareSection("span", baseline.Spans, candidate.Spans, CompareSpans);
        CompareSection("log", baseline.Logs, candidate.Logs, CompareLogs);
        return new ParityReport
        {
            Baseline = Side(baseline, baselinePath),
            Candidate = Side(candidate, candidatePath),
            Contract = contractPath,
            Breaking = _differences.Count(d => d.IsBreaking),
            Compatible = _differences.Count(d => !d.IsBreaking),
            Differences = _differences,
            Matches = _matches,
            Notes = _notes,
        };
    }

    private static ParitySide Side(SignalInventory inventory, string path) => new()
    {
        Inventory = path,
        Service = inventory.Service,
        Language = inventory.Producer.Language,
        Metrics = inventory.Metrics?.Count,
        Spans = inventory.Spans?.Count,
        Logs = inventory.Logs?.Count,
    };

    private void CompareSection<T>(string signal, IReadOnlyList<T>? baseline, IReadOnlyList<T>? candidate, Action<IReadOnlyList<T>, IReadOnlyList<T>> compare)
    {
        if (baseline is null || candidate is null)
        {
            string which = baseline is null && candidate is null
                ? $"neither inventory extracts them (their \"{Section(signal)}\" are null)"
                : $"the {(baseline is null ? "baseline" : "candidate")} inventory does not extract them (its \"{Section(signal)}\" is null)";
            _notes.Add($"{Plural(signal)} not compared: {which}.");
            return;
        }

        compare(baseline, candidate);
    }

    private static string Plural(string signal) => signal switch
    {
        "metric" => "Metrics",
        "span" => "Spans",
        _ => "Log events",
    };

    private static string Section(string signal) => signal == "log" ? "logs" : signal + "s";

    // ---- metrics

    private void CompareMetrics(IReadOnlyList<MetricSignal> baseline, IReadOnlyList<MetricSignal> candidate)
    {
        var unmatched = candidate.ToList();
        foreach (var metric in baseline)
        {
            var (match, how) = FindMetric(metric, unmatched);
            if (match is null)
            {
                Add("metric", metric.Name, null, "missing", true, $"missing: no candidate metric is exported as `{metric.PrometheusName}` or matches it through the contract; dashboards and alerts that read it go blank");
                continue;
            }

            unmatched.Remove(match);
            _matches.Add(new ParityMatch { Signal = "metric", BaselineName = metric.Name, CandidateName = match.Name, MatchedBy = how });
            CompareMetric(metric, match, how);
        }

        foreach (var extra in unmatched)
        {
            if (Instrument(extra) is { Renamed: true } former)
            {
                Add("metric", null, extra.Name, "added", false, $"also emitted under `{extra.Name}`, a name the contract renamed to `{former.Name}`: its series are split between two names until the code is renamed");
                continue;
            }

            Add("metric", null, extra.Name, "added", false, $"only in the candidate{Exported(extra)}: a new series, nothing reads it yet");
        }
    }

    private static string Exported(MetricSignal metric) =>
        metric.PrometheusName == metric.Name ? string.Empty : $", exported to Prometheus as `{metric.PrometheusName}`";

    /// <summary>
    /// The candidate metric that is the same instrument: the same name, the same contract instrument (declared, or
    /// renamed to it), the same exported Prometheus name, or failing those the same words (a rename the report flags).
    /// </summary>
    private (MetricSignal? Match, string How) FindMetric(MetricSignal metric, List<MetricSignal> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.Name == metric.Name && candidate.NameStyle == metric.NameStyle)
            {
                return (candidate, "same name");
            }
        }

        // The instrument under its current name first: a candidate may also still emit it under a former one.
        if (Instrument(metric) is { } instrument)
        {
            foreach (bool allowRename in new[] { false, true })
            {
                foreach (var candidate in candidates)
                {
                    if (Instrument(candidate) is { } other && other.Name == instrument.Name && (allowRename || !(instrument.Renamed || other.Renamed)))
                    {
                        return (candidate, instrument.Renamed || other.Renamed ? "contract rename" : "contract instrument");
                    }
                }
            }
        }

        foreach (var candidate in candidates)
        {
            if (candidate.PrometheusName == metric.PrometheusName)
            {
                return (candidate, "Prometheus translation");
            }
        }

        foreach (var candidate in candidates)
        {
            if (NameWords.SameWords(WithoutSuffixes(candidate), WithoutSuffixes(metric)))
            {
                return (candidate, "same words");
            }
        }

        return (null, string.Empty);
    }

    /// <summary>
    /// The contract instrument a metric is, by the contract passed to parity (its names, Prometheus translations and
    /// renames), else by what the producer recorded; null when neither knows it.
    /// </summary>
    private (string Name, bool Renamed)? Instrument(MetricSignal metric)
    {
        if (contract is not null)
        {
            var metrics = contract.Metrics;
            bool prometheus = metric.NameStyle == "prometheus";
            if ((prometheus ? metrics.FindInstrumentByPrometheusName(metric.Name) : metrics.FindInstrument(metric.Name)) is { } declared)
            {
                return (declared.Name, false);
            }

            if ((prometheus ? metrics.FindRenamedByPrometheusName(metric.Name) : metrics.FindRenamed(metric.Name)) is { } renamed)
            {
                return (renamed.Name, true);
            }

            return null;
        }

        return metric.DeclaredAs is { } name ? (name, false) : metric.RenamedTo is { } renamedTo ? (renamedTo, true) : null;
    }

    /// <summary>The exported name without the <c>_total</c> a counter gets, for matching by words.</summary>
    private static string WithoutSuffixes(MetricSignal metric)
    {
        string name = metric.NameStyle == "prometheus" ? metric.Name : PrometheusNames.Translate(metric.Name, kind: null, metric.Unit);
        return name.EndsWith("_total", StringComparison.Ordinal) ? name[..^"_total".Length] : name;
    }

    private void CompareMetric(MetricSignal baseline, MetricSignal candidate, string how)
    {
        if (how == "same words")
        {
            Add("metric", baseline.Name, candidate.Name, "name", true, $"name: exported as `{candidate.PrometheusName}`, not `{baseline.PrometheusName}`; queries by name find nothing");
        }
        else if (how == "contract rename")
        {
            Add("metric", baseline.Name, candidate.Name, "name", false, "name: a rename the contract declares (renamedFrom); move dashboards to the new name");
        }

        string baselineType = ExportedType(baseline.Kind);
        string candidateType = ExportedType(candidate.Kind);
        if (baselineType != candidateType)
        {
            Add("metric", baseline.Name, candidate.Name, "kind", true, $"kind: {candidate.Kind} (a Prometheus {candidateType}), not {baseline.Kind} (a {baselineType}); rate(), histogram_quantile() and alerts built for one do not work on the other");
        }

        if (baseline.Unit is { } baselineUnit && candidate.Unit is { } candidateUnit && baselineUnit != candidateUnit)
        {
            Add("metric", baseline.Name, candidate.Name, "unit", true, $"unit: `{candidateUnit}`, not `{baselineUnit}`; values change scale under the same panels and thresholds");
        }

        var (missing, extra, respelt) = CompareKeys(baseline.Labels, candidate.Labels, PrometheusNames.Sanitize);
        if (missing.Count > 0 || extra.Count > 0 || respelt.Count > 0)
        {
            var parts = new List<string>();
            if (missing.Count > 0)
            {
                parts.Add($"{Keys(missing)} missing (queries that filter or group by {(missing.Count == 1 ? "it" : "them")} find nothing)");
            }

            if (extra.Count > 0)
            {
                parts.Add($"{Keys(extra)} added (every series splits by {(extra.Count == 1 ? "it" : "them")}; sums and joins on the old set change)");
            }

            foreach (var (was, now) in respelt)
            {
                parts.Add($"`{was}` spelt `{now}`");
            }

            Add("metric", baseline.Name, candidate.Name, "labels", true, "labels: " + string.Join("; ", parts));
        }
    }

    /// <summary>What a Prometheus exporter makes of a kind: counters stay counters, up-down counters and gauges are gauges.</summary>
    private static string ExportedType(string kind) => kind switch
    {
        "counter" or "observablecounter" => "counter",
        "updowncounter" or "observableupdowncounter" or "gauge" or "observablegauge" => "gauge",
        _ => kind,
    };

    // ---- spans

    private void CompareSpans(IReadOnlyList<SpanSignal> baseline, IReadOnlyList<SpanSignal> candidate)
    {
        var baselineByName = SpansByName(baseline);
        var unmatched = SpansByName(candidate);
        foreach (var (name, spans) in baselineByName)
        {
            string how = "same name";
            if (!unmatched.TryGetValue(name, out var match))
            {
                var byWords = unmatched.Keys.FirstOrDefault(other => NameWords.SameWords(other, name));
                if (byWords is null)
                {
                    Add("span", name, null, "missing", true, "missing: trace searches, span metrics and service maps built on this span find nothing");
                    continue;
                }

                match = unmatched[byWords];
                how = "same words";
            }

            string candidateName = match[0].Name;
            unmatched.Remove(candidateName);
            _matches.Add(new ParityMatch { Signal = "span", BaselineName = name, CandidateName = candidateName, MatchedBy = how });
            if (how == "same words")
            {
                Add("span", name, candidateName, "name", true, $"name: `{candidateName}`, not `{name}`; searches by span name find nothing");
            }

            var baselineKinds = Distinct(spans.Select(s => s.Kind));
            var candidateKinds = Distinct(match.Select(s => s.Kind));
            if (baselineKinds.Count > 0 && candidateKinds.Count > 0 && !baselineKinds.SequenceEqual(candidateKinds))
            {
                Add("span", name, candidateName, "kind", true, $"kind: {string.Join(", ", candidateKinds)}, not {string.Join(", ", baselineKinds)}; service maps draw their edges from client and server spans");
            }

            var baselineSources = Distinct(spans.Select(s => s.Source));
            var candidateSources = Distinct(match.Select(s => s.Source));
            if (baselineSources.Count > 0 && candidateSources.Count > 0 && !baselineSources.SequenceEqual(candidateSources))
            {
                Add("span", name, candidateName, "source", false, $"source: `{string.Join("`, `", candidateSources)}`, not `{string.Join("`, `", baselineSources)}`; only queries by instrumentation scope notice");
            }

            var (missing, extra, respelt) = CompareKeys(Distinct(spans.SelectMany(s => s.Attributes)), Distinct(match.SelectMany(s => s.Attributes)), key => key);
            if (missing.Count > 0 || respelt.Count > 0)
            {
                var parts = missing.Select(k => $"`{k}` missing").Concat(respelt.Select(r => $"`{r.Was}` spelt `{r.Now}`"));
                Add("span", name, candidateName, "attributes", true, $"attributes: {string.Join("; ", parts)}; trace queries and span metrics keyed on {(missing.Count + respelt.Count == 1 ? "it" : "them")} find nothing");
            }

            if (extra.Count > 0)
            {
                Add("span", name, candidateName, "attributes", false, $"attributes: {Keys(extra)} added");
            }
        }

        foreach (var (name, _) in unmatched)
        {
            Add("span", null, name, "added", false, "only in the candidate: a new span");
        }
    }

    private static Dictionary<string, List<SpanSignal>> SpansByName(IReadOnlyList<SpanSignal> spans)
    {
        var byName = new Dictionary<string, List<SpanSignal>>(StringComparer.Ordinal);
        foreach (var span in spans)
        {
            if (!byName.TryGetValue(span.Name, out var list))
            {
                byName.Add(span.Name, list = new List<SpanSignal>());
            }

            list.Add(span);
        }

        return byName;
    }

    // ---- logs

    private void CompareLogs(IReadOnlyList<LogEvent> baseline, IReadOnlyList<LogEvent> candidate)
    {
        var (missing, extra, respelt) = CompareKeys(Distinct(baseline.SelectMany(e => e.Fields)), Distinct(candidate.SelectMany(e => e.Fields)), key => key);
        foreach (string field in missing)
        {
            Add("log", field, null, "fields", true, $"log field `{field}` missing from every candidate event; log queries and dashboards that filter on it find nothing");
        }

        foreach (var (was, now) in respelt)
        {
            Add("log", was, now, "fields", true, $"log field `{was}` spelt `{now}`; log queries use the exact key");
        }

        foreach (string field in extra)
        {
            Add("log", null, field, "fields", false, $"log field `{field}` only in the candidate");
        }

        var unmatched = candidate.ToList();
        foreach (var logEvent in baseline)
        {
            var (match, how) = FindEvent(logEvent, unmatched);
            string name = EventName(logEvent);
            if (match is null)
            {
                Add("log", name, null, "missing", false, "no candidate event has this event name or template; messages are often reworded in a rewrite, so only its fields (above) are held to parity");
                continue;
            }

            unmatched.Remove(match);
            _matches.Add(new ParityMatch { Signal = "log", BaselineName = name, CandidateName = EventName(match), MatchedBy = how });
            if (logEvent.Level is { } baselineLevel && match.Level is { } candidateLevel && baselineLevel != candidateLevel)
            {
                Add("log", name, EventName(match), "level", true, $"level: {candidateLevel}, not {baselineLevel}; alerts and filters on level see it differently");
            }

            var (eventMissing, _, _) = CompareKeys(logEvent.Fields, match.Fields, key => key);
            if (eventMissing.Count > 0)
            {
                Add("log", name, EventName(match), "fields", true, $"fields: {Keys(eventMissing)} missing on this event");
            }
        }

        if (contract is { } model && model.Logs.RequiredFields.Length > 0)
        {
            foreach (var logEvent in unmatched)
            {
                if (LevelRank(logEvent.Level) < (int)model.Logs.MinimumLevel)
                {
                    continue;
                }

                var lacking = model.Logs.RequiredFields.Where(required => !logEvent.Fields.Any(field => NameWords.SameWords(field, required))).ToList();
                if (lacking.Count > 0)
                {
                    Add("log", null, EventName(logEvent), "required-field", true, $"a new event without the contract's required {Keys(lacking)}: it cannot be correlated");
                }
            }
        }
    }

    private static (LogEvent? Match, string How) FindEvent(LogEvent logEvent, List<LogEvent> candidates)
    {
        if (logEvent.Event is { } eventName && candidates.FirstOrDefault(c => c.Event is { } other && NameWords.SameWords(other, eventName)) is { } byName)
        {
            return (byName, "event name");
        }

        if (logEvent.Template is { } template && candidates.FirstOrDefault(c => c.Template is { } other && NormalizeTemplate(other) == NormalizeTemplate(template)) is { } byTemplate)
        {
            return (byTemplate, "template");
        }

        return (null, string.Empty);
    }

    /// <summary>A template with each placeholder reduced to its words: <c>{OrderId}</c> and <c>{order_id}</c> read alike.</summary>
    private static string NormalizeTemplate(string template) =>
        System.Text.RegularExpressions.Regex.Replace(template.Trim(), @"\{@?([^{}:,]+)[^{}]*\}", m => "{" + NameWords.Key(m.Groups[1].Value) + "}");

    private static string EventName(LogEvent logEvent) => logEvent.Event ?? logEvent.Template ?? "(template not constant)";

    /// <summary>The level's place in Microsoft.Extensions.Logging's order; an unknown level counts as at every minimum.</summary>
    private static int LevelRank(string? level) => level is null ? int.MaxValue : InventoryFile.LogLevels.ToList().IndexOf(level);

    // ---- shared

    /// <summary>
    /// Keys compared by words (the contract's field-name rule): missing and added ones, and pairs with the same words
    /// whose exported spelling (<paramref name="exported"/>) differs, which exact-match queries notice.
    /// </summary>
    private static (List<string> Missing, List<string> Extra, List<(string Was, string Now)> Respelt) CompareKeys(
        IReadOnlyList<string> baseline, IReadOnlyList<string> candidate, Func<string, string> exported)
    {
        var missing = new List<string>();
        var respelt = new List<(string, string)>();
        foreach (string key in baseline)
        {
            string? same = candidate.FirstOrDefault(other => NameWords.SameWords(other, key));
            if (same is null)
            {
                missing.Add(key);
            }
            else if (exported(same) != exported(key))
            {
                respelt.Add((key, same));
            }
        }

        var extra = candidate.Where(key => !baseline.Any(other => NameWords.SameWords(other, key))).ToList();
        return (missing, extra, respelt);
    }

    private static List<string> Distinct(IEnumerable<string?> values) =>
        values.Where(v => v is not null).Select(v => v!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static string Keys(IReadOnlyList<string> keys) => string.Join(", ", keys.Select(k => $"`{k}`"));

    private void Add(string signal, string? baselineName, string? candidateName, string change, bool breaking, string detail) =>
        _differences.Add(new ParityDifference { Signal = signal, BaselineName = baselineName, CandidateName = candidateName, Change = change, IsBreaking = breaking, Detail = detail });
}
