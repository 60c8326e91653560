using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using SignalContract.Analyzers.Contract;

namespace SignalContract.Tool.Diff;

/// <summary>One change between two contracts, with whether it breaks and why.</summary>
internal sealed record ContractChange
{
    /// <summary>The key that changed: <c>metrics.instruments</c>, <c>traces.sources</c>, <c>logs.requiredFields</c>, ...</summary>
    public required string Key { get; init; }

    /// <summary>The instrument, span or entry the change is about; null for a setting.</summary>
    public string? Subject { get; init; }

    /// <summary>What happened, in a few words: <c>removed</c>, <c>added</c>, <c>renamed to x</c>, <c>label region added</c>, ...</summary>
    public required string Change { get; init; }

    public required bool IsBreaking { get; init; }

    /// <summary>Why it breaks, or why it does not.</summary>
    public required string Reason { get; init; }
}

/// <summary>
/// Classifies each change between two contracts. A change is breaking when something that conformed to the old contract
/// may not conform to the new one, or may stop working under it: code the analyzers now report, or a dashboard, alert
/// or query built on what conforming code emitted. Adding what nothing has to use, and renames declared with
/// <c>renamedFrom</c>, are compatible.
/// </summary>
internal sealed class ContractDiff
{
    private readonly List<ContractChange> _changes = new();

    public static IReadOnlyList<ContractChange> Compare(ContractModel old, ContractModel @new)
    {
        var diff = new ContractDiff();
        diff.CompareRoot(old, @new);
        diff.CompareMetrics(old.Metrics, @new.Metrics);
        diff.CompareTraces(old.Traces, @new.Traces);
        diff.CompareLogs(old.Logs, @new.Logs);
        diff.ComparePii(old.Pii, @new.Pii);
        return diff._changes;
    }

    private void CompareRoot(ContractModel old, ContractModel @new)
    {
        if (old.Service != @new.Service)
        {
            Compatible("service", null, $"{Quote(old.Service)} → {Quote(@new.Service)}", "informational: no rule reads it");
        }
    }

    // ---- metrics

    private void CompareMetrics(MetricsContract old, MetricsContract @new)
    {
        Names("metrics.namespaces", old.Namespaces, @new.Namespaces,
            removedReason: "metric and meter names under it are no longer approved (OBS1001), and their dashboards lose new data once code moves",
            addedReason: "more names are approved",
            enforcedReason: "namespaces were not enforced; now every metric and meter name must be inside one (OBS1001)");
        if (old.NameStyle != @new.NameStyle)
        {
            Breaking("metrics.nameStyle", null, $"{Style(old.NameStyle)} → {Style(@new.NameStyle)}", "every instrument name in the old style is now reported (OBS1002), and renaming them renames every series");
        }

        if (old.LabelStyle != @new.LabelStyle)
        {
            Breaking("metrics.labelStyle", null, $"{NamingStyles.ContractName(old.LabelStyle)} → {NamingStyles.ContractName(@new.LabelStyle)}", "label keys in the old style are now reported (OBS1002), and respelling them breaks every query that groups by them");
        }

        Entries("metrics.forbiddenLabels", old.ForbiddenLabels, @new.ForbiddenLabels, addingBreaks: true,
            added: "code that records this label is now reported (OBS1007), and dropping it merges series dashboards show apart",
            removed: "code may now record it; nothing that conformed changes");

        Flag("metrics.requireDeclared", old.RequireDeclared, @new.RequireDeclared, "every instrument code creates must now be declared (OBS1003)", "undeclared instruments are allowed again");
        CompareInstruments(old, @new);
    }

