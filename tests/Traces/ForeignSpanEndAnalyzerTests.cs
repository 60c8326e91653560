using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SignalContract.Analyzers.Catalog;
using SignalContract.CodeFixes.Traces;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SignalContract.Analyzers.Traces.ForeignSpanEndAnalyzer,
    SignalContract.CodeFixes.Traces.ForeignSpanEndCodeFix>;

namespace SignalContract.Analyzers.Tests.Traces;

public class ForeignSpanEndAnalyzerTests
{
    private static DiagnosticResult Expected(int location, string ended) =>
        Verify.Diagnostic(Descriptors.ForeignSpanEnded).WithLocation(location).WithArguments(ended);

    private static Task VerifyAsync(string members, params DiagnosticResult[] expected) =>
        Verify.VerifyAnalyzerAsync(Wrap(members), contract: null, expected);

    private static Task VerifyFixAsync(string members, string fixedMembers, string key, params DiagnosticResult[] expected) =>
        Verify.VerifyCodeFixAsync(Wrap(members), Wrap(fixedMembers), contract: null, key, expected);

    /// <summary>A class with a source, a tracer and some work, around <paramref name="members"/>.</summary>
    private static string Wrap(string members) => $$"""
        using System;
        using System.Diagnostics;
        using System.Threading.Tasks;
        using OpenTelemetry.Trace;

        class Orders
        {
            private static readonly ActivitySource Source = new("shop.orders");
            private readonly Tracer tracer;

            public Orders(Tracer tracer) => this.tracer = tracer;

            private static void Work() { }
            private static Task WorkAsync() => Task.CompletedTask;

        {{members}}
        }
        """;

    // ---- findings and their fixes ----

    [Fact]
    public async Task StopOrDisposeOfActivityCurrent_Triggers()
    {
        // Fix All over two findings in one file: each call goes.
        await VerifyFixAsync("""
                void Complete()
                {
                    Work();
                    {|#0:Activity.Current?.Stop()|};
                }

                async Task CompleteAsync()
                {
                    await WorkAsync();
                    // The request is done.
                    {|#1:Activity.Current.Dispose()|};
                }
            """, """
                void Complete()
                {
                    Work();
                }

                async Task CompleteAsync()
                {
                    await WorkAsync();
                }
            """,
            ForeignSpanEndCodeFix.LeaveCurrentSpanKey,
            Expected(0, "Activity.Current"),
            Expected(1, "Activity.Current"));
    }

    [Fact]
    public async Task LocalThatOnlyAliasesTheCurrentSpan_Triggers()
    {
        await VerifyFixAsync("""
                void Complete(bool ok)
                {
                    var current = Activity.Current;
                    current?.SetTag("orders.ok", ok);
                    {|#0:current?.Stop()|};
                }

                void Fail()
                {
                    if (Activity.Current is { } failed)
                    {
                        failed.SetStatus(ActivityStatusCode.Error);
                        {|#1:failed.Stop()|};
                    }
                }
            """, """
                void Complete(bool ok)
                {
                    var current = Activity.Current;
                    current?.SetTag("orders.ok", ok);
                }

                void Fail()
                {
                    if (Activity.Current is { } failed)
                    {
                        failed.SetStatus(ActivityStatusCode.Error);
                    }
                }
            """,
            ForeignSpanEndCodeFix.LeaveCurrentSpanKey,
            Expected(0, "current"),
            Expected(1, "failed"));
    }

    [Fact]
    public async Task EndOfTracerCurrentSpan_Triggers()
    {
        await VerifyFixAsync("""
                void Complete()
                {
                    {|#0:Tracer.CurrentSpan.End()|};
                }

                void Abandon()
                {
                    var span = Tracer.CurrentSpan;
                    {|#1:span.Dispose()|};
                }
            """, """
                void Complete()
                {
                }

                void Abandon()
                {
                    var span = Tracer.CurrentSpan;
                }
            """,
            ForeignSpanEndCodeFix.LeaveCurrentSpanKey,
            Expected(0, "Tracer.CurrentSpan"),
            Expected(1, "span"));
    }

    [Fact]
    public async Task CurrentSpanEndedInsteadOfTheOneStarted_FixEndsTheOneStarted()
    {
        await VerifyFixAsync("""
                void Run()
                {
                    var activity = Source.StartActivity("orders.run");
                    try
                    {
                        Work();
                    }
                    finally
                    {
                        {|#0:Activity.Current?.Stop()|};
                    }
                }

                void Send()
                {
                    var span = tracer.StartActiveSpan("orders.send");
                    Work();
                    {|#1:Tracer.CurrentSpan.End()|};
                }
            """, """
                void Run()
                {
                    var activity = Source.StartActivity("orders.run");
                    try
                    {
                        Work();
                    }
                    finally
                    {
                        activity?.Stop();
                    }
                }

                void Send()
                {
                    var span = tracer.StartActiveSpan("orders.send");
                    Work();
                    span?.End();
                }
            """,
            ForeignSpanEndCodeFix.EndOwnSpanKey,
            Expected(0, "Activity.Current"),
            Expected(1, "Tracer.CurrentSpan"));
    }

