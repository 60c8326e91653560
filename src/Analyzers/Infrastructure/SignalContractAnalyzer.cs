using Microsoft.CodeAnalysis.Diagnostics;
using SignalContract.Analyzers.Contract;

namespace SignalContract.Analyzers.Infrastructure;

/// <summary>
/// The base of every analyzer in the package: concurrent, never run on generated code, and handed the contract
/// once per compilation.
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
        // costs a walk of the whole file the first time a file gets a finding.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var source = ContractSource.Find(start.Options, start.CancellationToken);
            var contract = source is { Model.IsValid: true } ? source.Model : null;
            if (contract is null && RequiresContract)
            {
                return;
            }

            OnCompilationStart(start, contract ?? ContractModel.Default);
        });
    }

    /// <summary>
    /// Resolve the well-known types the rule needs, return early when the compilation uses none of them,
    /// then register the rule's actions.
    /// </summary>
    private protected abstract void OnCompilationStart(CompilationStartAnalysisContext context, ContractModel contract);
}
