using System.Collections.Generic;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Analyzers.Tests.Meta;

/// <summary>Everything the package ships, found by reflection, so the meta-tests cover rules added later.</summary>
internal static class RuleCatalog
{
    public static ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = typeof(Descriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>What the package exports, as the compiler loads it: the rule families and the contract's own analyzer.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Exported { get; } = typeof(ContractDiagnosticsAnalyzer).Assembly
        .GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>Every rule class: the exported analyzers with each family replaced by its rules.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = Exported
        .SelectMany(a => a is RuleFamilyAnalyzer family ? family.Rules : [a])
        .OrderBy(a => a.GetType().FullName, StringComparer.Ordinal)
        .ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> CodeFixes { get; } = LoadCodeFixes();

    public static DiagnosticDescriptor Descriptor(string id) => Descriptors.Single(d => d.Id == id);

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in Descriptors)
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    /// <summary>The names of every rule class and every exported analyzer.</summary>
    public static TheoryData<string> AnalyzerNames()
    {
        var data = new TheoryData<string>();
        foreach (string name in Analyzers.Concat(Exported).Select(a => a.GetType().Name).Distinct())
        {
            data.Add(name);
        }

        return data;
    }

    public static DiagnosticAnalyzer Analyzer(string name) => Analyzers.Concat(Exported).First(a => a.GetType().Name == name);

    /// <summary>The IDs some code fix provider offers a fix for.</summary>
    public static ISet<string> FixableIds() => CodeFixes.SelectMany(f => f.FixableDiagnosticIds).ToHashSet(StringComparer.Ordinal);

    private static ImmutableArray<CodeFixProvider> LoadCodeFixes()
    {
        var assembly = Assembly.Load("SignalContract.CodeFixes");
        return assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }
}
