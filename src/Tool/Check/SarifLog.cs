using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using SignalContract.Tool.Reports;

namespace SignalContract.Tool.Check;

/// <summary>
/// The findings of a check as SARIF 2.1.0, for code-scanning UIs: every rule with its help page, every finding with its
/// location relative to <c>%SRCROOT%</c> (the directory the check ran in), baselined findings with an accepted external
/// suppression and <c>baselineState</c> "unchanged", new ones "new", and stale baseline entries as notifications.
/// </summary>
internal static class SarifLog
{
    public const string Version = "2.1.0";

    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public static string Write(IReadOnlyList<Finding> findings, ISet<Finding> baselined, IReadOnlyList<StaleEntry> stale, string? baselinePath, string sourceRoot, string? toolVersion)
    {
        var rules = AnalyzerRunner.Rules.ToList();
        var ruleIndex = rules.Select((rule, index) => (rule.Id, index)).ToDictionary(r => r.Id, r => r.index, StringComparer.Ordinal);
        var results = new JsonArray();
        foreach (var finding in findings)
        {
            var result = new JsonObject
            {
                ["ruleId"] = finding.Rule,
                ["level"] = Level(finding.Severity),
                ["message"] = new JsonObject { ["text"] = finding.Message },
                ["locations"] = new JsonArray(Location(finding)),
                ["partialFingerprints"] = new JsonObject { ["signalcontract/v1"] = Fingerprint(finding) },
            };
            if (ruleIndex.TryGetValue(finding.Rule, out int index))
            {
                result["ruleIndex"] = index;
            }

            bool isBaselined = baselined.Contains(finding);
            result["baselineState"] = isBaselined ? "unchanged" : "new";
            result["suppressions"] = isBaselined
                ? new JsonArray(new JsonObject
                {
                    ["kind"] = "external",
                    ["status"] = "accepted",
                    ["justification"] = $"Recorded in the baseline {baselinePath}",
                })
                : new JsonArray();
            results.Add(result);
        }

        var notifications = new JsonArray();
        foreach (var entry in stale)
        {
            notifications.Add(new JsonObject
            {
                ["level"] = "error",
                ["message"] = new JsonObject { ["text"] = StaleMessage(entry, baselinePath) },
            });
        }

        var log = new JsonObject
        {
            ["$schema"] = SchemaUri,
            ["version"] = Version,
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "signalcontract",
                        ["version"] = toolVersion,
                        ["informationUri"] = "https://github.com/signalcontract/SignalContract.Analyzers",
                        ["rules"] = new JsonArray([.. rules.Select(Rule)]),
                    },
                },
                ["originalUriBaseIds"] = new JsonObject
                {
                    ["%SRCROOT%"] = new JsonObject { ["uri"] = new Uri(sourceRoot.EndsWith('/') ? sourceRoot : sourceRoot + "/").AbsoluteUri },
                },
                ["invocations"] = new JsonArray(new JsonObject
                {
                    ["executionSuccessful"] = true,
                    ["toolExecutionNotifications"] = notifications,
                }),
                ["results"] = results,
            }),
        };
        return log.ToJsonString(Json.Options) + "\n";
    }

    public static string StaleMessage(StaleEntry entry, string? baselinePath) =>
        $"Stale baseline entry in {baselinePath}: {entry.Entry.Rule} in {entry.Entry.File} \"{entry.Entry.Message}\" matches {(entry.Unmatched == entry.Entry.Count ? "no finding" : $"{entry.Entry.Count - entry.Unmatched} of its {entry.Entry.Count} findings")}; remove it (check --write-baseline) so it cannot hide the finding coming back.";

    private static JsonObject Rule(DiagnosticDescriptor rule) => new()
    {
        ["id"] = rule.Id,
        ["name"] = string.Concat(rule.Title.ToString(System.Globalization.CultureInfo.InvariantCulture).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..])),
        ["shortDescription"] = new JsonObject { ["text"] = rule.Title.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        ["fullDescription"] = new JsonObject { ["text"] = rule.Description.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        ["helpUri"] = rule.HelpLinkUri,
        ["defaultConfiguration"] = new JsonObject { ["level"] = Level(rule.DefaultSeverity), ["enabled"] = rule.IsEnabledByDefault },
        ["properties"] = new JsonObject { ["category"] = rule.Category },
    };

    private static JsonObject Location(Finding finding)
    {
        // Files under the source root are relative to it, so the log reads the same in any checkout.
        var artifact = System.IO.Path.IsPathRooted(finding.File)
            ? new JsonObject { ["uri"] = new Uri(finding.File).AbsoluteUri }
            : new JsonObject { ["uri"] = string.Join("/", finding.File.Split('/').Select(Uri.EscapeDataString)), ["uriBaseId"] = "%SRCROOT%" };
        var physical = new JsonObject { ["artifactLocation"] = artifact };
        if (finding.Line > 0)
        {
            physical["region"] = new JsonObject
            {
                ["startLine"] = finding.Line,
                ["startColumn"] = finding.Column,
                ["endLine"] = finding.EndLine,
                ["endColumn"] = finding.EndColumn,
            };
        }

        return new JsonObject { ["physicalLocation"] = physical };
    }

    private static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };

    /// <summary>The same identity the baseline uses (rule, file, message), so a result keeps its fingerprint when lines move.</summary>
    private static string Fingerprint(Finding finding)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{finding.Rule}\n{finding.File}\n{Baseline.Normalize(finding.Message)}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
