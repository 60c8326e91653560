using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Metrics;
using SignalContract.Analyzers.Traces;

namespace SignalContract.Tool.Inventory;

/// <summary>
/// Gathers, for one compilation, what the package's recognisers find: meters, instrument creations (direct, through a
/// helper, or source-generated), record sites, sources, span starts and attribute sets, and log events with their fields
/// (<see cref="LogSiteReader"/>, against the contract's <paramref name="logs"/> section). It runs as an analyzer so the
/// driver walks the operations (concurrently) and skips generated code exactly as the rules do; it reports nothing.
/// Linking what it gathers is <see cref="InventoryBuilder"/>'s job.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class SignalCollector(LogsContract logs) : DiagnosticAnalyzer
{
    // The driver wants a descriptor; this one is never reported.
    private static readonly DiagnosticDescriptor Unused = new("SCINV", "Signal inventory", "Signal inventory", "Inventory", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Unused);

    /// <summary>What was found, by compilation; read after the analysis completes.</summary>
    public ConcurrentDictionary<Compilation, CollectedSignals> Results { get; } = new();

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var found = Results.GetOrAdd(start.Compilation, compilation => new CollectedSignals(compilation));
            var metrics = MetricsTypes.Create(start.Compilation);
            var tracing = TracingTypes.Create(start.Compilation);
            if (metrics is not null)
            {
                start.RegisterOperationAction(operation => CollectMetrics(operation.Operation, metrics, found), OperationKind.Invocation, OperationKind.ObjectCreation);
                if (metrics.HasMetricAttributes)
                {
                    start.RegisterSymbolAction(symbol => CollectGenerated(symbol, metrics, found), SymbolKind.Method);
                }
            }

            if (tracing is not null)
            {
                start.RegisterOperationAction(operation => CollectSpans(operation.Operation, tracing, found), OperationKind.Invocation, OperationKind.ObjectCreation);
            }

            if (LogSiteReader.Create(start.Compilation, logs, start.Options.AnalyzerConfigOptionsProvider) is { } logReader)
            {
                start.RegisterOperationAction(operation => CollectLogs(operation, logReader, found), OperationKind.Invocation);
                if (logReader.ReadsLoggerMessageMethods)
                {
                    start.RegisterSemanticModelAction(model => logReader.ReadDeclarations(model.SemanticModel, found.LogSites, model.CancellationToken));
                }
            }
        });
    }

    private static void CollectLogs(OperationAnalysisContext context, LogSiteReader reader, CollectedSignals found)
    {
        if (reader.ReadInvocation((IInvocationOperation)context.Operation, context.ContainingSymbol, context.CancellationToken) is { } site)
        {
            found.LogSites.Enqueue(site);
        }
    }

    private static void CollectMetrics(IOperation operation, MetricsTypes types, CollectedSignals found)
    {
        if (InstrumentCreation.TryReadMeterName(operation, types) is { IsConstant: true } meterName
            && MetricRecording.AssignedSymbol(operation) is { } meterHolder)
        {
            found.MeterNames.TryAdd(meterHolder.OriginalDefinition, meterName.Value!);
        }

        if (operation is IInvocationOperation invocation)
        {
            if (InstrumentCreation.TryRead(invocation, types) is { } creation)
            {
                // A helper's own creation names its parameter; its callers are the creations (below).
                if (creation.Name.State != NameState.Parameter)
                {
                    found.Creations.Enqueue(new FoundCreation(creation, creation.Name, creation.Api == MetricsApi.DiagnosticsMetrics ? creation.Unit : default, invocation));
                }

                return;
            }

            if (InstrumentWrapper.MayBeWrapper(invocation, types) && found.WrapperOf(invocation.TargetMethod, types) is { } wrapper)
            {
                var name = MetricName.Read(InstrumentWrapper.ArgumentAt(invocation, wrapper.NameOrdinal));
                var unit = wrapper.UnitOrdinal is { } unitOrdinal ? MetricName.Read(InstrumentWrapper.ArgumentAt(invocation, unitOrdinal)) : wrapper.Creation.Unit;
                found.Creations.Enqueue(new FoundCreation(wrapper.Creation, name, wrapper.Creation.Api == MetricsApi.DiagnosticsMetrics ? unit : default, invocation));
                return;
            }
        }

        if (MetricRecording.TryRead(operation, types) is { } recording)
        {
            found.Recordings.Enqueue(recording);
        }
    }

    private static void CollectGenerated(SymbolAnalysisContext context, MetricsTypes types, CollectedSignals found)
    {
        if (GeneratedMetric.Read((IMethodSymbol)context.Symbol, types, context.CancellationToken) is { } generated)
        {
            foreach (var metric in generated)
            {
                found.Generated.Enqueue(metric);
            }
        }
    }

    private static void CollectSpans(IOperation operation, TracingTypes types, CollectedSignals found)
    {
        if (SpanCalls.SourceNameArgument(operation, types) is { } sourceName)
        {
            if (SpanCalls.ConstantOf(sourceName) is { } name && MetricRecording.AssignedSymbol(operation) is { } holder)
            {
                found.SourceNames.TryAdd(holder.OriginalDefinition, name);
            }

            return;
        }

        switch (operation)
        {
            case IInvocationOperation invocation when SpanCalls.IsSpanCreation(invocation.TargetMethod, types):
                found.SpanStarts.Enqueue(invocation);
                List<(string Key, Location Location)>? keys = null;
                SpanCalls.AddInitialTagKeys(invocation, ref keys);
                foreach (var (key, location) in keys ?? [])
                {
                    found.Attributes.Enqueue(new FoundAttribute(key, location, invocation, Receiver: null));
                }

                break;
            case IInvocationOperation invocation when SpanCalls.IsTagCall(invocation, types, out string? key, out var receiver):
                found.Attributes.Enqueue(new FoundAttribute(key!, invocation.Syntax.GetLocation(), invocation, receiver));
                break;
            case IObjectCreationOperation creation when types.SpanApiOf(creation.Type) == SpanApi.Activity:
                found.SpanStarts.Enqueue(creation);
                break;
        }
    }
}

