using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Logs;

/// <summary>The logging rules, OBS2001–OBS2005, as the package runs them: <see cref="LogCallAnalyzer"/> and <see cref="LogScopeExportAnalyzer"/> in one pass.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LogRulesAnalyzer : RuleFamilyAnalyzer
{
    public LogRulesAnalyzer()
        : base(new LogCallAnalyzer(), new LogScopeExportAnalyzer())
    {
    }
}
