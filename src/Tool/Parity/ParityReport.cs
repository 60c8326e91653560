using System.Collections.Generic;
using System.Linq;
using System.Text;
using SignalContract.Tool.Reports;

namespace SignalContract.Tool.Parity;

/// <summary>The result of comparing two inventories, as written by <c>parity --format json</c>.</summary>
internal sealed record ParityReport
{
    public required ParitySide Baseline { get; init; }

    public required ParitySide Candidate { get; init; }

    public string? Contract { get; init; }

    public required int Breaking { get; init; }

    public required int Compatible { get; init; }

    public IReadOnlyList<ParityDifference> Differences { get; init; } = [];

    public IReadOnlyList<ParityMatch> Matches { get; init; } = [];

    public IReadOnlyList<string> Notes { get; init; } = [];
}

internal sealed record ParitySide
{
    public required string Inventory { get; init; }

    public string? Service { get; init; }

    public required string Language { get; init; }

    public int? Metrics { get; init; }

    public int? Spans { get; init; }

    public int? Logs { get; init; }
}

/// <summary>One difference: a signal missing or added, or a property of a matched pair that differs.</summary>
internal sealed record ParityDifference
{
    /// <summary><c>metric</c>, <c>span</c> or <c>log</c>.</summary>
    public required string Signal { get; init; }

    /// <summary>The signal's name in the baseline; null for a signal only the candidate has.</summary>
    public string? BaselineName { get; init; }

    /// <summary>The signal's name in the candidate; null for a signal only the baseline has.</summary>
    public string? CandidateName { get; init; }

    /// <summary>What differs: missing, added, name, kind, unit, labels, attributes, source, fields, level, required-field.</summary>
    public required string Change { get; init; }

    public required bool IsBreaking { get; init; }

    /// <summary>The difference and its consequence, in words.</summary>
    public required string Detail { get; init; }
}

/// <summary>How a baseline signal was paired with a candidate one.</summary>
internal sealed record ParityMatch
{
    public required string Signal { get; init; }

    public required string BaselineName { get; init; }

    public required string CandidateName { get; init; }

    /// <summary><c>same name</c>, <c>Prometheus translation</c>, <c>contract instrument</c>, <c>contract rename</c>, <c>same words</c>, <c>event name</c>, <c>template</c>.</summary>
    public required string MatchedBy { get; init; }
}

internal static class ParityMarkdown
{
    public static string Write(ParityReport report)
    {
        var builder = new StringBuilder();
        builder.AppendLine($"## Signal parity: {Side(report.Baseline)} → {Side(report.Candidate)}").AppendLine();
        string verdict = report.Breaking == 0
            ? "**No difference that breaks dashboards.**"
            : $"**{report.Breaking} breaking difference{(report.Breaking == 1 ? string.Empty : "s")}.**";
        builder.AppendLine($"{verdict} {report.Compatible} compatible. {Matched(report, "metric", report.Baseline.Metrics)}{Matched(report, "span", report.Baseline.Spans)}{Matched(report, "log", report.Baseline.Logs)}".TrimEnd());
        builder.AppendLine();
        if (report.Contract is not null)
        {
            builder.AppendLine($"Names compared through {Markdown.Code(report.Contract)}.").AppendLine();
        }

        Differences(builder, "Breaking", report.Differences.Where(d => d.IsBreaking));
        Differences(builder, "Compatible", report.Differences.Where(d => !d.IsBreaking));
        if (report.Matches.Count > 0)
        {
            builder.AppendLine("### Matched").AppendLine();
            Markdown.Table(builder, ["signal", "baseline", "candidate", "matched by"], report.Matches.Select(m => (IReadOnlyList<string>)[m.Signal, Markdown.Code(m.BaselineName), Markdown.Code(m.CandidateName), m.MatchedBy]));
        }

        foreach (string note in report.Notes)
        {
            builder.AppendLine($"> {note}").AppendLine();
        }

        return builder.ToString();
    }

    private static string Side(ParitySide side) => $"{Markdown.Code(side.Inventory)} ({(side.Service is null ? string.Empty : side.Service + ", ")}{side.Language})";

    private static string Matched(ParityReport report, string signal, int? total) =>
        total is null or 0 ? string.Empty : $"{report.Matches.Count(m => m.Signal == signal)} of {total} baseline {signal}{(signal == "log" ? " event" : string.Empty)}s matched. ";

    private static void Differences(StringBuilder builder, string title, IEnumerable<ParityDifference> differences)
    {
        var list = differences.ToList();
        if (list.Count == 0)
        {
            return;
        }

        builder.AppendLine($"### {title} ({list.Count})").AppendLine();
        Markdown.Table(builder, ["signal", "baseline", "candidate", "difference"], list.Select(d => (IReadOnlyList<string>)[d.Signal, Markdown.Code(d.BaselineName), Markdown.Code(d.CandidateName), d.Detail]));
    }
}