    [Fact]
    public async Task TwoSpansStarted_OffersOnlyTheRemoval()
    {
        // Which of the two was meant cannot be told: the call can only go.
        await VerifyFixAsync("""
                void Run()
                {
                    var outer = Source.StartActivity("orders.run");
                    var inner = Source.StartActivity("orders.step");
                    Work();
                    inner?.Stop();
                    {|#0:Activity.Current?.Stop()|};
                    outer?.Stop();
                }
            """, """
                void Run()
                {
                    var outer = Source.StartActivity("orders.run");
                    var inner = Source.StartActivity("orders.step");
                    Work();
                    inner?.Stop();
                    outer?.Stop();
                }
            """,
            ForeignSpanEndCodeFix.LeaveCurrentSpanKey,
            Expected(0, "Activity.Current"));
    }

    [Fact]
    public async Task UsingTheCurrentSpan_Triggers()
    {
        await VerifyFixAsync("""
                void Tag(string id)
                {
                    using var current = {|#0:Activity.Current|};
                    current?.SetTag("order.id", id);
                }

                void Tag2(string id)
                {
                    using (var current = {|#1:Activity.Current|})
                    {
                        current?.SetTag("order.id", id);
                    }
                }
            """, """
                void Tag(string id)
                {
                    var current = Activity.Current;
                    current?.SetTag("order.id", id);
                }

                void Tag2(string id)
                {
                    {
                        var current = Activity.Current;
                        current?.SetTag("order.id", id);
                    }
                }
            """,
            ForeignSpanEndCodeFix.LeaveCurrentSpanKey,
            Expected(0, "Activity.Current"),
            Expected(1, "Activity.Current"));
    }

    [Fact]
    public async Task EndAsAnExpressionBody_HasNoFix()
    {
        // Nothing to remove it from, and no span of its own to end instead.
        string source = Wrap("""
                void Complete() => [|Activity.Current?.Stop()|];
            """);
        await Verify.VerifyCodeFixAsync(source, source, contract: null);
    }

    // ---- good code ----

    [Fact]
    public async Task CurrentSpanReadForTagging_DoesNotTrigger()
    {
        await VerifyAsync("""
                void Tag(string id, Exception error)
                {
                    Activity.Current?.SetTag("order.id", id);
                    Activity.Current?.AddEvent(new ActivityEvent("orders.tagged"));
                    Activity.Current?.SetStatus(ActivityStatusCode.Error, error.Message);
                    Tracer.CurrentSpan.SetAttribute("order.id", id);
                    var current = Activity.Current;
                    current?.SetTag("order.step", "tag");
                }
            """);
    }

    [Fact]
    public async Task LocalStartedHereThatAlsoBecameCurrent_DoesNotTrigger()
    {
        await VerifyAsync("""
                void Run()
                {
                    var activity = Source.StartActivity("orders.run");
                    Activity.Current = activity;
                    Work();
                    activity?.Stop();
                }

                void Resume()
                {
                    var activity = Activity.Current;
                    if (activity is null || activity.Source != Source)
                    {
                        activity = Source.StartActivity("orders.resume");
                    }

                    Work();
                    activity?.Stop();
                }

                void Created()
                {
                    var activity = Source.CreateActivity("orders.created", ActivityKind.Internal);
                    activity?.Start();
                    Work();
                    activity?.Dispose();
                }
            """);
    }

    [Fact]
    public async Task CurrentSpanSetBackToASavedValue_DoesNotTrigger()
    {
        await VerifyAsync("""
                void Detached()
                {
                    var previous = Activity.Current;
                    Activity.Current = null;
                    try
                    {
                        using var root = Source.StartActivity("orders.detached");
                        Work();
                    }
                    finally
                    {
                        Activity.Current = previous;
                    }
                }
            """);
    }

    [Fact]
    public async Task CurrentSpanCheckedToBeOwnBeforeItEnds_DoesNotTrigger()
    {
        await VerifyAsync("""
                void Complete()
                {
                    var current = Activity.Current;
                    if (current?.Source == Source)
                    {
                        current.Stop();
                    }
                }

                void Complete2()
                {
                    if (Activity.Current is { OperationName: "orders.poll" })
                    {
                        Activity.Current.Stop();
                    }
                }
            """);
    }

    [Fact]
    public async Task BeginAndEndHooksOfATypeThatStartsSpansItDoesNotKeep_DoNotTrigger()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Diagnostics;

            class TimingFilter
            {
                private static readonly ActivitySource Source = new("shop.orders");

                public void OnExecuting(string action) => Source.StartActivity(action)?.SetTag("orders.action", action);

                public void OnExecuted() => Activity.Current?.Stop();
            }
            """, contract: null);
    }

    [Fact]
    public async Task SpansHandedInOrOtherCurrents_DoNotTrigger()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Diagnostics;

            class Stopwatch2
            {
                public static Stopwatch2 Current { get; } = new();

                public void Stop() { }
            }

            class Spans
            {
                public void End(Activity activity) => activity.Stop();

                public void Time() => Stopwatch2.Current.Stop();
            }
            """, contract: null);
    }
}
