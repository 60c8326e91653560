using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SignalContract.Analyzers.Infrastructure;

/// <summary>
/// The compilation start context a <see cref="RuleFamilyAnalyzer"/> hands its rules. Operation and symbol actions are
/// gathered by kind and registered once per kind by <see cref="Register"/>; every other registration goes straight
/// to the driver's context.
/// </summary>
internal sealed class SharedActions : CompilationStartAnalysisContext
{
    private readonly CompilationStartAnalysisContext _driver;
    private readonly Dictionary<OperationKind, List<Action<OperationAnalysisContext>>> _operationActions = [];
    private readonly Dictionary<SymbolKind, List<Action<SymbolAnalysisContext>>> _symbolActions = [];

    // RS1012 sees no registration here; Register makes them on the context kept.
#pragma warning disable RS1012
    public SharedActions(CompilationStartAnalysisContext driver)
#pragma warning restore RS1012
        : base(driver.Compilation, driver.Options, driver.CancellationToken)
    {
        _driver = driver;
    }

    /// <summary>Registers one action per operation kind and per symbol kind that some rule asked for.</summary>
    public void Register()
    {
        foreach (var pair in _operationActions)
        {
            _driver.RegisterOperationAction(Combine(pair.Value), pair.Key);
        }

        foreach (var pair in _symbolActions)
        {
            _driver.RegisterSymbolAction(Combine(pair.Value), pair.Key);
        }
    }

    public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
    {
        foreach (var kind in operationKinds)
        {
            Add(_operationActions, kind, action);
        }
    }

    public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds)
    {
        foreach (var kind in symbolKinds)
        {
            Add(_symbolActions, kind, action);
        }
    }

    public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => _driver.RegisterCompilationEndAction(action);

    public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => _driver.RegisterSemanticModelAction(action);

    public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => _driver.RegisterSymbolStartAction(action, symbolKind);

    public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => _driver.RegisterCodeBlockStartAction(action);

    public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _driver.RegisterCodeBlockAction(action);

    public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => _driver.RegisterOperationBlockStartAction(action);

    public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _driver.RegisterOperationBlockAction(action);

    public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => _driver.RegisterSyntaxTreeAction(action);

    public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => _driver.RegisterAdditionalFileAction(action);

    public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
        => _driver.RegisterSyntaxNodeAction(action, syntaxKinds);

    private static void Add<TKind, TContext>(Dictionary<TKind, List<Action<TContext>>> actions, TKind kind, Action<TContext> action)
        where TKind : struct
    {
        if (!actions.TryGetValue(kind, out var list))
        {
            list = [];
            actions.Add(kind, list);
        }

        list.Add(action);
    }

    private static Action<TContext> Combine<TContext>(List<Action<TContext>> actions)
    {
        if (actions.Count == 1)
        {
            return actions[0];
        }

        var all = actions.ToArray();
        return context =>
        {
            foreach (var action in all)
            {
                action(context);
            }
        };
    }
}