    private void CompareInstruments(MetricsContract old, MetricsContract @new)
    {
        var renamedTo = new Dictionary<string, InstrumentContract>(StringComparer.Ordinal);
        foreach (var instrument in @new.Instruments)
        {
            foreach (string former in instrument.RenamedFrom)
            {
                if (old.FindInstrument(former) is not null && @new.FindInstrument(former) is null)
                {
                    renamedTo.TryAdd(former, instrument);
                }
            }
        }

        foreach (var instrument in old.Instruments)
        {
            if (@new.FindInstrument(instrument.Name) is { } same)
            {
                CompareInstrument(instrument, same);
            }
            else if (renamedTo.TryGetValue(instrument.Name, out var successor))
            {
                Compatible("metrics.instruments", instrument.Name, $"renamed to {successor.Name}",
                    $"declared with renamedFrom: code that still uses the old name is told to rename it (OBS1009); move dashboards to `{PrometheusOf(successor)}`");
                CompareInstrument(instrument, successor);
            }
            else
            {
                Breaking("metrics.instruments", instrument.Name, "removed",
                    "no instrument lists it in renamedFrom: dashboards and alerts that read it go blank, and code that creates it is no longer matched to a declaration");
            }
        }

        foreach (var instrument in @new.Instruments)
        {
            if (old.FindInstrument(instrument.Name) is null && !renamedTo.Values.Contains(instrument))
            {
                Compatible("metrics.instruments", instrument.Name, "added", "a new declaration; no code has to use it");
            }
        }
    }

    private void CompareInstrument(InstrumentContract old, InstrumentContract @new)
    {
        const string Key = "metrics.instruments";
        string subject = @new.Name;

        // A kind or unit is part of the Prometheus name (counters end in _total, seconds in _seconds); a rename is
        // reported on its own.
        string oldPrometheus = PrometheusOf(old);
        string newPrometheus = PrometheusNames.Translate(old.Name, @new.Kind, @new.Unit);
        string renamedSeries = old.Name == @new.Name && oldPrometheus != newPrometheus
            ? $"; its Prometheus name becomes `{newPrometheus}` (was `{oldPrometheus}`), so Prometheus dashboards on the old name go blank"
            : string.Empty;
        if (old.Kind != @new.Kind)
        {
            string change = $"kind {Kind(old.Kind)} → {Kind(@new.Kind)}";
            if (@new.Kind is null)
            {
                Compatible(Key, subject, change, "the kind is no longer checked");
            }
            else
            {
                Breaking(Key, subject, change, (old.Kind is null
                    ? "the kind is now checked: code that creates another kind is reported (OBS1004)"
                    : "code must create another instrument kind (OBS1004), and rate(), quantiles and alerts built for the old kind stop working") + renamedSeries);
                renamedSeries = string.Empty;
            }
        }

        if (old.Unit != @new.Unit)
        {
            string change = $"unit {Quote(old.Unit)} → {Quote(@new.Unit)}";
            if (@new.Unit is null)
            {
                Compatible(Key, subject, change, "the unit is no longer checked");
            }
            else
            {
                Breaking(Key, subject, change, (old.Unit is null
                    ? "the unit is now checked: code that creates it with another unit is reported (OBS1004)"
                    : "values change scale under the same panels and thresholds, and code must change its unit (OBS1004)") + renamedSeries);
            }
        }

        CompareLabels(old, @new);
    }

    private void CompareLabels(InstrumentContract old, InstrumentContract @new)
    {
        const string Key = "metrics.instruments";
        if (old.Labels is not { } oldLabels)
        {
            if (@new.Labels is { } nowChecked)
            {
                Breaking(Key, @new.Name, $"labels now {List(nowChecked)}", "the label set is now checked: record sites with other labels are reported (OBS1005)");
            }

            return;
        }

        if (@new.Labels is not { } newLabels)
        {
            Compatible(Key, @new.Name, "labels no longer listed", "the label set is no longer checked");
            return;
        }

        foreach (string label in oldLabels.Where(l => ContractNames.FindByWords(l, newLabels) is null))
        {
            Breaking(Key, @new.Name, $"label {label} removed", "record sites that record it are reported (OBS1005); queries that filter or group by it find nothing once code follows");
        }

        foreach (string label in newLabels.Where(l => ContractNames.FindByWords(l, oldLabels) is null))
        {
            Breaking(Key, @new.Name, $"label {label} added", "every record site must now record it (OBS1005); every series splits by it, so sums and joins on the old set change");
        }

        foreach (string label in newLabels)
        {
            if (ContractNames.FindByWords(label, oldLabels) is { } before && before != label)
            {
                Breaking(Key, @new.Name, $"label {before} spelt {label}", "the exported label key changes: queries that name it exactly find nothing");
            }
        }
    }

