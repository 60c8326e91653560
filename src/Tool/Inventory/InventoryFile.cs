using System;
using System.Collections.Generic;
using System.Linq;
using SignalContract.Analyzers.Contract;
using SignalContract.Tool.Cli;
using SignalContract.Tool.Reports;

namespace SignalContract.Tool.Inventory;

/// <summary>Reads an inventory file written by any producer, with errors that point at the place in the file.</summary>
internal static class InventoryFile
{
    /// <summary>The metric kinds of the format: the contract's seven, and a Prometheus summary.</summary>
    public static readonly IReadOnlyList<string> MetricKinds = [.. InstrumentKinds.ContractNames.Select(k => k.Name), "summary"];

    public static readonly IReadOnlyList<string> SpanKinds = ["internal", "server", "client", "producer", "consumer"];

    /// <summary>Microsoft.Extensions.Logging's levels, in its order (that of <c>LogLevelThreshold</c>).</summary>
    public static readonly IReadOnlyList<string> LogLevels = ["trace", "debug", "information", "warning", "error", "critical"];

    public static readonly IReadOnlyList<string> LogSiteRoles = ["call", "declaration"];

    /// <summary>What supplies a log field (docs/inventory.md, "Log events").</summary>
    public static readonly IReadOnlyList<string> FieldOrigins = ["message", "call", "logger", "scope", "provider", "host", "pipeline"];

    public static SignalInventory Read(string path, ToolConsole console)
    {
        var inventory = Json.Read<SignalInventory>(path, "Inventory", console);
        if (inventory.InventoryVersion != SignalInventory.CurrentVersion)
        {
            throw new ToolException($"{path}: inventoryVersion {inventory.InventoryVersion} is not supported; this tool reads version {SignalInventory.CurrentVersion}.");
        }

        var problems = new List<string>();
        for (int i = 0; i < (inventory.Metrics?.Count ?? 0); i++)
        {
            var metric = inventory.Metrics![i];
            Expect(problems, $"metrics[{i}].kind", metric.Kind, MetricKinds);
            Expect(problems, $"metrics[{i}].nameStyle", metric.NameStyle, ["otel", "prometheus"]);
        }

        for (int i = 0; i < (inventory.Spans?.Count ?? 0); i++)
        {
            Expect(problems, $"spans[{i}].kind", inventory.Spans![i].Kind, SpanKinds);
        }

        for (int i = 0; i < (inventory.Logs?.Count ?? 0); i++)
        {
            var logEvent = inventory.Logs![i];
            Expect(problems, $"logs[{i}].level", logEvent.Level, LogLevels);
            for (int j = 0; j < logEvent.Sites.Count; j++)
            {
                Expect(problems, $"logs[{i}].sites[{j}].role", logEvent.Sites[j].Role, LogSiteRoles);
                for (int k = 0; k < (logEvent.Sites[j].Origins?.Count ?? 0); k++)
                {
                    Expect(problems, $"logs[{i}].sites[{j}].origins[{k}].from", logEvent.Sites[j].Origins![k].From, FieldOrigins);
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new ToolException($"{path}: not a valid inventory:\n  {string.Join("\n  ", problems)}");
        }

        return inventory;
    }

    private static void Expect(List<string> problems, string where, string? value, IReadOnlyList<string> allowed)
    {
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            problems.Add($"{where} is \"{value}\"; expected one of {string.Join(", ", allowed)}");
        }
    }
}
