using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SignalContract.Bench.Hosting;

/// <summary>An exception an analyzer threw, as the analyzer driver reported it.</summary>
internal sealed record AnalyzerFailure(DiagnosticAnalyzer Analyzer, Exception Exception, string Diagnostic);

/// <summary>The outcome of running a set of analyzers over one compilation.</summary>
internal sealed class AnalyzerRun
{
    private AnalyzerRun(
        ImmutableArray<Diagnostic> diagnostics,
        TimeSpan wall,
        TimeSpan processorTime,
        IReadOnlyDictionary<DiagnosticAnalyzer, TimeSpan> executionTimes,
        IReadOnlyDictionary<DiagnosticAnalyzer, int> registeredActions,
        IReadOnlyList<AnalyzerFailure> failures,
        GcActivity gc)
    {
        Gc = gc;
        Diagnostics = diagnostics;
        Wall = wall;
        ProcessorTime = processorTime;
        ExecutionTimes = executionTimes;
        RegisteredActions = registeredActions;
        Failures = failures;
    }

    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>Wall time of the whole pass; it includes the driver's own binding of the compilation.</summary>
    public TimeSpan Wall { get; }

    /// <summary>
    /// Processor time of the whole process over the pass, all threads: unlike the wall time and the callbacks' own
    /// stopwatches, it does not grow while the pass waits for a core, so two passes compare on a busy machine too.
    /// </summary>
    public TimeSpan ProcessorTime { get; }

    /// <summary>Time spent inside each analyzer's callbacks, from the driver's execution-time telemetry.</summary>
    public IReadOnlyDictionary<DiagnosticAnalyzer, TimeSpan> ExecutionTimes { get; }

    /// <summary>How many actions each analyzer registered: zero means it never got past its own early returns.</summary>
    public IReadOnlyDictionary<DiagnosticAnalyzer, int> RegisteredActions { get; }

    public IReadOnlyList<AnalyzerFailure> Failures { get; }

    /// <summary>What the garbage collector did during the pass, whoever caused it.</summary>
    public GcActivity Gc { get; }

    public TimeSpan TotalExecutionTime
    {
        get
        {
            var total = TimeSpan.Zero;
            foreach (var time in ExecutionTimes.Values)
            {
                total += time;
            }

            return total;
        }
    }

    /// <summary>
    /// Runs <paramref name="analyzers"/> on <paramref name="compilation"/>. With <paramref name="document"/>, only that
    /// tree's syntax and semantic diagnostics are computed, as the IDE does for the file being edited; otherwise the
    /// whole compilation is analysed, including compilation-end and additional-file actions, as a build does.
    /// </summary>
    public static async Task<AnalyzerRun> ExecuteAsync(
        Compilation compilation,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        AnalyzerOptions options,
        bool concurrent,
        SyntaxTree? document = null,
        CancellationToken cancellationToken = default)
    {
        var failures = new ConcurrentQueue<AnalyzerFailure>();
        var withAnalyzers = compilation.WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(
                options,
                (exception, analyzer, diagnostic) => failures.Enqueue(new AnalyzerFailure(analyzer, exception, diagnostic.ToString())),
                concurrentAnalysis: concurrent,
                logAnalyzerExecutionTime: true,
                reportSuppressedDiagnostics: false));

        var gcBefore = GcActivity.Now();
        var cpuBefore = CurrentProcessorTime();
        var stopwatch = Stopwatch.StartNew();
        ImmutableArray<Diagnostic> diagnostics;
        if (document is null)
        {
            diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var syntax = await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(document, cancellationToken).ConfigureAwait(false);
            var semantic = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(document), null, cancellationToken).ConfigureAwait(false);
            diagnostics = syntax.AddRange(semantic);
        }

        stopwatch.Stop();
        var cpu = CurrentProcessorTime() - cpuBefore;
        var gc = GcActivity.Now() - gcBefore;
        var times = new Dictionary<DiagnosticAnalyzer, TimeSpan>();
        var actions = new Dictionary<DiagnosticAnalyzer, int>();
        foreach (var analyzer in analyzers)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken).ConfigureAwait(false);
            times[analyzer] = telemetry.ExecutionTime;
            actions[analyzer] = telemetry.CompilationStartActionsCount + telemetry.CompilationEndActionsCount + telemetry.CompilationActionsCount
                + telemetry.SyntaxTreeActionsCount + telemetry.AdditionalFileActionsCount + telemetry.SemanticModelActionsCount
                + telemetry.SymbolActionsCount + telemetry.SymbolStartActionsCount + telemetry.SymbolEndActionsCount
                + telemetry.SyntaxNodeActionsCount + telemetry.CodeBlockStartActionsCount + telemetry.CodeBlockEndActionsCount
                + telemetry.CodeBlockActionsCount + telemetry.OperationActionsCount + telemetry.OperationBlockStartActionsCount
                + telemetry.OperationBlockEndActionsCount + telemetry.OperationBlockActionsCount;
        }

        return new AnalyzerRun(diagnostics, stopwatch.Elapsed, cpu, times, actions, failures.ToArray(), gc);
    }

    private static TimeSpan CurrentProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}

/// <summary>Bytes allocated, collections and pause time of the garbage collector, as a reading or a difference of two.</summary>
internal readonly record struct GcActivity(long AllocatedBytes, int Collections, int Gen2Collections, TimeSpan Pause)
{
    public static GcActivity Now() =>
        new(GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public static GcActivity operator -(GcActivity after, GcActivity before) =>
        new(after.AllocatedBytes - before.AllocatedBytes, after.Collections - before.Collections, after.Gen2Collections - before.Gen2Collections, after.Pause - before.Pause);

    public override string ToString() =>
        $"{AllocatedBytes / (1024.0 * 1024):N0} MB allocated, {Collections} GCs ({Gen2Collections} gen2), {Pause.TotalSeconds:F2} s paused";
}