    // ---- traces

    private void CompareTraces(TracesContract old, TracesContract @new)
    {
        Names("traces.sources", old.Sources, @new.Sources,
            removedReason: "ActivitySources and tracers under it are no longer approved (OBS3004); exporters and samplers that select by source name lose their spans",
            addedReason: "more source names are approved",
            enforcedReason: "sources were not enforced; now every ActivitySource and tracer name must be inside one (OBS3004)");
        Flag("traces.requireDeclared", old.RequireDeclared, @new.RequireDeclared, "every span code starts must now be declared (OBS3005)", "undeclared spans are allowed again");
        Flag("traces.recordErrors", old.RecordErrors, @new.RecordErrors, "catch blocks inside a span must now record the error on it (OBS3002)", "errors are no longer required on spans");

        foreach (var span in old.Spans)
        {
            if (@new.FindSpan(span.Name) is not { } same)
            {
                Breaking("traces.spans", span.Name, "removed", "trace searches, span metrics and service maps built on this span name lose it; the contract has no renamedFrom for spans");
                continue;
            }

            if (span.Attributes is { } oldAttributes && same.Attributes is { } newAttributes)
            {
                foreach (string attribute in oldAttributes.Where(a => ContractNames.FindByWords(a, newAttributes) is null))
                {
                    Breaking("traces.spans", span.Name, $"attribute {attribute} removed", "code that sets it is reported (OBS3006); trace queries keyed on it find nothing once code follows");
                }

                foreach (string attribute in newAttributes.Where(a => ContractNames.FindByWords(a, oldAttributes) is null))
                {
                    Compatible("traces.spans", span.Name, $"attribute {attribute} added", "one more attribute is allowed; none is required");
                }
            }
            else if (span.Attributes is null && same.Attributes is { } nowChecked)
            {
                Breaking("traces.spans", span.Name, $"attributes now {List(nowChecked)}", "attributes are now checked: code that sets others is reported (OBS3006)");
            }
            else if (span.Attributes is not null && same.Attributes is null)
            {
                Compatible("traces.spans", span.Name, "attributes no longer listed", "attributes are no longer checked");
            }
        }

        foreach (var span in @new.Spans.Where(s => old.FindSpan(s.Name) is null))
        {
            Compatible("traces.spans", span.Name, "added", "a new declaration; no code has to use it");
        }
    }

    // ---- logs

    private void CompareLogs(LogsContract old, LogsContract @new)
    {
        Entries("logs.requiredFields", old.RequiredFields, @new.RequiredFields, addingBreaks: true,
            added: "every log call at or above the minimum level must now carry it (OBS2001), and log queries that join on it miss the services that do not send it yet",
            removed: "log calls no longer have to carry it");

        if (old.FieldStyle != @new.FieldStyle)
        {
            Breaking("logs.fieldStyle", null, $"{NamingStyles.ContractName(old.FieldStyle)} → {NamingStyles.ContractName(@new.FieldStyle)}", "log field names in the old style are now reported (OBS2002), and respelling them breaks log queries");
        }

        Entries("logs.fields", old.Fields, @new.Fields, addingBreaks: true,
            added: "fields with the same words but another spelling are now reported (OBS2002)",
            removed: "its spelling is no longer checked");

        if (old.MinimumLevel != @new.MinimumLevel)
        {
            string change = $"{old.MinimumLevel} → {@new.MinimumLevel}";
            if (@new.MinimumLevel < old.MinimumLevel)
            {
                Breaking("logs.minimumLevel", null, change, "more log calls must now carry the required fields (OBS2001)");
            }
            else
            {
                Compatible("logs.minimumLevel", null, change, "fewer log calls must carry the required fields");
            }
        }

        Entries("logs.scopeProviders", old.ScopeProviders, @new.ScopeProviders, addingBreaks: false,
            added: "one more way to supply the required fields",
            removed: "log calls that got their required fields from this scope are now reported (OBS2001)");
        Entries("logs.ambientIn", old.AmbientIn, @new.AmbientIn, addingBreaks: false,
            added: "one more place counts as running in a host scope",
            removed: "code under it no longer counts as running in a host scope: its log calls must supply the required fields (OBS2001)");
    }

