using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SignalContract.Bench.Performance;

/// <summary>
/// An analyzer that looks at every invocation and does nothing: the floor any operation-based rule pays, since it makes
/// the driver bind every method body and build its operation tree. Our pass's wall time over this one's is what our
/// rules add to a build, including driver work that per-callback execution time does not see.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class BaselineAnalyzer : DiagnosticAnalyzer
{
#pragma warning disable RS2008 // a measuring stick, never shipped
    private static readonly DiagnosticDescriptor Rule = new("BENCH0001", "Baseline", "Baseline", "Bench", DiagnosticSeverity.Warning, isEnabledByDefault: true);
#pragma warning restore RS2008

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(static _ => { }, OperationKind.Invocation);
    }
}
