using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using SignalContract.Tool.Cli;
using SignalContract.Tool.Reports;

namespace SignalContract.Tool.Check;

/// <summary>
/// The findings a team has accepted, so that a check fails only on new ones. An entry is a rule, a file and the
/// finding's normalized message, with how many such findings there were: no line numbers, so unrelated edits that move
/// code leave it matching. Files are relative to the baseline's own folder, so it works from any directory.
/// </summary>
internal sealed record BaselineFile
{
    public const int CurrentVersion = 1;

    public required int BaselineVersion { get; init; }

    public IReadOnlyList<BaselineEntry> Findings { get; init; } = [];
}

internal sealed record BaselineEntry
{
    public required string Rule { get; init; }

    public required string File { get; init; }

    public required string Message { get; init; }

    public int Count { get; init; } = 1;
}

/// <summary>A baseline entry whose findings are gone, in part or whole: it would hide the same finding coming back.</summary>
internal sealed record StaleEntry(BaselineEntry Entry, int Unmatched);

internal sealed partial class Baseline
{
    private readonly Dictionary<(string Rule, string File, string Message), BaselineEntry> _entries;

    private Baseline(string directory, IEnumerable<BaselineEntry> entries)
    {
        Directory = directory;
        _entries = new();
        foreach (var entry in entries)
        {
            var key = (entry.Rule, entry.File, Normalize(entry.Message));
            _entries[key] = _entries.TryGetValue(key, out var earlier) ? earlier with { Count = earlier.Count + entry.Count } : entry;
        }
    }

    /// <summary>The baseline's folder: its entries' files are relative to it.</summary>
    public string Directory { get; }

    public static Baseline Read(string path, ToolConsole console)
    {
        var file = Json.Read<BaselineFile>(path, "Baseline", console);
        if (file.BaselineVersion != BaselineFile.CurrentVersion)
        {
            throw new ToolException($"{path}: not a valid baseline: expected \"baselineVersion\": {BaselineFile.CurrentVersion}.");
        }

        return new Baseline(System.IO.Path.GetDirectoryName(console.Paths.Resolve(path))!, file.Findings);
    }

    /// <summary>The baseline <paramref name="findings"/> would give, to be written to <paramref name="path"/>.</summary>
    public static string Write(string path, IEnumerable<Finding> findings, PathDisplay paths)
    {
        var relative = new PathDisplay(System.IO.Path.GetDirectoryName(path)!);
        var entries = findings
            .Where(f => f.Counts)
            .GroupBy(f => (f.Rule, File: relative.Of(paths.Resolve(f.File)), Message: Normalize(f.Message)))
            .Select(g => new BaselineEntry { Rule = g.Key.Rule, File = g.Key.File, Message = g.Key.Message, Count = g.Count() })
            .OrderBy(e => e.File, StringComparer.Ordinal)
            .ThenBy(e => e.Rule, StringComparer.Ordinal)
            .ThenBy(e => e.Message, StringComparer.Ordinal)
            .ToList();
        return Json.Write(new BaselineFile { BaselineVersion = BaselineFile.CurrentVersion, Findings = entries });
    }

    /// <summary>
    /// Splits <paramref name="findings"/> into baselined and new ones, and lists the entries nothing matches any more.
    /// When a file has more findings of one kind than the baseline records, the later ones (by line) are the new ones.
    /// </summary>
    public (HashSet<Finding> Baselined, List<StaleEntry> Stale) Apply(IReadOnlyList<Finding> findings, PathDisplay paths)
    {
        var relative = new PathDisplay(Directory);
        var baselined = new HashSet<Finding>();
        var used = new Dictionary<(string, string, string), int>();
        foreach (var finding in findings.Where(f => f.Counts).OrderBy(f => f.Line).ThenBy(f => f.Column))
        {
            var key = (finding.Rule, relative.Of(paths.Resolve(finding.File)), Normalize(finding.Message));
            if (_entries.TryGetValue(key, out var entry))
            {
                int count = used.GetValueOrDefault(key);
                if (count < entry.Count)
                {
                    used[key] = count + 1;
                    baselined.Add(finding);
                }
            }
        }

        var stale = _entries
            .Select(e => new StaleEntry(e.Value, e.Value.Count - used.GetValueOrDefault(e.Key)))
            .Where(s => s.Unmatched > 0)
            .ToList();
        return (baselined, stale);
    }

    /// <summary>The finding's message with runs of white space made one space: the text a baseline entry matches.</summary>
    public static string Normalize(string message) => Whitespace().Replace(message.Trim(), " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
