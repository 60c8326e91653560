using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Infrastructure;
using SignalContract.Analyzers.Logs;
using SignalContract.Analyzers.Tests.Verifiers;
using SignalContract.Bench.Hosting;

namespace SignalContract.Analyzers.Tests.Meta;

/// <summary>
/// A rule the project switched off costs nothing inside its family, as a whole analyzer switched off costs nothing to
/// the driver; any setting that could turn it back on keeps it running.
/// </summary>
public class RuleSwitchTests
{
    private static readonly ImmutableArray<DiagnosticDescriptor> LogRules =
        ImmutableArray.Create(Descriptors.LogMissingRequiredField, Descriptors.LogFieldSpelling);

    private static readonly SyntaxTree Tree = CSharpSyntaxTree.ParseText("class C { }", path: "/0/Test0.cs");

    [Fact]
    public void NothingConfigured_IsOn() =>
        Assert.False(IsOff(Compilation()));

    [Fact]
    public void EveryIdSetToNone_IsOff() =>
        Assert.True(IsOff(Compilation(specific: Suppress(LogRules))));

    [Fact]
    public void OneIdStillOn_IsOn() =>
        Assert.False(IsOff(Compilation(specific: Suppress(LogRules.Take(1)))));

    [Fact]
    public void GlobalConfigSetsEveryIdToNone_IsOff() =>
        Assert.True(IsOff(Compilation(trees: new TreeOptions(global: Suppress(LogRules)))));

    [Fact]
    public void CommandLineTurnsOnWhatGlobalConfigSuppresses_IsOn()
    {
        var specific = LogRules.ToImmutableDictionary(d => d.Id, _ => ReportDiagnostic.Error);
        Assert.False(IsOff(Compilation(specific: specific, trees: new TreeOptions(global: Suppress(LogRules)))));
    }

    [Fact]
    public void OneFileTurnsTheRuleBackOn_IsOn()
    {
        var perTree = Suppress(LogRules).SetItem(LogRules[1].Id, ReportDiagnostic.Warn);
        Assert.False(IsOff(Compilation(specific: Suppress(LogRules), trees: new TreeOptions(perTree: perTree))));
    }

    [Theory]
    [InlineData("dotnet_analyzer_diagnostic.severity")]
    [InlineData("dotnet_analyzer_diagnostic.category-Logs.severity")]
    public void BulkSeverityConfigured_IsOn(string key)
    {
        Assert.Equal("Logs", LogRules[0].Category);
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new GlobalOptionsProvider(ImmutableDictionary<string, string>.Empty.Add(key, "warning")));
        Assert.False(RuleSwitch.IsOff(LogRules, Compilation(specific: Suppress(LogRules)), options, CancellationToken.None));
    }

    [Fact]
    public async Task RuleSwitchedOff_RegistersNothingInItsFamily()
    {
        // OBS2005 alone is LogScopeExportAnalyzer: with it off, the family has no assignment action and no end action of its.
        var on = await LogFamilyTelemetryAsync(ImmutableDictionary<string, ReportDiagnostic>.Empty);
        var off = await LogFamilyTelemetryAsync(ImmutableDictionary<string, ReportDiagnostic>.Empty.Add(Descriptors.LogScopesNotExported.Id, ReportDiagnostic.Suppress));

        Assert.Equal(on.CompilationEndActionsCount - 1, off.CompilationEndActionsCount);
        Assert.Equal(on.OperationActionsCount - 1, off.OperationActionsCount);
    }

    [Fact]
    public async Task Family_RegistersOneOperationActionPerKind()
    {
        // Both logging rules ask for invocations; the family asks the driver once.
        var family = await LogFamilyTelemetryAsync(ImmutableDictionary<string, ReportDiagnostic>.Empty);
        var rules = new LogRulesAnalyzer().Rules;
        int alone = 0;
        foreach (var rule in rules)
        {
            alone += (await TelemetryAsync(rule, ImmutableDictionary<string, ReportDiagnostic>.Empty)).OperationActionsCount;
        }

        Assert.True(family.OperationActionsCount < alone, $"family {family.OperationActionsCount}, rules alone {alone}");
    }

    private static bool IsOff(Compilation compilation) =>
        RuleSwitch.IsOff(LogRules, compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), CancellationToken.None);

    private static ImmutableDictionary<string, ReportDiagnostic> Suppress(IEnumerable<DiagnosticDescriptor> descriptors) =>
        descriptors.ToImmutableDictionary(d => d.Id, _ => ReportDiagnostic.Suppress);

    private static Compilation Compilation(ImmutableDictionary<string, ReportDiagnostic>? specific = null, SyntaxTreeOptionsProvider? trees = null) =>
        CSharpCompilation.Create(
            "Switch",
            [Tree],
            TestReferences.Net80.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
                .WithSpecificDiagnosticOptions(specific ?? ImmutableDictionary<string, ReportDiagnostic>.Empty)
                .WithSyntaxTreeOptionsProvider(trees));

    private static Task<AnalyzerTelemetryInfo> LogFamilyTelemetryAsync(ImmutableDictionary<string, ReportDiagnostic> specific) =>
        TelemetryAsync(new LogRulesAnalyzer(), specific);

    private static async Task<AnalyzerTelemetryInfo> TelemetryAsync(DiagnosticAnalyzer analyzer, ImmutableDictionary<string, ReportDiagnostic> specific)
    {
        const string Source = """
            using Microsoft.Extensions.Logging;

            class Orders(ILogger<Orders> logger)
            {
                public void Place(string requestId) => logger.LogInformation("Placed {request_id}", requestId);
            }
            """;
        const string Contract = """{ "version": 1, "logs": { "requiredFields": ["request_id"] } }""";
        var compilation = CSharpCompilation.Create(
            "Orders",
            [CSharpSyntaxTree.ParseText(Source, path: "/0/Orders.cs")],
            TestReferences.Net80.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary).WithSpecificDiagnosticOptions(specific));
        return await AnalyzerTelemetry.OfAsync(analyzer, compilation, Contract);
    }

    /// <summary>Severities as .editorconfig and global config files give them, without files.</summary>
    private sealed class TreeOptions(
        ImmutableDictionary<string, ReportDiagnostic>? global = null,
        ImmutableDictionary<string, ReportDiagnostic>? perTree = null) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            Find(perTree, diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            Find(global, diagnosticId, out severity);

        private static bool Find(ImmutableDictionary<string, ReportDiagnostic>? severities, string id, out ReportDiagnostic severity)
        {
            severity = default;
            return severities is not null && severities.TryGetValue(id, out severity);
        }
    }
}
