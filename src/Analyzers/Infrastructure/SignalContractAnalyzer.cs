using System.Threading;
using Microsoft.CodeAnalysis.Diagnostics;
using SignalContract.Analyzers.Contract;

namespace SignalContract.Analyzers.Infrastructure;

/// <summary>
/// The base of every rule in the package: concurrent, never run on generated code, and handed the contract once per
/// compilation. A rule runs alone in its tests; the package runs it inside its family's
/// <see cref="RuleFamilyAnalyzer"/>, which starts it through <see cref="Start"/>.
/// </summary>
public abstract class SignalContractAnalyzer : DiagnosticAnalyzer
{
    /// <summary>
    /// False for rules that run without a contract (span lifetime, error recording); they see the defaults
    /// of <see cref="ContractModel.Default"/> when none is found or the one found is invalid.
    /// </summary>
    private protected virtual bool RequiresContract => true;

    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // No Analyze flag: the driver never calls us for generated files or [GeneratedCode] types. So every finding is
        // in hand-written code, and ReportDiagnostics spares the driver from proving that again for each one, which
        // costs a walk of the whole file the first time a file gets a finding. RuleFamilyAnalyzer does the same.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start => Start(start, ValidContract(start.Options, start.CancellationToken)));
    }

    /// <summary>The compilation's contract, or null when there is none or it is invalid.</summary>
    internal static ContractModel? ValidContract(AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var source = ContractSource.Find(options, cancellationToken);
        return source is { Model.IsValid: true } ? source.Model : null;
    }

    /// <summary>Registers the rule's actions for one compilation, unless it needs a contract and has none.</summary>
    internal void Start(CompilationStartAnalysisContext context, ContractModel? contract)
    {
        if (contract is null && RequiresContract)
        {
            return;
        }

        OnCompilationStart(context, contract ?? ContractModel.Default);
    }

    /// <summary>
    /// Resolve the well-known types the rule needs, return early when the compilation uses none of them,
    /// then register the rule's actions.
    /// </summary>
    private protected abstract void OnCompilationStart(CompilationStartAnalysisContext context, ContractModel contract);
}
