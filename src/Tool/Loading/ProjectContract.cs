using System.IO;
using Microsoft.CodeAnalysis;
using SignalContract.Analyzers.Contract;

namespace SignalContract.Tool.Loading;

/// <summary>Which contract.json a project's build uses, found the way the build finds it.</summary>
internal static class ProjectContract
{
    /// <summary>
    /// True when the project references the SignalContract.Analyzers package (or imports its props, as the sample does):
    /// its analyzer config then carries <c>SignalContractPath</c>, which the package's targets settle on.
    /// </summary>
    public static bool ReferencesPackage(Project project) =>
        project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(ContractSource.PathProperty, out _);

    /// <summary>
    /// The contract for <paramref name="project"/>: <paramref name="explicitPath"/> when given (as <c>-p:SignalContractPath</c>
    /// would be), else the one the package's targets chose for the project's build, else the nearest contract.json in the
    /// project's folder or above; null when there is none.
    /// </summary>
    public static string? PathFor(Project project, string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return explicitPath;
        }

        if (project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(ContractSource.PathProperty, out string? configured))
        {
            return string.IsNullOrWhiteSpace(configured) ? null : configured;
        }

        return project.FilePath is null ? null : ContractFile.FindAbove(Path.GetDirectoryName(project.FilePath)!);
    }
}
