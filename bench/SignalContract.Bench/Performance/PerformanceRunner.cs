using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SignalContract.Bench.Corpus;
using SignalContract.Bench.Hosting;

namespace SignalContract.Bench.Performance;

/// <summary>Keeps our analyzers whose type name contains one of the given parts; all of them when none is given.</summary>
internal sealed class AnalyzerFilter
{
    private readonly IReadOnlyList<string> _parts;

    public AnalyzerFilter(IReadOnlyList<string> parts)
    {
        _parts = parts;
    }

    /// <summary>
    /// The analyzers whose type name contains one of the parts; a rule family that does not match by its own name gives
    /// those of its rules that do, each run alone (<c>--only MetricLabel</c> measures MetricLabelAnalyzer by itself).
    /// </summary>
    public ImmutableArray<DiagnosticAnalyzer> Apply(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        if (_parts.Count == 0)
        {
            return analyzers;
        }

        var chosen = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (var analyzer in analyzers)
        {
            if (Matches(analyzer))
            {
                chosen.Add(analyzer);
            }
            else
            {
                chosen.AddRange(RulesOf(analyzer).Where(Matches));
            }
        }

        return chosen.ToImmutable();
    }

    // By reflection: the overhead mode loads our assembly afresh, so its RuleFamilyAnalyzer is another type than ours.
    private static ImmutableArray<DiagnosticAnalyzer> RulesOf(DiagnosticAnalyzer analyzer) =>
        analyzer.GetType().GetProperty("Rules")?.GetValue(analyzer) is ImmutableArray<DiagnosticAnalyzer> rules ? rules : ImmutableArray<DiagnosticAnalyzer>.Empty;

    private bool Matches(DiagnosticAnalyzer analyzer) =>
        _parts.Any(p => analyzer.GetType().Name.Contains(p, StringComparison.OrdinalIgnoreCase));
}

/// <summary>How each repetition runs its analyzer passes.</summary>
/// <param name="Filter">which of our analyzers to run; all when null</param>
/// <param name="Concurrent">analyse with the driver's concurrent mode, as a build does</param>
/// <param name="Baseline">also time a pass of <see cref="BaselineAnalyzer"/></param>
/// <param name="HoldGc">hold garbage collection off during each pass (see <see cref="GcHold"/>)</param>
/// <param name="Warmups">repetitions run first at each size and left out of the results</param>
internal sealed record PassSettings(AnalyzerFilter? Filter = null, bool Concurrent = true, bool Baseline = false, bool HoldGc = true, int Warmups = 0);

/// <summary>One repetition at one size: a fresh parse, compile and analysis.</summary>
internal sealed record Repetition(TimeSpan Compile, TimeSpan CompileCpu, int CompileErrors, AnalyzerRun Ours, AnalyzerRun? Peer, AnalyzerRun? Baseline, long PeakWorkingSet, long PeakHeap);

/// <summary>Every repetition at one corpus size, with the medians the table shows.</summary>
internal sealed class SizeResult
{
    public SizeResult(double size, GeneratedCorpus corpus, CallSiteCount sites, IReadOnlyList<Repetition> repetitions)
    {
        Size = size;
        Files = corpus.Files.Count;
        Lines = corpus.Lines;
        Sites = sites;
        Repetitions = repetitions;
    }

    public double Size { get; }

    public int Files { get; }

    public int Lines { get; }

    public CallSiteCount Sites { get; }

    public IReadOnlyList<Repetition> Repetitions { get; }

    public double CompileSeconds => Median(Repetitions.Select(r => r.Compile.TotalSeconds));

    /// <summary>Processor time of the compile, all threads: the fair base for analyzer time, which is summed over threads too.</summary>
    public double CompileCpuSeconds => Median(Repetitions.Select(r => r.CompileCpu.TotalSeconds));

    public double OurSeconds => Median(Repetitions.Select(r => r.Ours.TotalExecutionTime.TotalSeconds));

    public double OurWallSeconds => Median(Repetitions.Select(r => r.Ours.Wall.TotalSeconds));

    /// <summary>Median wall time of our pass minus that of the baseline pass; null when the baseline was not run.</summary>
    public double? OurWallOverBaselineSeconds => Repetitions.All(r => r.Baseline is not null)
        ? Median(Repetitions.Select(r => r.Ours.Wall.TotalSeconds)) - Median(Repetitions.Select(r => r.Baseline!.Wall.TotalSeconds))
        : null;

    /// <summary>
    /// Median processor time of our pass minus that of the baseline pass: what our analyzers add, in CPU seconds, whatever
    /// else the machine runs. Null when the baseline was not run.
    /// </summary>
    public double? OurCpuOverBaselineSeconds => Repetitions.All(r => r.Baseline is not null)
        ? Median(Repetitions.Select(r => (r.Ours.ProcessorTime - r.Baseline!.ProcessorTime).TotalSeconds))
        : null;

