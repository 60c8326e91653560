using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;
using SignalContract.Analyzers.Logs;

namespace SignalContract.Analyzers.Pii;

/// <summary>
/// Personal data in logs: a log field named for it or a logged value that names it (OBS4001), and a logged object whose
/// text or structure exposes it (OBS4002). Log calls, scopes and <c>[LoggerMessage]</c> declarations are read by the
/// logging family's <see cref="LogRecognizer"/>; what is personal data is <see cref="PersonalData"/>'s judgement.
/// </summary>
public sealed class LogPiiAnalyzer : SignalContractAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.PiiInLogMessage,
        Descriptors.PiiInLoggedObject);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, ContractModel contract)
    {
        var recognizer = LogRecognizer.For(context.Compilation, contract.Logs);
        if (recognizer is null)
        {
            return;
        }

        var judge = PersonalData.Create(context.Compilation, contract.Pii, context.Options.AnalyzerConfigOptionsProvider);
        if (judge is null)
        {
            return;
        }

        var analysis = new LogPiiAnalysis(recognizer, judge);
        context.RegisterOperationAction(analysis.AnalyzeInvocation, OperationKind.Invocation);
        if (recognizer.Types.LoggerMessageAttribute is not null)
        {
            context.RegisterSymbolAction(analysis.AnalyzeLoggerMessageDeclaration, SymbolKind.Method);
        }
    }
}