/// <summary>Everything <see cref="SignalCollector"/> found in one compilation.</summary>
internal sealed class CollectedSignals(Compilation compilation)
{
    private readonly ConcurrentDictionary<IMethodSymbol, InstrumentWrapper?> _wrappers = new(SymbolEqualityComparer.Default);

    public Compilation Compilation { get; } = compilation;

    /// <summary>The constant name of each meter, by the field, property or local that holds it.</summary>
    public ConcurrentDictionary<ISymbol, string> MeterNames { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>The constant name of each ActivitySource or tracer, by what holds it.</summary>
    public ConcurrentDictionary<ISymbol, string> SourceNames { get; } = new(SymbolEqualityComparer.Default);

    public ConcurrentQueue<FoundCreation> Creations { get; } = new();

    public ConcurrentQueue<MetricRecording> Recordings { get; } = new();

    public ConcurrentQueue<GeneratedMetric> Generated { get; } = new();

    /// <summary>Span creations: invocations (StartActivity, the Tracer starts, CreateActivity) and <c>new Activity(...)</c>.</summary>
    public ConcurrentQueue<IOperation> SpanStarts { get; } = new();

    public ConcurrentQueue<FoundAttribute> Attributes { get; } = new();

    /// <summary>Log calls, and the <c>[LoggerMessage]</c> methods and <c>LoggerMessage.Define</c> messages declared.</summary>
    public ConcurrentQueue<FoundLogSite> LogSites { get; } = new();

    /// <summary>
    /// The helper <paramref name="method"/> is, read once. Unlike the rules, which see one file at a time in the IDE, the
    /// inventory reads helpers declared in any file of the compilation.
    /// </summary>
    public InstrumentWrapper? WrapperOf(IMethodSymbol method, MetricsTypes types)
    {
        method = method.OriginalDefinition;
        if (_wrappers.TryGetValue(method, out var wrapper))
        {
            return wrapper;
        }

        var tree = method.DeclaringSyntaxReferences[0].SyntaxTree;
        return _wrappers.GetOrAdd(method, InstrumentWrapper.Read(method, Compilation.GetSemanticModel(tree), types, default));
    }
}

/// <summary>An instrument creation, or a call of a helper that creates one, with the name and unit given there.</summary>
internal sealed record FoundCreation(InstrumentCreation Creation, MetricName Name, MetricName Unit, IInvocationOperation Site);

/// <summary>
/// An attribute key set on a span: in the <c>tags:</c> of the span creation <paramref name="Call"/> (no receiver), or by
/// the tag call <paramref name="Call"/> on <paramref name="Receiver"/>.
/// </summary>
internal sealed record FoundAttribute(string Key, Location Location, IInvocationOperation Call, IOperation? Receiver);