    public double? PeerSeconds => Repetitions.All(r => r.Peer is not null) ? Median(Repetitions.Select(r => r.Peer!.TotalExecutionTime.TotalSeconds)) : null;

    public long PeakWorkingSet => Repetitions.Max(r => r.PeakWorkingSet);

    public long PeakHeap => Repetitions.Max(r => r.PeakHeap);

    public int CompileErrors => Repetitions.Max(r => r.CompileErrors);

    /// <summary>Median seconds of one of our analyzers, by type name (instances differ per repetition).</summary>
    public double AnalyzerSeconds(string typeName) => Median(Repetitions.Select(r =>
        r.Ours.ExecutionTimes.Where(p => p.Key.GetType().FullName == typeName).Sum(p => p.Value.TotalSeconds)));

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

/// <summary>
/// The <c>perf</c> mode: for each size, compile time with no analyzers, then our analyzers, then the peer logging
/// analyzers of NetAnalyzers on the same compilation; medians of several fresh repetitions.
/// </summary>
internal static class PerformanceRunner
{
    private const string ContractPath = "/corpus/contract.json";

    public static async Task<int> RunAsync(BenchOptions options, TextWriter output)
    {
        var filter = new AnalyzerFilter(options.Only);
        var ours = filter.Apply(AnalyzerCatalog.Ours());
        string peerSource = "skipped";
        var peer = options.Peer ? AnalyzerCatalog.Peer(out peerSource) : ImmutableArray<DiagnosticAnalyzer>.Empty;

        WriteMachine(output, ours, peer, peerSource);
        output.WriteLine(options.Sequential ? "Analysis: sequential (concurrentAnalysis off)" : "Analysis: concurrent, as in a build");
        output.WriteLine("Warming up (JIT) on the 1x corpus...");
        using var sampler = new PeakMemorySampler();
        var settings = new PassSettings(filter, !options.Sequential, options.Baseline, !options.AllowGc, options.Warmups);
        // JIT tiering promotes code only after it has run a while with little new code being compiled: a smaller
        // warm-up left the 1x row measuring half-promoted code, at twice the cost per call site of later sizes.
        await MeasureAsync(1, options.Seed, 1, peer, sampler, null, settings).ConfigureAwait(false);

        var results = new List<SizeResult>();
        foreach (double size in options.Sizes)
        {
            output.WriteLine($"Size {Format(size)}x: generating...");
            var result = await MeasureAsync(size, options.Seed, options.Repetitions, peer, sampler, output, settings).ConfigureAwait(false);
            results.Add(result);
        }

        output.WriteLine();
        WriteTable(output, results, peer.Length > 0);
        if (options.Baseline)
        {
            output.WriteLine();
            foreach (var r in results)
            {
                double over = r.OurWallOverBaselineSeconds ?? 0;
                double overCpu = r.OurCpuOverBaselineSeconds ?? 0;
                output.WriteLine($"{Format(r.Size)}x: our pass wall {r.OurWallSeconds:F2} s, over the baseline pass {over:F2} s = {100 * over / r.CompileSeconds:F1} % of compile; "
                    + $"processor time over the baseline pass {overCpu:F3} s = {100 * overCpu / r.CompileCpuSeconds:F1} % of compile CPU");
            }
        }

        output.WriteLine();
        WriteAnalyzerTable(output, results, ours);
        output.WriteLine();
        WriteFindings(output, results[^1]);
        bool clean = results.All(r => r.CompileErrors == 0 && r.Repetitions.All(p => p.Ours.Failures.Count == 0));
        if (!clean)
        {
            output.WriteLine("WARNING: the corpus had compile errors or an analyzer threw; the figures above are not trustworthy.");
        }

        return clean ? 0 : 1;
    }

    /// <summary>Generates the corpus of <paramref name="size"/>, counts its call sites and times each repetition.</summary>
    public static async Task<SizeResult> MeasureAsync(
        double size,
        int seed,
        int repetitions,
        ImmutableArray<DiagnosticAnalyzer> peer,
        PeakMemorySampler sampler,
        TextWriter? progress,
        PassSettings? settings = null)
    {
        settings ??= new PassSettings();
        var filter = settings.Filter ?? new AnalyzerFilter(Array.Empty<string>());
        var corpus = CorpusGenerator.Generate(size, seed, SourceGenerators.HasMetricsGenerator);
        var options = CorpusCompiler.Options(filter.Apply(AnalyzerCatalog.Ours()).Concat(peer));

        // Counted on a compilation of its own, so the repetitions below start with nothing bound.
        var counted = CorpusCompiler.Compile(CorpusCompiler.Parse(corpus.Files), options);
        var sites = CallSiteCounter.Count(counted, IsCorpusTree);
        counted = null;
        progress?.WriteLine($"  {corpus.Files.Count} files, {corpus.Lines:N0} lines, {sites.Total:N0} telemetry call sites "
            + $"(metrics {sites.Metrics:N0}, logs {sites.Logs:N0}, traces {sites.Traces:N0}; {100.0 * sites.TelemetryLines / Math.Max(1, sites.Lines):F1}% of lines)");

        var runs = new List<Repetition>();
        for (int i = 0; i < settings.Warmups + repetitions; i++)
        {
            bool warmup = i < settings.Warmups;
            Collect();
            sampler.Reset();
            var ours = filter.Apply(AnalyzerCatalog.Ours());
            var analyzerOptions = new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText(ContractPath, corpus.Contract)));

