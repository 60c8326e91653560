using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SignalContract.Tool.Check;
using SignalContract.Tool.Cli;
using SignalContract.Tool.Loading;

namespace SignalContract.Tool.Commands;

/// <summary><c>signalcontract check</c>: the analyzers as the build runs them, with a baseline, for pull-request gates.</summary>
internal static class CheckCommand
{
    public static async Task<int> RunAsync(string input, string? baselinePath, string? writeBaselinePath, string? sarifPath, string? contractPath, ToolConsole console, CancellationToken cancellationToken)
    {
        // Read the baseline first: a typo in its name should not cost a project load.
        var baseline = baselinePath is null ? null : Baseline.Read(baselinePath, console);
        using var loaded = await new ProjectLoader(console).LoadAsync(input, cancellationToken).ConfigureAwait(false);
        string? contract = contractPath is null ? null : console.Paths.Resolve(contractPath);
        if (contract is not null)
        {
            // A broken contract named on the command line is a usage error; one the build finds is reported as OBS0002.
            ContractFile.Read(contract, console);
        }

        var findings = await new AnalyzerRunner(console).RunAsync(loaded.Projects, contract, cancellationToken).ConfigureAwait(false);
        var (baselined, stale) = baseline?.Apply(findings, console.Paths) ?? (new HashSet<Finding>(), new List<StaleEntry>());
        string? baselineDisplay = baselinePath is null ? null : console.Paths.Of(baselinePath);

        foreach (var finding in findings)
        {
            console.Out.WriteLine(baselined.Contains(finding) ? finding + " [baseline]" : finding.ToString());
        }

        foreach (var entry in stale)
        {
            console.Out.WriteLine(SarifLog.StaleMessage(entry, baselineDisplay));
        }

        int counted = findings.Count(f => f.Counts);
        int isNew = findings.Count(f => f.Counts && !baselined.Contains(f));
        int info = findings.Count - counted;
        console.Out.WriteLine(
            $"{counted} finding{(counted == 1 ? string.Empty : "s")}: {isNew} new, {counted - isNew} in the baseline"
            + (info > 0 ? $"; {info} info (never counted)" : string.Empty)
            + (stale.Count > 0 ? $"; {stale.Count} stale baseline entr{(stale.Count == 1 ? "y" : "ies")}" : string.Empty));

        if (sarifPath is not null)
        {
            string version = InventoryCommand.Producer().Version ?? "0.0.0";
            await console.WriteReportAsync(SarifLog.Write(findings, baselined, stale, baselineDisplay, console.Paths.BaseDirectory, version), sarifPath).ConfigureAwait(false);
        }

        if (writeBaselinePath is not null)
        {
            string target = console.Paths.Resolve(writeBaselinePath);
            await console.WriteReportAsync(Baseline.Write(target, findings, console.Paths), writeBaselinePath).ConfigureAwait(false);
            return ExitCodes.Clean;
        }

        return isNew > 0 || stale.Count > 0 ? ExitCodes.Differences : ExitCodes.Clean;
    }
}
