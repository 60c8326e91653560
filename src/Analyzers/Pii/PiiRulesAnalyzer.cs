using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Pii;

/// <summary>The personal-data rules, OBS4001–OBS4004, as the package runs them: <see cref="LogPiiAnalyzer"/> and <see cref="TagPiiAnalyzer"/> in one pass.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PiiRulesAnalyzer : RuleFamilyAnalyzer
{
    public PiiRulesAnalyzer()
        : base(new LogPiiAnalyzer(), new TagPiiAnalyzer())
    {
    }
}
