using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Metrics;

/// <summary>The metric rules, OBS1001–OBS1009, as the package runs them: <see cref="MetricNameAnalyzer"/> and <see cref="MetricLabelAnalyzer"/> in one pass.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MetricRulesAnalyzer : RuleFamilyAnalyzer
{
    public MetricRulesAnalyzer()
        : base(new MetricNameAnalyzer(), new MetricLabelAnalyzer())
    {
    }
}
