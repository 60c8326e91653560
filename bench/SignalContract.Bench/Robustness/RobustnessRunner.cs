using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SignalContract.Bench.Corpus;
using SignalContract.Bench.Hosting;

namespace SignalContract.Bench.Robustness;

/// <summary>An analyzer exception (or AD0001) found by one case, with what is needed to reproduce it.</summary>
internal sealed record RobustnessFailure(RobustnessCase Case, string Analyzer, string Rules, string Message);

internal sealed record RobustnessReport(
    int Tried,
    int Planned,
    int Sources,
    int Contracts,
    IReadOnlyDictionary<CaseKind, int> TriedByKind,
    IReadOnlyDictionary<string, int> FindingsById,
    IReadOnlyList<RobustnessFailure> Failures,
    bool StoppedByTimeLimit,
    TimeSpan Elapsed);

/// <summary>
/// The <c>robustness</c> mode: analyses half-typed files, files with a token deleted and broken contracts, and fails on
/// any exception an analyzer throws.
/// </summary>
internal static class RobustnessRunner
{
    /// <summary>A case that runs this long is reported as a hang: an analyzer stuck in a loop is as bad as one that throws.</summary>
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync(BenchOptions options, TextWriter output)
    {
        var analyzers = AnalyzerCatalog.Ours();
        output.WriteLine($"Analyzers ({analyzers.Length}): {string.Join("; ", analyzers.Select(AnalyzerCatalog.Describe))}");
        output.WriteLine($"Planning: corpus {options.CorpusSize}x, repository {BuildPaths.RepositoryRoot}, at most {options.Cases} cases, time limit {options.TimeLimit.TotalSeconds:F0} s");
        var corpus = CorpusGenerator.Generate(options.CorpusSize, options.Seed, SourceGenerators.HasMetricsGenerator);
        var plan = RobustnessPlan.Build(corpus, BuildPaths.RepositoryRoot, options.Cases, options.Seed);
        var report = await RunAsync(plan, analyzers, options.Cases, options.TimeLimit, output).ConfigureAwait(false);
        Print(report, output);
        return report.Failures.Count == 0 ? 0 : 1;
    }

