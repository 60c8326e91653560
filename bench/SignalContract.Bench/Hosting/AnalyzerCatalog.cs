using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SignalContract.Analyzers.Infrastructure;

namespace SignalContract.Bench.Hosting;

/// <summary>The analyzers the harness runs: ours, found by reflection, and the peer logging analyzers of NetAnalyzers.</summary>
internal static class AnalyzerCatalog
{
    /// <summary>The NetAnalyzers rules about logging calls, the closest peer to our rules.</summary>
    public static readonly ImmutableHashSet<string> PeerRuleIds = ImmutableHashSet.Create("CA1848", "CA2254", "CA2017", "CA1727", "CA2253");

    /// <summary>
    /// Every concrete <see cref="DiagnosticAnalyzer"/> with <c>[DiagnosticAnalyzer]</c> in SignalContract.Analyzers,
    /// so a rule added on any branch is measured and fuzzed without touching the harness.
    /// </summary>
    public static ImmutableArray<DiagnosticAnalyzer> Ours()
    {
        var assembly = typeof(SignalContractAnalyzer).Assembly;
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types.Where(t => t is not null).ToArray()!;
        }

        return types
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t, nonPublic: true)!)
            .ToImmutableArray();
    }

    /// <summary>The NetAnalyzers analyzers that report any of <see cref="PeerRuleIds"/>; empty when the package is missing.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Peer(out string source)
    {
        string folder = Path.Combine(BuildPaths.NetAnalyzersPackage, "analyzers", "dotnet", "cs");
        source = folder;
        if (!Directory.Exists(folder))
        {
            return ImmutableArray<DiagnosticAnalyzer>.Empty;
        }

        var found = new List<DiagnosticAnalyzer>();
        foreach (string dll in Directory.GetFiles(folder, "*.dll").OrderBy(p => p, StringComparer.Ordinal))
        {
            var reference = new AnalyzerFileReference(dll, PathAnalyzerLoader.Instance);
            foreach (var analyzer in reference.GetAnalyzers(LanguageNames.CSharp))
            {
                if (analyzer.SupportedDiagnostics.Any(d => PeerRuleIds.Contains(d.Id)))
                {
                    found.Add(analyzer);
                }
            }
        }

        return found.ToImmutableArray();
    }

    public static string Describe(DiagnosticAnalyzer analyzer) =>
        analyzer.GetType().Name + " (" + string.Join(", ", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct()) + ")";
}
