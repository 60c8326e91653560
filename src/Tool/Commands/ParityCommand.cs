using System.Threading.Tasks;
using SignalContract.Tool.Cli;
using SignalContract.Tool.Inventory;
using SignalContract.Tool.Loading;
using SignalContract.Tool.Parity;
using SignalContract.Tool.Reports;

namespace SignalContract.Tool.Commands;

/// <summary><c>signalcontract parity</c>: the migration gate between two inventories.</summary>
internal static class ParityCommand
{
    public static async Task<int> RunAsync(string baselinePath, string candidatePath, string? contractPath, ReportFormat format, string? outputPath, ToolConsole console)
    {
        var baseline = InventoryFile.Read(baselinePath, console);
        var candidate = InventoryFile.Read(candidatePath, console);
        var contract = contractPath is null ? null : ContractFile.Read(contractPath, console);
        var report = new ParityComparer(contract?.Model).Compare(baseline, console.Paths.Of(baselinePath), candidate, console.Paths.Of(candidatePath), contract?.DisplayPath);
        await console.WriteReportAsync(format == ReportFormat.Json ? Json.Write(report) : ParityMarkdown.Write(report), outputPath).ConfigureAwait(false);
        return report.Breaking > 0 ? ExitCodes.Differences : ExitCodes.Clean;
    }
}
