using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SignalContract.Analyzers.Infrastructure;

/// <summary>
/// Whether a project has switched a rule off, decided as the driver decides it for a whole analyzer, so that a rule
/// inside a <see cref="RuleFamilyAnalyzer"/> costs nothing once its IDs are set to <c>none</c>. Any doubt counts as
/// on: running a rule that was off costs time, and the driver still drops what it reports; skipping one that was on
/// would lose findings.
/// </summary>
internal static class RuleSwitch
{
    private const string AllRulesSeverityKey = "dotnet_analyzer_diagnostic.severity";

    /// <summary>True when every one of <paramref name="descriptors"/> is suppressed for the whole compilation.</summary>
    public static bool IsOff(ImmutableArray<DiagnosticDescriptor> descriptors, Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        foreach (var descriptor in descriptors)
        {
            if (!IsSuppressedEverywhere(descriptor, compilation, options, cancellationToken))
            {
                return false;
            }
        }

        return !descriptors.IsEmpty;
    }

    private static bool IsSuppressedEverywhere(DiagnosticDescriptor descriptor, Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var treeOptions = compilation.Options.SyntaxTreeOptionsProvider;
        bool suppressed;
        if (compilation.Options.SpecificDiagnosticOptions.TryGetValue(descriptor.Id, out var specific))
        {
            suppressed = specific == ReportDiagnostic.Suppress;
        }
        else if (treeOptions is not null && treeOptions.TryGetGlobalDiagnosticValue(descriptor.Id, cancellationToken, out var global))
        {
            suppressed = global == ReportDiagnostic.Suppress;
        }
        else
        {
            suppressed = !descriptor.IsEnabledByDefault;
        }

        if (!suppressed)
        {
            return false;
        }

        // A file's .editorconfig can turn the rule back on, by its ID or by a bulk setting for all rules or its category.
        string categoryKey = "dotnet_analyzer_diagnostic.category-" + descriptor.Category + ".severity";
        if (HasBulkSeverity(options.AnalyzerConfigOptionsProvider.GlobalOptions, categoryKey))
        {
            return false;
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            if (treeOptions is not null
                && treeOptions.TryGetDiagnosticValue(tree, descriptor.Id, cancellationToken, out var perTree)
                && perTree != ReportDiagnostic.Suppress)
            {
                return false;
            }

            if (HasBulkSeverity(options.AnalyzerConfigOptionsProvider.GetOptions(tree), categoryKey))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasBulkSeverity(AnalyzerConfigOptions options, string categoryKey) =>
        options.TryGetValue(AllRulesSeverityKey, out _) || options.TryGetValue(categoryKey, out _);
}