    // ---- pii

    private void ComparePii(PiiContract old, PiiContract @new)
    {
        Entries("pii.fields", old.Fields, @new.Fields, addingBreaks: true,
            added: "names that contain it are now personal data: code that sends them to logs, metrics or spans is reported",
            removed: "names that contain it are no longer personal data");
        Entries("pii.allow", old.Allow, @new.Allow, addingBreaks: false,
            added: "one more name is safe",
            removed: "the name is personal data again: code that sends it is reported");

        if (old.Redactor != @new.Redactor)
        {
            Compatible("pii.redactor", null, $"{Quote(old.Redactor)} → {Quote(@new.Redactor)}", "code fixes wrap values in the new method; existing code is unaffected");
        }
    }

    // ---- shared

    /// <summary>A list of names where an empty list means "not enforced" (namespaces, sources).</summary>
    private void Names(string key, ImmutableArray<string> old, ImmutableArray<string> @new, string removedReason, string addedReason, string enforcedReason)
    {
        if (old.IsEmpty && !@new.IsEmpty)
        {
            Breaking(key, null, $"now {List(@new)}", enforcedReason);
            return;
        }

        if (!old.IsEmpty && @new.IsEmpty)
        {
            Compatible(key, null, "emptied", "no longer enforced: every name is accepted");
            return;
        }

        Entries(key, old, @new, addingBreaks: false, added: addedReason, removed: removedReason);
    }

    /// <summary>A list whose entries each tighten the contract (<paramref name="addingBreaks"/>) or each loosen it.</summary>
    private void Entries(string key, ImmutableArray<string> old, ImmutableArray<string> @new, bool addingBreaks, string added, string removed)
    {
        foreach (string name in old.Where(o => !@new.Contains(o, StringComparer.Ordinal)))
        {
            Add(key, name, "removed", !addingBreaks, removed);
        }

        foreach (string name in @new.Where(n => !old.Contains(n, StringComparer.Ordinal)))
        {
            Add(key, name, "added", addingBreaks, added);
        }
    }

    private void Flag(string key, bool old, bool @new, string turnedOnReason, string turnedOffReason)
    {
        if (old == @new)
        {
            return;
        }

        if (@new)
        {
            Breaking(key, null, "false → true", turnedOnReason);
        }
        else
        {
            Compatible(key, null, "true → false", turnedOffReason);
        }
    }

    private static string PrometheusOf(InstrumentContract instrument) => PrometheusNames.Translate(instrument.Name, instrument.Kind, instrument.Unit);

    private static string Kind(InstrumentKind? kind) => kind is { } k ? InstrumentKinds.ContractName(k) : "(any)";

    private static string Style(MetricNameStyle style) => style == MetricNameStyle.Prometheus ? "prometheus" : "otel";

    private static string Quote(string? value) => value is null ? "(none)" : value;

    private static string List(ImmutableArray<string> names) => "[" + string.Join(", ", names) + "]";

    private void Breaking(string key, string? subject, string change, string reason) => Add(key, subject, change, true, reason);

    private void Compatible(string key, string? subject, string change, string reason) => Add(key, subject, change, false, reason);

    private void Add(string key, string? subject, string change, bool breaking, string reason) =>
        _changes.Add(new ContractChange { Key = key, Subject = subject, Change = change, IsBreaking = breaking, Reason = reason });
}
