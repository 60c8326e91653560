using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Traces;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Traces.SpanLifetimeAnalyzer>;

namespace SignalContract.Analyzers.Tests.Traces;

public class SpanLifetimeAnalyzerTests
{
    private static Task VerifyAsync(string body, params DiagnosticResult[] expected) =>
        Verify.VerifyAsync(Wrap(body), contract: null, expected);

    /// <summary>A class with a source, a tracer and some work that can throw, around <paramref name="members"/>.</summary>
    internal static string Wrap(string members) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Threading.Tasks;
        using OpenTelemetry.Trace;

        class Orders
        {
            private static readonly ActivitySource Source = new("Shop.Orders");
            private readonly Tracer tracer;
            private Activity? current;
            private readonly List<Activity?> started = new();
            private readonly Dictionary<string, Activity?> byKey = new();

            public Orders(Tracer tracer) => this.tracer = tracer;

            private static void Work() { }
            private static Task WorkAsync() => Task.CompletedTask;
            private static bool Ready() => true;

        {{members}}
        }
        """;

    // ---- leaks ----

    [Fact]
    public async Task WorkBeforeStop_Triggers()
    {
        await VerifyAsync("""
                void Run()
                {
                    var activity = {|#0:Source.StartActivity("orders.run")|};
                    Work();
                    activity?.Stop();
                }
            """,
            Verify.Diagnostic(Descriptors.SpanNotEnded).WithLocation(0)
                .WithArguments("'activity' is not stopped on every path: an exception thrown before the end skips it; end it in a finally or with 'using'"));
    }

    [Fact]
    public async Task EarlyReturnBeforeStop_Triggers()
    {
        await VerifyAsync("""
                int Run(bool skip)
                {
                    var activity = {|#0:Source.StartActivity("orders.run")|};
                    if (skip)
                    {
                        return 0;
                    }

                    activity?.Stop();
                    return 1;
                }
            """,
            Verify.Diagnostic(Descriptors.SpanNotEnded).WithLocation(0)
                .WithArguments("'activity' is not stopped on every path: a path leaves without ending it"));
    }

    [Fact]
    public async Task DiscardedResult_Triggers()
    {
        await VerifyAsync("""
                void Run()
                {
                    {|#0:Source.StartActivity("orders.run")|};
                    Work();
                }
            """,
            Verify.Diagnostic(Descriptors.SpanNotEnded).WithLocation(0)
                .WithArguments("The activity from 'StartActivity' is not kept, so it is never stopped and stays Activity.Current"));
    }

    [Fact]
    public async Task DiscardAssignment_Triggers()
    {
        await VerifyAsync("""
                void Run()
                {
                    _ = [|Source.StartActivity("orders.run")|];
                }
            """);
    }

    [Fact]
    public async Task FluentCallOnDiscardedResult_Triggers()
    {
        await VerifyAsync("""
                void Run(string id)
                {
                    [|Source.StartActivity("orders.run")|]?.SetTag("order.id", id);
                }
            """);
    }

    [Fact]
    public async Task StopOnlyInCatch_Triggers()
    {
        await VerifyAsync("""
                void Run()
                {
                    var activity = [|Source.StartActivity("orders.run")|];
                    try
                    {
                        Work();
                    }
                    catch (Exception)
                    {
                        activity?.Stop();
                        throw;
                    }
                }
            """);
    }

    [Fact]
    public async Task IfBranchSkipsEnd_Triggers()
    {
        await VerifyAsync("""
                void Run(bool ok)
                {
                    var activity = [|Source.StartActivity("orders.run")|];
                    if (ok)
                    {
                        activity?.Stop();
                    }
                }
            """);
    }

    [Fact]
    public async Task SwitchCaseSkipsEnd_Triggers()
    {
        await VerifyAsync("""
                void Run(int kind)
                {
                    var activity = [|Source.StartActivity("orders.run")|];
                    switch (kind)
                    {
                        case 1:
                            activity?.Stop();
                            break;
                        case 2:
                            return;
                        default:
                            activity?.Dispose();
                            break;
                    }
                }
            """);
    }

    [Fact]
    public async Task LoopStartsWithoutEnding_Triggers()
    {
        await VerifyAsync("""
                void Run(string[] ids)
                {
                    foreach (var id in ids)
                    {
                        var activity = [|Source.StartActivity("orders.item")|];
                        activity?.SetTag("order.id", id);
                    }
                }
            """);
    }

    [Fact]
    public async Task LocalReassignedInLoop_Triggers()
    {
        await VerifyAsync("""
                void Run(int count)
                {
                    Activity? activity = null;
                    for (int i = 0; i < count; i++)
                    {
                        activity = {|#0:Source.StartActivity("orders.item")|};
                    }

                    activity?.Stop();
                }
            """,
            Verify.Diagnostic(Descriptors.SpanNotEnded).WithLocation(0)
                .WithArguments("'activity' is not stopped on every path: 'activity' is assigned again while the span still runs"));
    }

    [Fact]
    public async Task ReassignedInsideTryEndedInFinally_Triggers()
    {
        // The finally ends only the second span: the declaration-then-try shape must not hide the first one.
        await VerifyAsync("""
                void Run()
                {
                    var activity = {|#0:Source.StartActivity("orders.first")|};
                    try
                    {
                        activity = Source.StartActivity("orders.second");
                        Work();
                    }
                    finally
                    {
                        activity?.Stop();
                    }
                }
            """,
            Verify.Diagnostic(Descriptors.SpanNotEnded).WithLocation(0)
                .WithArguments("'activity' is not stopped on every path: 'activity' is assigned again while the span still runs"));
    }

    [Fact]
    public async Task DeclarationThenTryFinallyThatEnds_DoesNotTrigger()
    {
        await VerifyAsync("""
                async Task RunAsync(bool fail)
                {
                    var activity = Source.StartActivity("orders.run");
                    try
                    {
                        if (fail)
                        {
                            throw new InvalidOperationException();
                        }

                        await WorkAsync();
                        return;
                    }
                    finally
                    {
                        activity?.SetTag("done", true);
                        activity?.Dispose();
                    }
                }
            """);
    }

    [Fact]
    public async Task AwaitBeforeStop_Triggers()
    {
        await VerifyAsync("""
                async Task RunAsync()
                {
                    var activity = [|Source.StartActivity("orders.run")|];
                    await WorkAsync();
                    activity?.Stop();
                }
            """);
    }

    [Fact]
    public async Task ThrowBeforeStop_Triggers()
    {
        await VerifyAsync("""
                void Run(int quantity)
                {
                    var activity = [|Source.StartActivity("orders.run")|];
                    if (quantity < 0)
                    {
                        throw new ArgumentOutOfRangeException(nameof(quantity));
                    }

                    activity?.Stop();
                }
            """);
    }

    [Fact]
    public async Task CatchOfOneTypeOnly_Triggers()
    {
        await VerifyAsync("""
                void Run()
                {
                    var activity = [|Source.StartActivity("orders.run")|];
                    try
                    {
                        Work();
                    }
                    catch (InvalidOperationException)
                    {
                    }

                    activity?.Stop();
                }
            """);
    }

    [Fact]
    public async Task YieldBeforeStop_Triggers()
    {
        await VerifyAsync("""
                IEnumerable<int> Items()
                {
                    var activity = [|Source.StartActivity("orders.items")|];
                    yield return 1;
                    activity?.Stop();
                }
            """);
    }

    [Fact]
    public async Task StartInsideLambdaNotEndedThere_Triggers()
    {
        await VerifyAsync("""
                Task Run() => Task.Run(() =>
                {
                    var activity = [|Source.StartActivity("orders.background")|];
                    Work();
                    activity?.Stop();
                });
            """);
    }

    [Fact]
    public async Task StartInsideLocalFunctionNotEndedThere_Triggers()
    {
        await VerifyAsync("""
                void Run()
                {
                    Step();

                    void Step()
                    {
                        var activity = [|Source.StartActivity("orders.step")|];
                        Work();
                        activity?.Stop();
                    }
                }
            """);
    }

    [Fact]
    public async Task CreateActivityThenStart_Triggers()
    {
        await VerifyAsync("""
                void Run()
                {
                    var activity = Source.CreateActivity("orders.run", ActivityKind.Internal);
                    [|activity?.Start()|];
                    Work();
                    activity?.Stop();
                }
            """);
    }

    [Fact]
    public async Task NewActivityStartDiscarded_Triggers()
    {
        await VerifyAsync("""
                void Run()
                {
                    [|new Activity("orders.run").Start()|];
                }
            """);
    }

    [Fact]
    public async Task StartActivityWithKindAndParent_Triggers()
    {
        await VerifyAsync("""
                void Run(ActivityContext parent)
                {
                    var activity = [|Source.StartActivity("orders.run", ActivityKind.Server, parent)|];
                    Work();
                    activity?.Dispose();
                }
            """);
    }

    [Fact]
    public async Task TracerStartActiveSpan_Triggers()
    {
        await VerifyAsync("""
                void Run()
                {
                    var span = {|#0:tracer.StartActiveSpan("orders.run")|};
                    Work();
                    span.End();
                }
            """,
            Verify.Diagnostic(Descriptors.SpanNotEnded).WithLocation(0)
                .WithArguments("'span' is not ended on every path: an exception thrown before the end skips it; end it in a finally or with 'using'"));
    }

    [Fact]
    public async Task TracerStartSpanDiscarded_Triggers()
    {
        await VerifyAsync("""
                void Run()
                {
                    {|#0:tracer.StartSpan("orders.run")|};
                }
            """,
            Verify.Diagnostic(Descriptors.SpanNotEnded).WithLocation(0)
                .WithArguments("The span from 'StartSpan' is not kept, so it is never ended"));
    }

    [Fact]
    public async Task TracerStartRootSpanEarlyReturn_Triggers()
    {
        await VerifyAsync("""
                void Run(bool skip)
                {
                    var span = [|tracer.StartRootSpan("orders.run")|];
                    if (skip)
                    {
                        return;
                    }

                    span.Dispose();
                }
            """);
    }

    [Fact]
    public async Task NullCheckedSourceStart_Triggers()
    {
        await VerifyAsync("""
                void Run(ActivitySource? source)
                {
                    var activity = [|source?.StartActivity("orders.run")|];
                    Work();
                    activity?.Stop();
                }
            """);
    }

    [Fact]
    public async Task WorkerLoopContinueSkipsStop_Triggers()
    {
        await VerifyAsync("""
                async Task RunAsync(Queue<string> queue)
                {
                    while (queue.Count > 0)
                    {
                        var activity = [|Source.StartActivity("orders.dispatch")|];
                        if (!Ready())
                        {
                            continue;
                        }

                        activity?.SetTag("id", queue.Peek());
                        activity?.Stop();
                    }

                    await WorkAsync();
                }
            """);
    }

    [Fact]
    public async Task ExpressionBodiedVoidMethod_Triggers()
    {
        await VerifyAsync("""
                void Run() => [|Source.StartActivity("orders.run")|];
            """);
    }

    [Fact]
    public async Task LambdaInFieldInitializer_Triggers()
    {
        await VerifyAsync("""
                private readonly Action run = () =>
                {
                    var activity = [|Source.StartActivity("orders.field")|];
                    Work();
                    activity?.Stop();
                };
            """);
    }

    [Fact]
    public async Task ExceptionFilterOnlyCatch_Triggers()
    {
        await VerifyAsync("""
                void Run()
                {
                    var activity = [|Source.StartActivity("orders.run")|];
                    try
                    {
                        Work();
                    }
                    catch (Exception ex) when (ex is TimeoutException)
                    {
                    }

                    activity?.Stop();
                }
            """);
    }

    [Fact]
    public async Task InnerFinallyWithoutStop_Triggers()
    {
        await VerifyAsync("""
                void Run()
                {
                    var activity = [|Source.StartActivity("orders.run")|];
                    try
                    {
                        Work();
                    }
                    finally
                    {
                        Console.WriteLine("done");
                    }

                    activity?.Stop();
                }
            """);
    }

    [Fact]
    public async Task StartInNestedLambdaAndLocalFunctionInLambda_Triggers()
    {
        await VerifyAsync("""
                Func<Func<int>> Build() => () =>
                {
                    Action step = () =>
                    {
                        var inner = [|Source.StartActivity("orders.inner")|];
                        Work();
                        inner?.Stop();
                    };
                    return Count;

                    int Count()
                    {
                        var counted = [|Source.StartActivity("orders.count")|];
                        if (Ready())
                        {
                            return 0;
                        }

                        counted?.Stop();
                        return 1;
                    }
                };
            """);
    }

    [Fact]
    public async Task DoWhileAndGotoSkipEnd_Triggers()
    {
        await VerifyAsync("""
                void Run()
                {
                    var activity = [|Source.StartActivity("orders.retry")|];
                    int attempt = 0;
                    do
                    {
                        attempt++;
                        if (attempt > 3)
                        {
                            goto done;
                        }
                    }
                    while (attempt < 5);

                    activity?.Stop();
                done:
                    return;
                }
            """);
    }

    [Theory]
    [InlineData("""{ "version": 1, "service": "shop" }""")]
    [InlineData("""{ "version": 7 """)]
    public async Task WithValidOrBrokenContract_Triggers(string contract)
    {
        await Verify.VerifyAsync(Wrap("""
                void Run()
                {
                    var activity = [|Source.StartActivity("orders.run")|];
                    Work();
                    activity?.Stop();
                }
            """), contract);
    }

    [Fact]
    public async Task EveryStartActivityOverload_Triggers()
    {
        await VerifyAsync("""
                void Run(ActivityContext parent, string parentId, ActivityLink[] links)
                {
                    var byName = [|Source.StartActivity("orders.name")|];
                    var byKind = [|Source.StartActivity("orders.kind", ActivityKind.Producer)|];
                    var byParentId = [|Source.StartActivity("orders.parent-id", ActivityKind.Client, parentId)|];
                    var byContext = [|Source.StartActivity("orders.context", ActivityKind.Server, parent, new[] { new KeyValuePair<string, object?>("k", "v") }, links, DateTimeOffset.UtcNow)|];
                    var byCaller = [|Source.StartActivity(ActivityKind.Internal)|];
                    Work();
                    byName?.Stop();
                    byKind?.Stop();
                    byParentId?.Stop();
                    byContext?.Stop();
                    byCaller?.Stop();
                }
            """);
    }

    // ---- not leaks ----

    // ---- starts inside ?:, ?? and switch expressions ----

    private static DiagnosticResult ThrowSkipsStop(int location, string local = "activity") =>
        Verify.Diagnostic(Descriptors.SpanNotEnded).WithLocation(location)
            .WithArguments($"'{local}' is not stopped on every path: an exception thrown before the end skips it; end it in a finally or with 'using'");

    [Fact]
    public async Task StartInConditionalExpression_Triggers()
    {
        await VerifyAsync("""
                void Handle(bool sampled, ActivityContext parent)
                {
                    var activity = {|#0:sampled ? Source.StartActivity("orders.handle", ActivityKind.Server, parent) : Source.StartActivity("orders.handle")|};
                    Work();
                    activity?.Stop();
                }

                void Receive(string? parentId)
                {
                    Activity? activity = {|#1:parentId is null ? null : Source?.StartActivity("orders.receive", ActivityKind.Consumer, parentId)|};
                    Work();
                    activity?.Dispose();
                }
            """,
            ThrowSkipsStop(0),
            ThrowSkipsStop(1));
    }

    [Fact]
    public async Task StartInCoalesceOrSwitchExpression_Triggers()
    {
        await VerifyAsync("""
                void Correlate()
                {
                    // Without a listener, start a bare activity anyway so that logs still carry a trace id.
                    var activity = {|#0:Source.StartActivity("orders.correlate") ?? new Activity("orders.correlate").Start()|};
                    Work();
                    activity.Stop();
                }

                async Task DispatchAsync(int kind)
                {
                    var activity = {|#1:kind switch
                    {
                        1 => Source.StartActivity("orders.command", ActivityKind.Consumer),
                        2 => Source.StartActivity("orders.event", ActivityKind.Consumer),
                        _ => null,
                    }|};
                    await WorkAsync();
                    activity?.Stop();
                }

                void Parenthesized(bool sampled)
                {
                    var activity = ({|#2:sampled ? Source.StartActivity("orders.a") : Source.StartActivity("orders.b")|});
                    Work();
                    activity?.Stop();
                }
            """,
            ThrowSkipsStop(0),
            ThrowSkipsStop(1),
            ThrowSkipsStop(2));
    }

    [Fact]
    public async Task ConditionalStartDiscarded_Triggers()
    {
        await VerifyAsync("""
                void Mark(bool sampled)
                {
                    _ = {|#0:sampled ? Source.StartActivity("orders.mark", ActivityKind.Internal) : Source.StartActivity("orders.mark")|};
                    Work();
                }
            """,
            Verify.Diagnostic(Descriptors.SpanNotEnded).WithLocation(0)
                .WithArguments("The activity from 'StartActivity' is not kept, so it is never stopped and stays Activity.Current"));
    }

    [Fact]
    public async Task ConditionalStartEndedOrBorrowed_DoesNotTrigger()
    {
        await VerifyAsync("""
                async Task HandleAsync(bool sampled, ActivityContext parent)
                {
                    using var activity = sampled ? Source.StartActivity("orders.handle", ActivityKind.Server, parent) : Source.StartActivity("orders.handle");
                    await WorkAsync();
                }

                void Correlate()
                {
                    var activity = Source.StartActivity("orders.correlate") ?? new Activity("orders.correlate").Start();
                    try
                    {
                        Work();
                    }
                    finally
                    {
                        activity.Stop();
                    }
                }

                void Straight(bool sampled)
                {
                    var activity = sampled ? Source.StartActivity("orders.a") : null;
                    activity?.SetTag("sampled", true);
                    activity?.Stop();
                }

                // Either branch may be a span this method did not start: ending it is not this method's business.
                void Borrowed(Activity? parent, bool sampled)
                {
                    var activity = Source.StartActivity("orders.child") ?? Activity.Current;
                    Work();
                    var other = sampled ? Source.StartActivity("orders.other") : parent;
                    Work();
                }

                Activity? Choose(bool sampled) => sampled ? Source.StartActivity("orders.a") : Source.StartActivity("orders.b");
            """);
    }

    [Fact]
    public async Task StraightLineStartAndStop_DoesNotTrigger()
    {
        await VerifyAsync("""
                void Run(string id)
                {
                    var activity = Source.StartActivity("orders.run");
                    activity?.SetTag("order.id", id);
                    activity?.AddEvent(new ActivityEvent("validated"));
                    activity?.SetStatus(ActivityStatusCode.Ok);
                    activity?.Stop();

                    var span = tracer.StartActiveSpan("orders.span");
                    span.SetAttribute("order.id", id);
                    span.SetStatus(Status.Error.WithDescription("declined"));
                    span.End();
                }
            """);
    }

    [Fact]
    public async Task ReturnedFromFactory_DoesNotTrigger()
    {
        await VerifyAsync("""
                Activity? StartOrder(string id)
                {
                    var activity = Source.StartActivity("orders.run");
                    activity?.SetTag("order.id", id);
                    return activity;
                }

                Activity? StartDirect() => Source.StartActivity("orders.direct");

                TelemetrySpan StartSpan() => tracer.StartActiveSpan("orders.span");
            """);
    }

    [Fact]
    public async Task ReturnedInTuple_DoesNotTrigger()
    {
        await VerifyAsync("""
                (Activity? Activity, int Count) Start()
                {
                    var activity = Source.StartActivity("orders.run");
                    Work();
                    return (activity, 1);
                }
            """);
    }

    [Fact]
    public async Task ReturnedThroughOut_DoesNotTrigger()
    {
        await VerifyAsync("""
                bool TryStart(out Activity? activity)
                {
                    activity = Source.StartActivity("orders.run");
                    Work();
                    return activity is not null;
                }

                void StartInto(ref Activity? activity)
                {
                    activity = Source.StartActivity("orders.run");
                }
            """);
    }

    [Fact]
    public async Task StoredInFieldOrCollection_DoesNotTrigger()
    {
        await VerifyAsync("""
                void Begin(string key)
                {
                    current = Source.StartActivity("orders.run");
                    var activity = Source.StartActivity("orders.item");
                    started.Add(activity);
                    byKey[key] = Source.StartActivity("orders.keyed");
                    var other = Source.StartActivity("orders.other");
                    byKey[key + "2"] = other;
                    Work();
                }

                Activity?[] Many() => new[] { Source.StartActivity("orders.a"), Source.StartActivity("orders.b") };

                Activity? Latest { get; set; }

                void Remember()
                {
                    Latest = Source.StartActivity("orders.latest");
                    var activity = Source.StartActivity("orders.array");
                    var slots = new Activity?[1];
                    slots[0] = activity;
                    Work();
                }
            """);
    }

    [Fact]
    public async Task CapturedByLambdaOrLocalFunction_DoesNotTrigger()
    {
        await VerifyAsync("""
                Action Begin()
                {
                    var activity = Source.StartActivity("orders.run");
                    Work();
                    return () => activity?.Stop();
                }

                void Later()
                {
                    var activity = Source.StartActivity("orders.later");
                    Work();
                    Finish();

                    void Finish() => activity?.Stop();
                }
            """);
    }

    [Fact]
    public async Task PassedToMethodOrConstructor_DoesNotTrigger()
    {
        await VerifyAsync("""
                sealed class SpanScope : IDisposable
                {
                    private readonly Activity? activity;
                    public SpanScope(Activity? activity) => this.activity = activity;
                    public void Dispose() => activity?.Stop();
                }

                static void Track(Activity? activity) { }

                void Run()
                {
                    var activity = Source.StartActivity("orders.run");
                    Track(activity);
                    Work();
                    Track(Source.StartActivity("orders.direct"));
                    using var scope = new SpanScope(Source.StartActivity("orders.scoped"));
                    Work();
                }
            """);
    }

    [Fact]
    public async Task EndedInFinally_DoesNotTrigger()
    {
        await VerifyAsync("""
                async Task RunAsync(bool early)
                {
                    var activity = Source.StartActivity("orders.run");
                    try
                    {
                        if (early)
                        {
                            return;
                        }

                        await WorkAsync();
                        Work();
                    }
                    finally
                    {
                        activity?.Stop();
                    }
                }

                void RunSpan()
                {
                    var span = tracer.StartActiveSpan("orders.span");
                    try
                    {
                        Work();
                    }
                    catch (Exception ex)
                    {
                        span.RecordException(ex);
                        throw;
                    }
                    finally
                    {
                        span.End();
                    }
                }
            """);
    }

    [Fact]
    public async Task EndedOnEveryPathIncludingCatchAll_DoesNotTrigger()
    {
        await VerifyAsync("""
                void Run()
                {
                    var activity = Source.StartActivity("orders.run");
                    try
                    {
                        Work();
                        activity?.Stop();
                    }
                    catch
                    {
                        activity?.Stop();
                        throw;
                    }
                }
            """);
    }

    [Fact]
    public async Task UsingForms_DoesNotTrigger()
    {
        await VerifyAsync("""
                sealed class AsyncScope : IAsyncDisposable
                {
                    private readonly Activity? activity;
                    public AsyncScope(Activity? activity) => this.activity = activity;
                    public ValueTask DisposeAsync() { activity?.Stop(); return default; }
                }

                async Task RunAsync()
                {
                    using var activity = Source.StartActivity("orders.run");
                    using (var inner = Source.StartActivity("orders.inner"))
                    {
                        await WorkAsync();
                    }

                    using (Source.StartActivity("orders.bare"))
                    {
                        Work();
                    }

                    var later = Source.StartActivity("orders.later");
                    using (later)
                    {
                        Work();
                    }

                    using var span = tracer.StartActiveSpan("orders.span");
                    await using var scope = new AsyncScope(Source.StartActivity("orders.async"));
                    await WorkAsync();
                }
            """);
    }

    [Fact]
    public async Task ActivityCurrentManipulation_DoesNotTrigger()
    {
        await VerifyAsync("""
                void Run(Activity? parent)
                {
                    var previous = Activity.Current;
                    Activity.Current = parent;
                    Work();
                    Activity.Current = previous;
                }
            """);
    }

    [Fact]
    public async Task AliasedToAnotherLocal_DoesNotTrigger()
    {
        await VerifyAsync("""
                void Run()
                {
                    var activity = Source.StartActivity("orders.run");
                    var alias = activity;
                    try
                    {
                        Work();
                    }
                    finally
                    {
                        alias?.Stop();
                    }
                }
            """);
    }

    [Fact]
    public async Task ConditionalStartEndedInFinally_DoesNotTrigger()
    {
        await VerifyAsync("""
                void Run(bool traced)
                {
                    Activity? activity = null;
                    if (traced)
                    {
                        activity = Source.StartActivity("orders.run");
                    }

                    try
                    {
                        Work();
                    }
                    finally
                    {
                        if (activity is not null)
                        {
                            activity.Stop();
                        }
                    }
                }
            """);
    }

    [Fact]
    public async Task NullCheckBeforeStop_DoesNotTrigger()
    {
        await VerifyAsync("""
                void Run()
                {
                    var activity = Source.StartActivity("orders.run");
                    if (activity == null)
                    {
                        return;
                    }

                    activity.SetTag("ready", true);
                    activity.Stop();
                }
            """);
    }

    [Fact]
    public async Task LoopWithFinallyPerItem_DoesNotTrigger()
    {
        await VerifyAsync("""
                void Run(string[] ids)
                {
                    foreach (var id in ids)
                    {
                        var activity = Source.StartActivity("orders.item");
                        try
                        {
                            activity?.SetTag("order.id", id);
                            Work();
                        }
                        finally
                        {
                            activity?.Stop();
                        }
                    }
                }
            """);
    }

    [Fact]
    public async Task CreateActivityStartedInTryFinally_DoesNotTrigger()
    {
        await VerifyAsync("""
                void Run()
                {
                    var activity = Source.CreateActivity("orders.run", ActivityKind.Internal);
                    activity?.Start();
                    try
                    {
                        Work();
                    }
                    finally
                    {
                        activity?.Stop();
                    }

                    var manual = new Activity("orders.manual").Start();
                    try
                    {
                        Work();
                    }
                    finally
                    {
                        manual.Stop();
                    }
                }
            """);
    }

    [Fact]
    public async Task StoppedImmediatelyOrEndedWithTimestamp_DoesNotTrigger()
    {
        await VerifyAsync("""
                void Run()
                {
                    Source.StartActivity("orders.marker")?.Stop();
                    var span = tracer.StartSpan("orders.span");
                    span.End(DateTimeOffset.UtcNow);
                }
            """);
    }

    [Fact]
    public async Task YieldInsideTryFinally_DoesNotTrigger()
    {
        await VerifyAsync("""
                IEnumerable<int> Items()
                {
                    var activity = Source.StartActivity("orders.items");
                    try
                    {
                        yield return 1;
                        Work();
                    }
                    finally
                    {
                        activity?.Stop();
                    }
                }
            """);
    }

    [Fact]
    public async Task OuterLocalAssignedInLambda_DoesNotTrigger()
    {
        await VerifyAsync("""
                void Run(List<Action> actions)
                {
                    Activity? activity = null;
                    actions.Add(() => activity = Source.StartActivity("orders.run"));
                    Work();
                }
            """);
    }

    [Fact]
    public async Task BorrowedActivityStarted_DoesNotTrigger()
    {
        await VerifyAsync("""
                void Run(Activity prepared)
                {
                    var activity = prepared;
                    activity.Start();
                    Work();
                }
            """);
    }

    [Fact]
    public async Task NestedTryFinallyOuterStops_DoesNotTrigger()
    {
        await VerifyAsync("""
                void Run()
                {
                    var activity = Source.StartActivity("orders.run");
                    try
                    {
                        try
                        {
                            Work();
                        }
                        finally
                        {
                            Console.WriteLine("inner");
                        }
                    }
                    finally
                    {
                        activity?.Stop();
                    }
                }
            """);
    }

    [Fact]
    public async Task SwitchEveryCaseEnds_DoesNotTrigger()
    {
        await VerifyAsync("""
                int Run(int kind)
                {
                    var activity = Source.StartActivity("orders.run");
                    switch (kind)
                    {
                        case 1:
                            activity?.Stop();
                            return 1;
                        default:
                            activity?.Dispose();
                            return 0;
                    }
                }
            """);
    }

    [Fact]
    public async Task FieldOrParameterActivityStarted_DoesNotTrigger()
    {
        await VerifyAsync("""
                void Resume(Activity prepared)
                {
                    current?.Start();
                    prepared.Start();
                    Work();
                }
            """);
    }

    [Fact]
    public async Task NoTracingReferences_DoesNotTrigger()
    {
        await Verify.VerifyAsync("""
            class Plain
            {
                void Start() { }
                void Run() => Start();
            }
            """, contract: null);
    }

    [Fact]
    public async Task BrokenSyntax_DoesNotThrow()
    {
        var test = new Verify.Test
        {
            TestCode = Wrap("""
                void Run()
                {
                    var activity = Source.StartActivity(
                    if (activity is null
                    {
                        goto missing;
                    }

                    foreach (var x in ) { activity?.Stop() }
                    try { Work(); } finally { activity.
                }

                void Other() => Source.StartActivity("x").
            """),
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task HalfTypedCode_DoesNotThrow()
    {
        var test = new Verify.Test
        {
            TestCode = Wrap("""
                void Run()
                {
                    var activity = Source.StartActivity("orders.run");
                    if (activity is null)
                    {
                        return;
                    }

                    {|CS0103:Missing|}();
                    activity.Stop();
                }
            """),
        };
        await test.RunAsync();
    }
}