            var gcBefore = GcActivity.Now();
            var cpuBefore = ProcessorTime();
            var stopwatch = Stopwatch.StartNew();
            var compilation = CorpusCompiler.Compile(CorpusCompiler.Parse(corpus.Files), options);
            var diagnostics = compilation.GetDiagnostics();
            stopwatch.Stop();
            var cpu = ProcessorTime() - cpuBefore;
            var compileGc = GcActivity.Now() - gcBefore;
            int errors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);

            // A pass binds the compilation again, so it allocates about what the compile did (a third more, measured);
            // the region gets half as much again, within a quarter of the machine's memory.
            long region = settings.HoldGc ? Math.Min(3 * compileGc.AllocatedBytes / 2 + (256L << 20), GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4) : 0;
            var ourRun = await PassAsync(compilation, ours, analyzerOptions, settings.Concurrent, region).ConfigureAwait(false);
            var peerRun = peer.IsEmpty ? null : await PassAsync(compilation, peer, analyzerOptions, settings.Concurrent, region).ConfigureAwait(false);
            var baselineRun = settings.Baseline
                ? await PassAsync(compilation, ImmutableArray.Create<DiagnosticAnalyzer>(new BaselineAnalyzer()), analyzerOptions, settings.Concurrent, region).ConfigureAwait(false)
                : null;
            var repetition = new Repetition(stopwatch.Elapsed, cpu, errors, ourRun, peerRun, baselineRun, sampler.PeakWorkingSet, sampler.PeakHeap);
            if (!warmup)
            {
                runs.Add(repetition);
            }

