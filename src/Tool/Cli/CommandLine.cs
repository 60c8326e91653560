using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using SignalContract.Tool.Commands;

namespace SignalContract.Tool.Cli;

/// <summary>The command line: four commands, their options, help, and the exit codes of docs/tool.md.</summary>
internal static class CommandLine
{
    public static async Task<int> RunAsync(string[] args, ToolConsole console, CancellationToken cancellationToken = default)
    {
        var root = Build(console);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                console.Error.WriteLine("error: " + error.Message);
            }

            console.Error.WriteLine($"Run 'signalcontract {(parsed.CommandResult.Command == root ? string.Empty : parsed.CommandResult.Command.Name + " ")}--help' for usage.");
            return ExitCodes.Error;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (ToolException e)
        {
            console.Error.WriteLine("error: " + e.Message);
            return ExitCodes.Error;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Exit 2 still means "could not do its job"; the stack trace is for the bug report.
            console.Error.WriteLine("error: signalcontract failed unexpectedly; please report it with this text:\n" + e);
            return ExitCodes.Error;
        }
    }

    private static RootCommand Build(ToolConsole console)
    {
        var root = new RootCommand(
            "signalcontract: the signals a C# service emits, compared across languages and against contract.json, for code review.\n"
            + "Exit codes: 0 clean, 1 findings or differences, 2 usage or load error.");
        root.Subcommands.Add(Inventory(console));
        root.Subcommands.Add(Parity(console));
        root.Subcommands.Add(Diff(console));
        root.Subcommands.Add(Check(console));
        return root;
    }

    private static Command Inventory(ToolConsole console)
    {
        var input = ProjectArgument();
        var contract = ContractOption("The contract to match signals against; by default the one the project's build uses.");
        var format = FormatOption(ReportFormat.Json);
        var output = OutputOption();
        var command = new Command("inventory", "List every metric, span and log event the code emits, with file and line, and the contract's coverage.")
        {
            input, contract, format, output,
        };
        command.SetAction((parsed, token) => InventoryCommand.RunAsync(parsed.GetRequiredValue(input), parsed.GetValue(contract), parsed.GetValue(format), parsed.GetValue(output), console, token));
        return command;
    }

    private static Command Parity(ToolConsole console)
    {
        var baseline = new Argument<string>("baseline-inventory") { Description = "The inventory to match, such as the service being replaced." };
        var candidate = new Argument<string>("candidate-inventory") { Description = "The inventory of the new code." };
        var contract = ContractOption("A contract whose namespaces, renames, kinds and units name the signals; optional.");
        var format = FormatOption(ReportFormat.Markdown);
        var output = OutputOption();
        var command = new Command("parity", "Compare two inventories signal by signal; exit 1 on a difference that breaks dashboards.")
        {
            baseline, candidate, contract, format, output,
        };
        command.SetAction((parsed, token) => ParityCommand.RunAsync(parsed.GetRequiredValue(baseline), parsed.GetRequiredValue(candidate), parsed.GetValue(contract), parsed.GetValue(format), parsed.GetValue(output), console));
        return command;
    }

    private static Command Diff(ToolConsole console)
    {
        var oldContract = new Argument<string>("old-contract") { Description = "The contract before the change." };
        var newContract = new Argument<string>("new-contract") { Description = "The contract after the change." };
        var format = FormatOption(ReportFormat.Markdown);
        var output = OutputOption();
        var command = new Command("diff", "Classify each change between two contracts as breaking or compatible; exit 1 on a breaking change.")
        {
            oldContract, newContract, format, output,
        };
        command.SetAction((parsed, token) => DiffCommand.RunAsync(parsed.GetRequiredValue(oldContract), parsed.GetRequiredValue(newContract), parsed.GetValue(format), parsed.GetValue(output), console));
        return command;
    }

    private static Command Check(ToolConsole console)
    {
        var input = ProjectArgument();
        var baseline = new Option<string>("--baseline") { Description = "Findings recorded here are reported as suppressed; new ones, and entries that match nothing, fail." };
        var writeBaseline = new Option<string>("--write-baseline") { Description = "Record the current warnings and errors in this file (and exit 0)." };
        var sarif = new Option<string>("--sarif") { Description = "Also write the findings as SARIF 2.1.0, baselined ones with suppressions." };
        var contract = ContractOption("Use this contract for every project, as -p:SignalContractPath would.");
        var command = new Command("check", "Run the package's analyzers as the build does and apply a baseline; exit 1 on a new finding or a stale baseline entry.")
        {
            input, baseline, writeBaseline, sarif, contract,
        };
        command.SetAction((parsed, token) => CheckCommand.RunAsync(
            parsed.GetRequiredValue(input), parsed.GetValue(baseline), parsed.GetValue(writeBaseline), parsed.GetValue(sarif), parsed.GetValue(contract), console, token));
        return command;
    }

    private static Argument<string> ProjectArgument() =>
        new("project-or-solution") { Description = "A .csproj, .sln or .slnx file, or a folder holding one. Restore it first." };

    private static Option<string> ContractOption(string description) => new("--contract") { Description = description };

    private static Option<string> OutputOption() => new("--output", "-o") { Description = "Write the report to this file instead of standard output." };

    private static Option<ReportFormat> FormatOption(ReportFormat defaultFormat) => new("--format")
    {
        Description = $"json or markdown (default {defaultFormat.ToString().ToLowerInvariant()}).",
        DefaultValueFactory = _ => defaultFormat,
        CustomParser = result =>
        {
            string token = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
            if (string.Equals(token, "json", StringComparison.OrdinalIgnoreCase))
            {
                return ReportFormat.Json;
            }

            if (string.Equals(token, "markdown", StringComparison.OrdinalIgnoreCase) || string.Equals(token, "md", StringComparison.OrdinalIgnoreCase))
            {
                return ReportFormat.Markdown;
            }

            result.AddError($"--format must be json or markdown, not '{token}'.");
            return defaultFormat;
        },
    };
}
