using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SignalContract.Analyzers.Catalog;

namespace SignalContract.Analyzers.Contract;

/// <summary>OBS0001, OBS0002, OBS0003, OBS0005: whether there is a contract, and what is wrong with it.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ContractDiagnosticsAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the key an unknown key most likely meant (OBS0003 only).</summary>
    public const string SuggestedKeyProperty = "SuggestedKey";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.NoContractFound,
        Descriptors.InvalidContract,
        Descriptors.UnknownContractKey,
        Descriptors.ContractContradiction);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);

        // Reported on the file itself, so the IDE shows the squiggle in contract.json.
        context.RegisterAdditionalFileAction(file =>
        {
            if (!ContractSource.IsContractFile(file.AdditionalFile, file.Options))
            {
                return;
            }

            var text = file.AdditionalFile.GetText(file.CancellationToken);
            if (text is null)
            {
                return;
            }

            foreach (var problem in ContractSource.Parse(text).Problems)
            {
                var descriptor = problem.Kind switch
                {
                    ContractProblemKind.Invalid => Descriptors.InvalidContract,
                    ContractProblemKind.UnknownKey => Descriptors.UnknownContractKey,
                    _ => Descriptors.ContractContradiction,
                };
                var location = Location.Create(file.AdditionalFile.Path, problem.Span, text.Lines.GetLinePositionSpan(problem.Span));
                var properties = problem.Suggestion is null
                    ? ImmutableDictionary<string, string?>.Empty
                    : ImmutableDictionary<string, string?>.Empty.Add(SuggestedKeyProperty, problem.Suggestion);
                file.ReportDiagnostic(Diagnostic.Create(descriptor, location, properties, problem.Message));
            }
        });

        context.RegisterCompilationAction(compilation =>
        {
            if (ContractSource.Find(compilation.Options, compilation.CancellationToken) is not null)
            {
                return;
            }

            string? configured = ContractSource.ConfiguredPath(compilation.Options);
            string detail = configured is null
                ? " (add a contract.json to the project or a parent folder)"
                : $" at '{configured}' (SignalContractPath names a file that is not among the AdditionalFiles)";
            compilation.ReportDiagnostic(Diagnostic.Create(Descriptors.NoContractFound, Location.None, detail));
        });
    }
}
