using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Logs;

/// <summary>
/// Log calls against the contract: required correlation fields (OBS2001), field spelling (OBS2002), constant templates
/// (OBS2003) and caught exceptions logged without the exception (OBS2004). Each log call is read once, by
/// <see cref="LogRecognizer"/>, and judged by all four; a call whose template is built at run time is only reported as
/// such, since its fields cannot be read.
/// </summary>
public sealed class LogCallAnalyzer : SignalContractAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.LogMissingRequiredField,
        Descriptors.LogFieldSpelling,
        Descriptors.LogTemplateNotConstant,
        Descriptors.LogExceptionNotPassed);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, ContractModel contract)
    {
        var recognizer = LogRecognizer.For(context.Compilation, contract.Logs);
        if (recognizer is null)
        {
            return;
        }

        var analysis = new LogCallAnalysis(context.Compilation, recognizer, contract.Logs, context.Options.AnalyzerConfigOptionsProvider);
        context.RegisterOperationAction(analysis.AnalyzeInvocation, OperationKind.Invocation);
        if (analysis.TracksCallers)
        {
            context.RegisterOperationAction(analysis.AnalyzeMethodReference, OperationKind.MethodReference);
            context.RegisterCompilationEndAction(analysis.ReportAtCompilationEnd);
        }

        if (recognizer.Types.LoggerMessageAttribute is not null)
        {
            context.RegisterSymbolAction(analysis.AnalyzeLoggerMessageDeclaration, SymbolKind.Method);
        }
    }
}
