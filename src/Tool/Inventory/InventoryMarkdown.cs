using System.Collections.Generic;
using System.Linq;
using System.Text;
using SignalContract.Tool.Reports;

namespace SignalContract.Tool.Inventory;

/// <summary>An inventory as a page to read: one table per signal type, then what could not be read, then coverage.</summary>
internal static class InventoryMarkdown
{
    public static string Write(SignalInventory inventory)
    {
        var builder = new StringBuilder();
        builder.AppendLine($"# Signal inventory{(inventory.Service is null ? string.Empty : ": " + inventory.Service)}").AppendLine();
        builder.Append($"Read from {Markdown.CodeList(inventory.Inputs)}");
        builder.AppendLine(inventory.Contract is null ? " without a contract." : $" against {Markdown.Code(inventory.Contract)}.").AppendLine();

        Section(builder, "Metrics", inventory.Metrics, metrics => Markdown.Table(
            builder,
            ["metric", "kind", "unit", "labels", "Prometheus name", "contract", "sites"],
            metrics.Select(m => (IReadOnlyList<string>)
            [
                Markdown.Code(m.Name), m.Kind, Markdown.Code(m.Unit), LabelSets(m), Markdown.Code(m.PrometheusName),
                m.DeclaredAs is not null ? "declared" : m.RenamedTo is not null ? $"renamed to {Markdown.Code(m.RenamedTo)}" : inventory.Contract is null ? "—" : "**undeclared**",
                Sites(m.Sites.Select(s => (s.File, s.Line))),
            ])));

        Section(builder, "Spans", inventory.Spans, spans => Markdown.Table(
            builder,
            ["span", "source", "kind", "attributes", "contract", "sites"],
            spans.Select(s => (IReadOnlyList<string>)
            [
                Markdown.Code(s.Name), Markdown.Code(s.Source), s.Kind ?? "—", Markdown.CodeList(s.Attributes),
                s.DeclaredAs is not null ? "declared" : inventory.Contract is null ? "—" : "undeclared",
                Sites(s.Sites.Where(site => site.Role == "start").Select(site => (site.File, site.Line))),
            ])));

        Section(builder, "Log events", inventory.Logs, logs => Markdown.Table(
            builder,
            ["level", "event", "template", "fields", "sites"],
            logs.Select(l => (IReadOnlyList<string>)[l.Level ?? "—", Markdown.Code(l.Event), Markdown.Code(l.Template), Fields(l), Sites(l.Sites.Select(s => (s.File, s.Line)))])));

        foreach (string note in inventory.Producer.Notes)
        {
            builder.AppendLine($"> {note}").AppendLine();
        }

        if (inventory.Unresolved.Count > 0)
        {
            builder.AppendLine($"## Not readable ({inventory.Unresolved.Count})").AppendLine();
            foreach (var site in inventory.Unresolved)
            {
                builder.AppendLine($"- `{site.File}:{site.Line}` ({site.Signal} {site.Role}): {site.Reason}");
            }

            builder.AppendLine();
        }

        if (inventory.Coverage is { } coverage)
        {
            builder.AppendLine($"## Contract coverage ({Markdown.Code(coverage.Contract)})").AppendLine();
            Coverage(builder, "instruments", coverage.Metrics);
            Coverage(builder, "spans", coverage.Spans);
            Coverage(builder, coverage.Logs);
            builder.AppendLine();
        }

        return builder.ToString();
    }

    private static void Section<T>(StringBuilder builder, string title, IReadOnlyList<T>? items, System.Action<IReadOnlyList<T>> table)
    {
        if (items is null)
        {
            builder.AppendLine($"## {title}").AppendLine().AppendLine("Not extracted.").AppendLine();
            return;
        }

        builder.AppendLine($"## {title} ({items.Count})").AppendLine();
        if (items.Count == 0)
        {
            builder.AppendLine("None.").AppendLine();
            return;
        }

        table(items);
    }

    private static void Coverage(StringBuilder builder, string what, SectionCoverage? section)
    {
        if (section is null)
        {
            return;
        }

        builder.AppendLine($"- Declared {what} ({section.Declared}) never emitted: {Markdown.CodeList(section.NotEmitted)}");
        builder.AppendLine($"- Emitted {what} the contract does not declare: {Markdown.CodeList(section.Undeclared)}");
        if (section.Renamed.Count > 0)
        {
            builder.AppendLine($"- Emitted under a name the contract renamed: {string.Join(", ", section.Renamed.Select(r => $"{Markdown.Code(r.Name)} (now {Markdown.Code(r.RenamedTo)})"))}");
        }
    }

    private static void Coverage(StringBuilder builder, LogCoverage? logs)
    {
        if (logs is null || logs.RequiredFields.Count == 0)
        {
            return;
        }

        builder.AppendLine($"- Required log fields ({Markdown.CodeList(logs.RequiredFields)}) some event lacks: {Markdown.CodeList(logs.MissingOnSomeEvents)}");
        builder.AppendLine($"- Log sites that lack them where they are written{(logs.Lacking.Count == 0 ? ": —" : $" ({logs.Lacking.Count}):")}");
        foreach (var site in logs.Lacking)
        {
            string callers = site.CallersMaySupply ? " (its callers may supply them; OBS2001 follows callers)" : string.Empty;
            builder.AppendLine($"  - `{site.File}:{site.Line}` {site.Level ?? "—"} {Markdown.Code(site.Template ?? site.Event)} lacks {Markdown.CodeList(site.Missing)}{callers}");
        }
    }

    /// <summary>Each field, with what supplies it where that is not the message itself: <c>`request_id` (provider)</c>.</summary>
    private static string Fields(LogEvent logEvent)
    {
        if (logEvent.Fields.Count == 0)
        {
            return "—";
        }

        var origins = logEvent.Sites.SelectMany(s => s.Origins ?? []).ToList();
        return string.Join(", ", logEvent.Fields.Select(field =>
        {
            var from = origins.Where(o => o.Field == field && o.From != "message").Select(o => o.From).Distinct().Order(System.StringComparer.Ordinal).ToList();
            return from.Count == 0 ? Markdown.Code(field) : $"{Markdown.Code(field)} ({string.Join(", ", from)})";
        }));
    }

    private static string LabelSets(MetricSignal metric) => metric.LabelSets.Count switch
    {
        0 => "—",
        1 => Markdown.CodeList(metric.LabelSets[0]),
        _ => string.Join(" / ", metric.LabelSets.Select(set => set.Count == 0 ? "(none)" : Markdown.CodeList(set))),
    };

    private static string Sites(IEnumerable<(string File, int Line)> sites)
    {
        var list = sites.Distinct().Select(s => $"{s.File}:{s.Line}").ToList();
        const int Shown = 4;
        return list.Count <= Shown ? string.Join(", ", list) : string.Join(", ", list.Take(Shown)) + $" and {list.Count - Shown} more";
    }
}
