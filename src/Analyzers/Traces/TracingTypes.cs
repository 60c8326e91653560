using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SignalContract.Analyzers.Infrastructure;
using static SignalContract.Analyzers.Infrastructure.TypeLookup;

namespace SignalContract.Analyzers.Traces;

/// <summary>How a span came to be, which decides how it must be ended.</summary>
internal enum SpanApi
{
    /// <summary><c>System.Diagnostics.Activity</c>, from <c>ActivitySource.StartActivity</c> or <c>Activity.Start()</c>.</summary>
    Activity,

    /// <summary><c>OpenTelemetry.Trace.TelemetrySpan</c>, from a <c>Tracer</c>.</summary>
    TelemetrySpan,
}

/// <summary>
/// The tracing types of one compilation, resolved once at compilation start. Null members mean the compilation
/// does not reference that library; <see cref="Create"/> returns null when it references neither.
/// </summary>
internal sealed class TracingTypes
{
    private TracingTypes(Compilation compilation)
    {
        ActivitySource = compilation.GetTypeByMetadataName("System.Diagnostics.ActivitySource");
        Activity = TypeLookup.Beside(compilation, ActivitySource, "System.Diagnostics.Activity");
        ActivityStatusCode = TypeLookup.Beside(compilation, ActivitySource, "System.Diagnostics.ActivityStatusCode");
        Tracer = compilation.GetTypeByMetadataName("OpenTelemetry.Trace.Tracer");
        TracerProvider = TypeLookup.Beside(compilation, Tracer, "OpenTelemetry.Trace.TracerProvider");
        TelemetrySpan = TypeLookup.Beside(compilation, Tracer, "OpenTelemetry.Trace.TelemetrySpan");
        Status = TypeLookup.Beside(compilation, Tracer, "OpenTelemetry.Trace.Status");
        OpenTelemetryActivityExtensions = TypeLookup.Beside(compilation, Tracer, "OpenTelemetry.Trace.ActivityExtensions");
        Factories = new SpanFactories(compilation, this);
    }

    public INamedTypeSymbol? ActivitySource { get; }

    public INamedTypeSymbol? Activity { get; }

    public INamedTypeSymbol? ActivityStatusCode { get; }

    public INamedTypeSymbol? Tracer { get; }

    public INamedTypeSymbol? TracerProvider { get; }

    public INamedTypeSymbol? TelemetrySpan { get; }

    /// <summary><c>OpenTelemetry.Trace.Status</c>: <c>Status.Error</c> marks a TelemetrySpan as failed.</summary>
    public INamedTypeSymbol? Status { get; }

    /// <summary>Home of the OpenTelemetry <c>Activity.RecordException</c> and <c>SetStatus(Status)</c> extensions.</summary>
    public INamedTypeSymbol? OpenTelemetryActivityExtensions { get; }

    /// <summary>The methods of this compilation that start a span for their caller, and the types that hold one.</summary>
    public SpanFactories Factories { get; }

    public static TracingTypes? Create(Compilation compilation)
    {
        var types = new TracingTypes(compilation);
        return types.ActivitySource is null && types.Tracer is null ? null : types;
    }

    /// <summary>The span type a value of <paramref name="type"/> is, if any.</summary>
    public SpanApi? SpanApiOf(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (Is(current, Activity))
            {
                return SpanApi.Activity;
            }

            if (Is(current, TelemetrySpan))
            {
                return SpanApi.TelemetrySpan;
            }
        }

        return null;
    }

    /// <summary>
    /// True for calls that start a span and hand it to the caller: <c>ActivitySource.StartActivity</c> (every overload),
    /// <c>Activity.Start()</c>, and <c>Tracer.StartActiveSpan</c>, <c>StartSpan</c>, <c>StartRootSpan</c>.
    /// <c>ActivitySource.CreateActivity</c> is not a start: the activity is inert until <c>Start()</c>.
    /// </summary>
    public bool IsSpanStart(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "StartActivity":
                return Is(method.ContainingType, ActivitySource);
            case "Start":
                return Is(method.ContainingType, Activity) && !method.IsStatic && method.Parameters.IsEmpty;
            case "StartActiveSpan" or "StartSpan" or "StartRootSpan":
                return Is(method.ContainingType, Tracer);
            default:
                return false;
        }
    }

    /// <summary>
    /// True for <c>Activity.Stop()</c>, <c>Activity.Dispose()</c>, <c>TelemetrySpan.End()</c> (and its
    /// <c>End(DateTimeOffset)</c> overload) and <c>TelemetrySpan.Dispose()</c>.
    /// </summary>
    public bool IsSpanEnd(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name is not ("Stop" or "Dispose" or "End") || method.IsStatic)
        {
            return false;
        }

        return SpanApiOf(method.ContainingType) switch
        {
            SpanApi.Activity => method.Name is "Stop" or "Dispose" && method.Parameters.IsEmpty,
            SpanApi.TelemetrySpan => method.Name switch
            {
                "End" => method.Parameters.IsEmpty || (method.Parameters.Length == 1 && method.Parameters[0].Type.Name == "DateTimeOffset"),
                "Dispose" => method.Parameters.IsEmpty,
                _ => false,
            },
            _ => false,
        };
    }

    /// <summary>
    /// True for calls that hand their caller a started span to end: a span start (<see cref="IsSpanStart"/>), or a call
    /// of a factory this compilation declares (<see cref="SpanFactories"/>).
    /// </summary>
    public bool StartsSpan(IInvocationOperation invocation) =>
        IsSpanStart(invocation) || Factories.FactoryOf(invocation) is not null;

    /// <summary>True for a span end (<see cref="IsSpanEnd"/>), or a call on a span holder that ends the span it holds.</summary>
    public bool EndsSpan(IInvocationOperation invocation) =>
        IsSpanEnd(invocation) || Factories.IsHolderEnd(invocation.TargetMethod);

    /// <summary>The span type <paramref name="type"/> is or holds (<see cref="SpanHolder"/>), if any.</summary>
    public SpanApi? HeldSpanApiOf(ITypeSymbol? type) =>
        SpanApiOf(type) ?? Factories.HolderOf(type)?.Api;

    /// <summary>True when <paramref name="invocation"/> ends the span <paramref name="local"/> holds, also through <c>?.</c>.</summary>
    public bool EndsLocal(IInvocationOperation invocation, ILocalSymbol local) =>
        EndsSpan(invocation) && SpanReceiver.IsLocal(invocation.Instance, local);
}