    public static async Task<RobustnessReport> RunAsync(RobustnessPlan plan, ImmutableArray<DiagnosticAnalyzer> analyzers, int maxCases, TimeSpan timeLimit, TextWriter? progress)
    {
        var cases = plan.Cases.Take(maxCases).ToList();
        var compilationOptions = CorpusCompiler.Options(analyzers);
        var baseCompilation = CSharpCompilation.Create("Robustness", references: ReferenceSet.Create(), options: compilationOptions);
        var additionalTexts = new ConcurrentDictionary<ContractVariant, ImmutableArray<AdditionalText>>();
        var failures = new ConcurrentBag<RobustnessFailure>();
        var tried = new ConcurrentDictionary<CaseKind, int>();
        var findings = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        int done = 0;

        var stopwatch = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(timeLimit);
        bool stopped = false;
        try
        {
            await Parallel.ForEachAsync(
                cases,
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = stop.Token },
                async (@case, token) =>
                {
                    var found = await RunCaseAsync(@case, baseCompilation, analyzers, additionalTexts, findings, token).ConfigureAwait(false);
                    if (found is null)
                    {
                        return; // stopped by the time limit mid-case: not a case tried
                    }

                    foreach (var failure in found)
                    {
                        failures.Add(failure);
                    }

                    tried.AddOrUpdate(@case.Kind, 1, (_, n) => n + 1);
                    int count = Interlocked.Increment(ref done);
                    if (progress is not null && count % 500 == 0)
                    {
                        progress.WriteLine($"  {count} cases, {failures.Count} failures, {stopwatch.Elapsed.TotalSeconds:F0} s");
                    }
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            stopped = true;
        }

        var ordered = failures.OrderBy(f => f.Case.Number).ToList();
        return new RobustnessReport(done, cases.Count, plan.SourceCount, plan.ContractCount, new Dictionary<CaseKind, int>(tried), new Dictionary<string, int>(findings, StringComparer.Ordinal), ordered, stopped, stopwatch.Elapsed);
    }

    /// <summary>The failures of one case; null when the run's time limit cancelled it before it finished.</summary>
    private static async Task<IReadOnlyList<RobustnessFailure>?> RunCaseAsync(
        RobustnessCase @case,
        CSharpCompilation baseCompilation,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        ConcurrentDictionary<ContractVariant, ImmutableArray<AdditionalText>> additionalTexts,
        ConcurrentDictionary<string, int> findings,
        CancellationToken stop)
    {
        var tree = CSharpSyntaxTree.ParseText(@case.Text, CorpusCompiler.ParseOptions, @case.Source.Path.Contains(".cs", StringComparison.Ordinal) ? @case.Source.Path : @case.Source.Path + ".cs", cancellationToken: stop);
        Compilation compilation = baseCompilation.AddSyntaxTrees(@case.Source.Context.Add(tree));
        string text = @case.Source.Text;
        if (text.Contains("[LoggerMessage", StringComparison.Ordinal) || text.Contains("[Counter", StringComparison.Ordinal) || text.Contains("[Histogram", StringComparison.Ordinal))
        {
            CSharpGeneratorDriver.Create(SourceGenerators.All, parseOptions: CorpusCompiler.ParseOptions)
                .RunGeneratorsAndUpdateCompilation(compilation, out compilation, out _, stop);
        }

        var files = additionalTexts.GetOrAdd(@case.Contract, MakeAdditionalTexts);
        var provider = @case.Contract.ConfiguredPath is { } path
            ? new GlobalOptionsProvider(new Dictionary<string, string> { ["build_property.SignalContractPath"] = path })
            : null;
        var options = provider is null ? new AnalyzerOptions(files) : new AnalyzerOptions(files, provider);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(CaseTimeout);
        var result = new List<RobustnessFailure>();
        try
        {
            var run = await AnalyzerRun.ExecuteAsync(compilation, analyzers, options, concurrent: false, @case.WholeCompilation ? null : tree, timeout.Token).ConfigureAwait(false);
            foreach (var failure in run.Failures)
            {
                result.Add(new RobustnessFailure(@case, failure.Analyzer.GetType().FullName!, Rules(failure.Analyzer), failure.Exception.ToString()));
            }

            foreach (var diagnostic in run.Diagnostics)
            {
                findings.AddOrUpdate(diagnostic.Id, 1, (_, n) => n + 1);
                if (diagnostic.Id is "AD0001" or "AD0002")
                {
                    result.Add(new RobustnessFailure(@case, "(reported as " + diagnostic.Id + ")", string.Empty, diagnostic.ToString()));
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            result.Add(new RobustnessFailure(@case, "(unknown)", string.Empty, $"analysis did not finish in {CaseTimeout.TotalSeconds:F0} s"));
        }
        catch (Exception e)
        {
            // The driver itself failed: an analyzer broke something it should not have been able to.
            result.Add(new RobustnessFailure(@case, "(analyzer driver)", string.Empty, e.ToString()));
        }

        return result;
    }

    private static ImmutableArray<AdditionalText> MakeAdditionalTexts(ContractVariant contract)
    {
        var files = ImmutableArray.CreateBuilder<AdditionalText>();
        if (contract.Text is not null)
        {
            files.Add(new InMemoryAdditionalText("/corpus/contract.json", contract.Text));
        }

        if (contract.SecondContract is not null)
        {
            files.Add(new InMemoryAdditionalText("/other/contract.json", contract.SecondContract));
        }

        files.Add(new InMemoryAdditionalText("/corpus/appsettings.json", "{ \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } } }"));
        return files.ToImmutable();
    }

    private static string Rules(DiagnosticAnalyzer analyzer) => string.Join(", ", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct());

    private static void Print(RobustnessReport report, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Tried {report.Tried:N0} of {report.Planned:N0} planned cases in {report.Elapsed.TotalSeconds:F0} s"
            + (report.StoppedByTimeLimit ? " (stopped by the time limit)" : string.Empty)
            + $": {string.Join(", ", report.TriedByKind.OrderBy(p => p.Key).Select(p => $"{p.Value:N0} {p.Key.ToString().ToLowerInvariant()}"))}; "
            + $"{report.Sources:N0} source files, {report.Contracts:N0} contract variants.");
        output.WriteLine("Findings the rules reported along the way: "
            + string.Join(", ", report.FindingsById.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:N0}").DefaultIfEmpty("none")));
        if (report.Failures.Count == 0)
        {
            output.WriteLine("Analyzer exceptions: 0");
            return;
        }

        output.WriteLine($"Analyzer exceptions: {report.Failures.Count}");
        string folder = Path.Combine(BuildPaths.RepositoryRoot, "bench", "results", "robustness-failures");
        Directory.CreateDirectory(folder);
        foreach (var failure in report.Failures.Take(50))
        {
            string stem = Path.Combine(folder, "case-" + failure.Case.Number);
            File.WriteAllText(stem + ".cs", failure.Case.Text);
            if (failure.Case.Contract.Text is { } contract)
            {
                File.WriteAllText(stem + ".contract.json", contract);
            }

            output.WriteLine();
            output.WriteLine($"{failure.Analyzer} [{failure.Rules}]");
            output.WriteLine("  " + failure.Case.Describe());
            output.WriteLine($"  input saved as {stem}.cs" + (failure.Case.Contract.Text is null ? string.Empty : $" and {stem}.contract.json"));
            foreach (string line in failure.Message.Split('\n').Take(12))
            {
                output.WriteLine("  " + line.TrimEnd());
            }
        }
    }
}
