using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using SignalContract.Tool.Cli;
using SignalContract.Tool.Diff;
using SignalContract.Tool.Loading;
using SignalContract.Tool.Reports;

namespace SignalContract.Tool.Commands;

/// <summary><c>signalcontract diff</c>: each change of a contract pull request, breaking or compatible, and why.</summary>
internal static class DiffCommand
{
    public static async Task<int> RunAsync(string oldPath, string newPath, ReportFormat format, string? outputPath, ToolConsole console)
    {
        var old = ContractFile.Read(oldPath, console);
        var @new = ContractFile.Read(newPath, console);
        var changes = ContractDiff.Compare(old.Model, @new.Model);
        var report = new DiffReport
        {
            Old = old.DisplayPath,
            New = @new.DisplayPath,
            Breaking = changes.Count(c => c.IsBreaking),
            Compatible = changes.Count(c => !c.IsBreaking),
            Changes = changes,
        };
        await console.WriteReportAsync(format == ReportFormat.Json ? Json.Write(report) : Markdown(report), outputPath).ConfigureAwait(false);
        return report.Breaking > 0 ? ExitCodes.Differences : ExitCodes.Clean;
    }

    private static string Markdown(DiffReport report)
    {
        var builder = new StringBuilder();
        builder.AppendLine($"## Contract changes: {Reports.Markdown.Code(report.Old)} → {Reports.Markdown.Code(report.New)}").AppendLine();
        if (report.Changes.Count == 0)
        {
            builder.AppendLine("No change to any key the analyzers read.");
            return builder.ToString();
        }

        string verdict = report.Breaking == 0 ? "**No breaking change.**" : $"**{report.Breaking} breaking change{(report.Breaking == 1 ? string.Empty : "s")}.**";
        builder.AppendLine($"{verdict} {report.Compatible} compatible.").AppendLine();
        Section(builder, "Breaking", report.Changes.Where(c => c.IsBreaking).ToList());
        Section(builder, "Compatible", report.Changes.Where(c => !c.IsBreaking).ToList());
        return builder.ToString();
    }

    private static void Section(StringBuilder builder, string title, List<ContractChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        builder.AppendLine($"### {title} ({changes.Count})").AppendLine();
        Reports.Markdown.Table(
            builder,
            ["key", "subject", "change", "why"],
            changes.Select(c => (IReadOnlyList<string>)[Reports.Markdown.Code(c.Key), Reports.Markdown.Code(c.Subject), c.Change, c.Reason]));
    }
}

/// <summary>What <c>diff --format json</c> writes.</summary>
internal sealed record DiffReport
{
    public required string Old { get; init; }

    public required string New { get; init; }

    public required int Breaking { get; init; }

    public required int Compatible { get; init; }

    public IReadOnlyList<ContractChange> Changes { get; init; } = [];
}