            progress?.WriteLine($"  {(warmup ? "warm-up" : "rep " + (i - settings.Warmups + 1))}: compile {repetition.Compile.TotalSeconds:F2} s, CPU {cpu.TotalSeconds:F2} s ({errors} errors; {compileGc}); "
                + $"ours {ourRun.TotalExecutionTime.TotalSeconds:F3} s (pass wall {ourRun.Wall.TotalSeconds:F2} s, {ourRun.Diagnostics.Length} findings, {ourRun.Failures.Count} exceptions; {ourRun.Gc})"
                + (peerRun is null ? string.Empty : $"; peer {peerRun.TotalExecutionTime.TotalSeconds:F3} s ({peerRun.Diagnostics.Length} findings; pass wall {peerRun.Wall.TotalSeconds:F2} s, {peerRun.Gc})")
                + (baselineRun is null ? string.Empty : $"; baseline {baselineRun.TotalExecutionTime.TotalSeconds:F3} s in callbacks (pass wall {baselineRun.Wall.TotalSeconds:F2} s, CPU {baselineRun.ProcessorTime.TotalSeconds:F2} s against ours {ourRun.ProcessorTime.TotalSeconds:F2} s, {baselineRun.Gc})"));
            foreach (var failure in ourRun.Failures.Take(3))
            {
                progress?.WriteLine("    analyzer exception: " + failure.Diagnostic);
            }
        }

        return new SizeResult(size, corpus, sites, runs);
    }

    /// <summary>One analyzer pass, with collections held off for up to <paramref name="region"/> bytes when it is not zero.</summary>
    private static async Task<AnalyzerRun> PassAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options, bool concurrent, long region)
    {
        if (region == 0)
        {
            return await AnalyzerRun.ExecuteAsync(compilation, analyzers, options, concurrent).ConfigureAwait(false);
        }

        Collect();
        using var hold = GcHold.Start(region);
        return await AnalyzerRun.ExecuteAsync(compilation, analyzers, options, concurrent).ConfigureAwait(false);
    }

    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static bool IsCorpusTree(SyntaxTree tree) => tree.FilePath.StartsWith("/corpus/", StringComparison.Ordinal);

    /// <summary>A full, compacting collection that also hands free memory back to the system, so held passes start level.</summary>
    private static void Collect()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private static void WriteMachine(TextWriter output, ImmutableArray<DiagnosticAnalyzer> ours, ImmutableArray<DiagnosticAnalyzer> peer, string peerSource)
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        output.WriteLine($"Machine: {Environment.ProcessorCount} logical cores, {memory / (1024.0 * 1024 * 1024):F1} GiB, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        output.WriteLine($"Host Roslyn: {typeof(CSharpCompilation).Assembly.GetName().Version}; references: {ReferenceSet.FrameworkSource} + {ReferenceSet.Paths.Length} assemblies in all");
        output.WriteLine($"Generators: {string.Join(", ", SourceGenerators.All.Select(g => g.GetGeneratorType().Name))}");
        output.WriteLine($"Our analyzers ({ours.Length}): {string.Join("; ", ours.Select(AnalyzerCatalog.Describe))}");
        output.WriteLine($"Peer ({peerSource}): {(peer.IsEmpty ? "none" : string.Join("; ", peer.Select(AnalyzerCatalog.Describe)))}");
    }

    private static void WriteTable(TextWriter output, IReadOnlyList<SizeResult> results, bool hasPeer)
    {
        output.WriteLine("| size | lines | call sites | compile s | compile CPU s | our s | our / compile | our / compile CPU | our µs / call site | peer s | peer µs / call site | peer µs / log call site | peak working set | peak GC heap |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            double our = r.OurSeconds;
            double? peer = hasPeer ? r.PeerSeconds : null;
            output.WriteLine(string.Join(" | ", new[]
            {
                "| " + Format(r.Size) + "x",
                r.Lines.ToString("N0", CultureInfo.InvariantCulture),
                r.Sites.Total.ToString("N0", CultureInfo.InvariantCulture),
                r.CompileSeconds.ToString("F2", CultureInfo.InvariantCulture),
                r.CompileCpuSeconds.ToString("F2", CultureInfo.InvariantCulture),
                our.ToString("F3", CultureInfo.InvariantCulture),
                (100 * our / r.CompileSeconds).ToString("F2", CultureInfo.InvariantCulture) + " %",
                (100 * our / r.CompileCpuSeconds).ToString("F2", CultureInfo.InvariantCulture) + " %",
                PerSite(our, r.Sites.Total),
                peer?.ToString("F3", CultureInfo.InvariantCulture) ?? "n/a",
                peer is null ? "n/a" : PerSite(peer.Value, r.Sites.Total),
                peer is null ? "n/a" : PerSite(peer.Value, r.Sites.Logs),
                Megabytes(r.PeakWorkingSet),
                Megabytes(r.PeakHeap) + " |",
            }));
        }

        output.WriteLine();
        output.WriteLine("compile s: wall time of parse + source generators + binding + all compiler diagnostics, no analyzers; compile CPU s: the");
        output.WriteLine("processor time of the same, over all threads. our s / peer s: time inside the analyzers' callbacks as the analyzer driver");
        output.WriteLine("measures it (logAnalyzerExecutionTime), summed over analyzers and threads. Medians of the repetitions.");
    }

    private static void WriteAnalyzerTable(TextWriter output, IReadOnlyList<SizeResult> results, ImmutableArray<DiagnosticAnalyzer> ours)
    {
        output.Write("| analyzer | rules |");
        foreach (var r in results)
        {
            output.Write($" {Format(r.Size)}x s | {Format(r.Size)}x % of compile | {Format(r.Size)}x µs / call site |");
        }

        output.WriteLine();
        output.Write("|---|---|");
        foreach (var _ in results)
        {
            output.Write("---:|---:|---:|");
        }

        output.WriteLine();
        foreach (var analyzer in ours)
        {
            string type = analyzer.GetType().FullName!;
            output.Write($"| {analyzer.GetType().Name} | {string.Join(", ", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct())} |");
            foreach (var r in results)
            {
                double seconds = r.AnalyzerSeconds(type);
                output.Write($" {seconds:F3} | {100 * seconds / r.CompileSeconds:F2} % | {seconds * 1e6 / Math.Max(1, r.Sites.Total):F1} |");
            }

            output.WriteLine();
        }
    }

    private static void WriteFindings(TextWriter output, SizeResult result)
    {
        var last = result.Repetitions[^1];
        var ours = last.Ours.Diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
        output.WriteLine($"Findings at {Format(result.Size)}x, ours: {string.Join(", ", ours.DefaultIfEmpty("none"))}");
        if (last.Peer is { } peer)
        {
            var theirs = peer.Diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
            output.WriteLine($"Findings at {Format(result.Size)}x, peer: {string.Join(", ", theirs.DefaultIfEmpty("none"))}");
        }
    }

    private static string PerSite(double seconds, int sites) =>
        sites == 0 ? "n/a" : (seconds * 1e6 / sites).ToString("F1", CultureInfo.InvariantCulture);

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024)).ToString("N0", CultureInfo.InvariantCulture) + " MB";

    private static string Format(double size) => size.ToString("0.##", CultureInfo.InvariantCulture);
}
