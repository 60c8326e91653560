using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SignalContract.Analyzers.Infrastructure;

/// <summary>
/// The analyzer the package exports for one family of rules. Each rule stays a class of its own, tested alone; here
/// the family's rules run as one analyzer. The driver pays for every analyzer that asks for operations: it walks each
/// method's operations once per analyzer and makes a callback per analyzer for every operation of a kind asked for.
/// Fourteen separate analyzers made that walk fourteen times and most invocations eleven callbacks; a family makes one
/// walk and one callback per operation, and hands the operation to each of its rules that asked for that kind.
/// </summary>
public abstract class RuleFamilyAnalyzer : DiagnosticAnalyzer
{
    private readonly ImmutableArray<SignalContractAnalyzer> _rules;

    private protected RuleFamilyAnalyzer(params SignalContractAnalyzer[] rules)
    {
        _rules = ImmutableArray.Create(rules);
        var descriptors = ImmutableArray.CreateBuilder<DiagnosticDescriptor>();
        var ids = new HashSet<string>();
        foreach (var rule in rules)
        {
            foreach (var descriptor in rule.SupportedDiagnostics)
            {
                if (ids.Add(descriptor.Id))
                {
                    descriptors.Add(descriptor);
                }
            }
        }

        SupportedDiagnostics = descriptors.ToImmutable();
    }

    /// <summary>The family's rules, each a <see cref="DiagnosticAnalyzer"/> that can also run alone.</summary>
    public ImmutableArray<DiagnosticAnalyzer> Rules => ImmutableArray<DiagnosticAnalyzer>.CastUp(_rules);

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            // One contract lookup for the family, and no work at all for a rule the project has switched off: the
            // driver skips a whole analyzer whose every rule is off, but it cannot skip part of one.
            var contract = SignalContractAnalyzer.ValidContract(start.Options, start.CancellationToken);
            var actions = new SharedActions(start);
            foreach (var rule in _rules)
            {
                if (!RuleSwitch.IsOff(rule.SupportedDiagnostics, start.Compilation, start.Options, start.CancellationToken))
                {
                    rule.Start(actions, contract);
                }
            }

            actions.Register();
        });
    }
}
