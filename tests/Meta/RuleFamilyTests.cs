using System.Collections.Generic;
using System.Collections.Immutable;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Infrastructure;
using SignalContract.Analyzers.Tests.Verifiers;
using SignalContract.Bench.Corpus;
using SignalContract.Bench.Hosting;

namespace SignalContract.Analyzers.Tests.Meta;

/// <summary>
/// The package exports one analyzer per rule family, and the rule classes run inside them. These tests hold the
/// families to what the rules do alone: the same rules, the same IDs, the same findings.
/// </summary>
public class RuleFamilyTests
{
    [Fact]
    public void EveryAnalyzerClass_IsExportedOrInExactlyOneFamily()
    {
        var families = RuleCatalog.Exported.OfType<RuleFamilyAnalyzer>().ToList();
        Assert.NotEmpty(families);
        var members = families.SelectMany(f => f.Rules).Select(r => r.GetType()).ToList();
        Assert.Equal(members.Count, members.Distinct().Count());

        var classes = typeof(ContractSource).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t));
        foreach (var type in classes)
        {
            bool exported = type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null;
            bool inFamily = members.Contains(type);
            Assert.True(exported != inFamily, $"{type.Name} must be either exported or run by one family (exported: {exported}, in a family: {inFamily})");
            Assert.False(exported && typeof(SignalContractAnalyzer).IsAssignableFrom(type), $"{type.Name} is a rule: it runs inside its family");
        }
    }

    [Fact]
    public void Family_SupportsExactlyTheIDsOfItsRules()
    {
        foreach (var family in RuleCatalog.Exported.OfType<RuleFamilyAnalyzer>())
        {
            var ids = family.SupportedDiagnostics.Select(d => d.Id).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.Equal(
                family.Rules.SelectMany(r => r.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal),
                ids.OrderBy(id => id, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void ExportedAnalyzers_SupportEveryRule() =>
        Assert.Equal(
            RuleCatalog.Descriptors.Select(d => d.Id),
            RuleCatalog.Exported.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal));

    [Fact]
    public async Task Families_ReportWhatTheirRulesReportAlone()
    {
        var corpus = CorpusGenerator.Generate(0.25, seed: 5, SourceGenerators.HasMetricsGenerator);
        var compilation = CorpusCompiler.Compile(CorpusCompiler.Parse(corpus.Files), CorpusCompiler.Options(RuleCatalog.Analyzers));
        var options = new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText("/corpus/contract.json", corpus.Contract)));

        var (together, alone) = await TogetherAndAloneAsync(compilation, options);
        var families = together.Select(f => f.Substring(0, "OBS0".Length)).Distinct().OrderBy(p => p, StringComparer.Ordinal);
        Assert.Equal(["OBS0", "OBS1", "OBS2", "OBS3", "OBS4"], families);
        Assert.Equal(alone, together);
    }

    [Fact]
    public async Task Families_ReportFromSymbolActionsAsTheirRulesDo()
    {
        // [LoggerMessage] declarations are judged by symbol actions, which the family shares between its rules.
        const string Source = """
            using Microsoft.Extensions.Logging;

            public static partial class SignInLog
            {
                [LoggerMessage(1, LogLevel.Information, "Customer {Email} signed in")]
                public static partial void SignedIn(ILogger logger, string email);

                [LoggerMessage(2, LogLevel.Warning, "Sign-in failed for {RequestID}")]
                public static partial void Failed(ILogger logger, string requestID, string password);
            }
            """;
        const string Contract = """{ "version": 1, "logs": { "requiredFields": ["request_id"] }, "pii": { } }""";
        var compilation = CSharpCompilation.Create(
            "SignIn",
            [CSharpSyntaxTree.ParseText(Source, path: "/0/SignInLog.cs")],
            TestReferences.Net80.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var options = new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText(TestContract.Path, Contract)));

        var (together, alone) = await TogetherAndAloneAsync(compilation, options);
        Assert.Contains(together, f => f.StartsWith("OBS4001 ", StringComparison.Ordinal));
        Assert.Contains(together, f => f.StartsWith("OBS2001 ", StringComparison.Ordinal));
        Assert.Equal(alone, together);
    }

    /// <summary>The findings of the exported analyzers, and those of every rule class run by itself, both sorted.</summary>
    private static async Task<(List<string> Together, List<string> Alone)> TogetherAndAloneAsync(Compilation compilation, AnalyzerOptions options)
    {
        var together = await FindingsAsync(compilation, RuleCatalog.Exported, options);
        var alone = new List<string>();
        foreach (var rule in RuleCatalog.Analyzers)
        {
            alone.AddRange(await FindingsAsync(compilation, [rule], options));
        }

        alone.Sort(StringComparer.Ordinal);
        return (together, alone);
    }

    private static async Task<List<string>> FindingsAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options)
    {
        var failures = new List<string>();
        var diagnostics = await compilation
            .WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(options, (e, a, _) => failures.Add(a.GetType().Name + ": " + e), concurrentAnalysis: true, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.Empty(failures);
        return diagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage()}").OrderBy(s => s, StringComparer.Ordinal).ToList();
    }
}
