using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SignalContract.CodeFixes.Traces;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SignalContract.Analyzers.Traces.SpanLifetimeAnalyzer,
    SignalContract.CodeFixes.Traces.SpanLifetimeCodeFix>;

namespace SignalContract.Analyzers.Tests.Traces;

public class SpanLifetimeCodeFixTests
{
    private static Task VerifyFixAsync(string members, string fixedMembers) =>
        Verify.VerifyCodeFixAsync(
            SpanLifetimeAnalyzerTests.Wrap(members),
            SpanLifetimeAnalyzerTests.Wrap(fixedMembers),
            contract: null,
            SpanLifetimeCodeFix.EquivalenceKey);

    [Fact]
    public async Task TrailingStopBecomesUsingDeclaration_Fixes()
    {
        await VerifyFixAsync("""
                void Run(string id)
                {
                    // One span per order.
                    var activity = [|Source.StartActivity("orders.run")|];
                    activity?.SetTag("order.id", id);
                    Work();

                    activity?.Stop();
                }
            """, """
                void Run(string id)
                {
                    // One span per order.
                    using var activity = Source.StartActivity("orders.run");
                    activity?.SetTag("order.id", id);
                    Work();
                }
            """);
    }

    [Fact]
    public async Task ExplicitTypeAndNoEnd_Fixes()
    {
        await VerifyFixAsync("""
                async Task RunAsync(bool ok)
                {
                    Activity? activity = [|Source.StartActivity("orders.run", ActivityKind.Consumer)|];
                    await WorkAsync();
                    if (ok)
                    {
                        activity?.Stop();
                    }
                }
            """, """
                async Task RunAsync(bool ok)
                {
                    using Activity? activity = Source.StartActivity("orders.run", ActivityKind.Consumer);
                    await WorkAsync();
                    if (ok)
                    {
                        activity?.Stop();
                    }
                }
            """);
    }

    [Fact]
    public async Task StopFollowedByMoreWorkBecomesTryFinally_Fixes()
    {
        await VerifyFixAsync("""
                void Run(string id)
                {
                    var activity = [|Source.StartActivity("orders.run")|];
                    activity?.SetTag("order.id", id);
                    Work();
                    activity?.Stop();

                    Work();
                }
            """, """
                void Run(string id)
                {
                    var activity = Source.StartActivity("orders.run");
                    try
                    {
                        activity?.SetTag("order.id", id);
                        Work();
                    }
                    finally
                    {
                        activity?.Stop();
                    }

                    Work();
                }
            """);
    }

    [Fact]
    public async Task TelemetrySpanEndBecomesUsing_Fixes()
    {
        await VerifyFixAsync("""
                void Run()
                {
                    var span = [|tracer.StartActiveSpan("orders.run")|];
                    Work();
                    span.End();
                }
            """, """
                void Run()
                {
                    using var span = tracer.StartActiveSpan("orders.run");
                    Work();
                }
            """);
    }

    [Fact]
    public async Task DiscardedResultGetsUsingDeclaration_Fixes()
    {
        await VerifyFixAsync("""
                void Run(string activity)
                {
                    [|Source.StartActivity("orders.run")|];
                    Work();
                }

                void RunSpan()
                {
                    [|tracer.StartSpan("orders.span")|];
                    Work();
                }
            """, """
                void Run(string activity)
                {
                    using var activity2 = Source.StartActivity("orders.run");
                    Work();
                }

                void RunSpan()
                {
                    using var span = tracer.StartSpan("orders.span");
                    Work();
                }
            """);
    }

    [Fact]
    public async Task TwoLeaksInOneMethod_FixAll_Fixes()
    {
        await VerifyFixAsync("""
                void Run()
                {
                    [|Source.StartActivity("orders.first")|];
                    [|Source.StartActivity("orders.second")|];
                    var outer = [|Source.StartActivity("orders.outer")|];
                    var inner = [|Source.StartActivity("orders.inner")|];
                    Work();
                    inner?.Stop();
                    outer?.Stop();
                }
            """, """
                void Run()
                {
                    using var activity = Source.StartActivity("orders.first");
                    using var activity2 = Source.StartActivity("orders.second");
                    using var outer = Source.StartActivity("orders.outer");
                    using var inner = Source.StartActivity("orders.inner");
                    Work();
                }
            """);
    }

    [Fact]
    public async Task LeaksInTwoMethods_FixAll_Fixes()
    {
        await VerifyFixAsync("""
                void First()
                {
                    var activity = [|Source.StartActivity("orders.first")|];
                    Work();
                    activity?.Dispose();
                }

                async Task SecondAsync()
                {
                    var activity = [|Source.StartActivity("orders.second")|];
                    await WorkAsync();
                    activity?.Stop();
                    Work();
                }
            """, """
                void First()
                {
                    using var activity = Source.StartActivity("orders.first");
                    Work();
                }

                async Task SecondAsync()
                {
                    var activity = Source.StartActivity("orders.second");
                    try
                    {
                        await WorkAsync();
                    }
                    finally
                    {
                        activity?.Stop();
                    }

                    Work();
                }
            """);
    }

    [Fact]
    public async Task StopBeforeReturnOfLocal_Fixes()
    {
        await VerifyFixAsync("""
                int Run(ActivitySource? source)
                {
                    var activity = [|source?.StartActivity("orders.run")|];
                    var total = Compute();
                    activity?.Stop();
                    return total;
                }

                static int Compute() => 1;
            """, """
                int Run(ActivitySource? source)
                {
                    using var activity = source?.StartActivity("orders.run");
                    var total = Compute();
                    return total;
                }

                static int Compute() => 1;
            """);
    }

    [Fact]
    public async Task DiscardAssignmentAndTrailingComment_Fixes()
    {
        await VerifyFixAsync("""
                void Run()
                {
                    _ = [|Source.StartActivity("orders.run")|]; // marks the run
                    Work();
                }
            """, """
                void Run()
                {
                    using var activity = Source.StartActivity("orders.run"); // marks the run
                    Work();
                }
            """);
    }

    [Fact]
    public async Task ConditionalAndCoalesceStarts_FixAll_Fixes()
    {
        await VerifyFixAsync("""
                void Handle(bool sampled, ActivityContext parent)
                {
                    var activity = [|sampled ? Source.StartActivity("orders.handle", ActivityKind.Server, parent) : Source.StartActivity("orders.handle")|];
                    Work();
                    activity?.Stop();
                }

                void Correlate()
                {
                    var activity = [|Source.StartActivity("orders.correlate") ?? new Activity("orders.correlate").Start()|];
                    Work();
                }
            """, """
                void Handle(bool sampled, ActivityContext parent)
                {
                    using var activity = sampled ? Source.StartActivity("orders.handle", ActivityKind.Server, parent) : Source.StartActivity("orders.handle");
                    Work();
                }

                void Correlate()
                {
                    using var activity = Source.StartActivity("orders.correlate") ?? new Activity("orders.correlate").Start();
                    Work();
                }
            """);
    }

    [Fact]
    public async Task SwitchExpressionStartAndDiscardedConditional_Fixes()
    {
        await VerifyFixAsync("""
                async Task DispatchAsync(int kind)
                {
                    var activity = [|kind switch
                    {
                        1 => Source.StartActivity("orders.command", ActivityKind.Consumer),
                        _ => null,
                    }|];
                    await WorkAsync();
                    activity?.Stop();
                    Work();
                }

                void Mark(bool sampled)
                {
                    _ = [|sampled ? Source.StartActivity("orders.mark", ActivityKind.Internal) : Source.StartActivity("orders.mark")|];
                    Work();
                }
            """, """
                async Task DispatchAsync(int kind)
                {
                    var activity = kind switch
                    {
                        1 => Source.StartActivity("orders.command", ActivityKind.Consumer),
                        _ => null,
                    };
                    try
                    {
                        await WorkAsync();
                    }
                    finally
                    {
                        activity?.Stop();
                    }

                    Work();
                }

                void Mark(bool sampled)
                {
                    using var activity = sampled ? Source.StartActivity("orders.mark", ActivityKind.Internal) : Source.StartActivity("orders.mark");
                    Work();
                }
            """);
    }

    [Fact]
    public async Task ParenthesizedConditionalStart_HasNoFix()
    {
        var source = SpanLifetimeAnalyzerTests.Wrap("""
                void Run(bool sampled)
                {
                    var activity = ([|sampled ? Source.StartActivity("orders.a") : Source.StartActivity("orders.b")|]);
                    Work();
                    activity?.Stop();
                }
            """);
        await Verify.VerifyCodeFixAsync(source, source, contract: null, SpanLifetimeCodeFix.EquivalenceKey);
    }

    [Fact]
    public async Task StartInsideExpression_HasNoFix()
    {
        var source = SpanLifetimeAnalyzerTests.Wrap("""
                void Run(bool ok)
                {
                    if (ok) [|Source.StartActivity("orders.run")|];
                    Activity? activity = null;
                    activity = [|Source.StartActivity("orders.again")|];
                    Work();
                    activity?.Stop();
                }
            """);
        await Verify.VerifyCodeFixAsync(source, source, contract: null, SpanLifetimeCodeFix.EquivalenceKey);
    }

    [Fact]
    public async Task LabelInBlockUsesTryFinallyNotUsing_Fixes()
    {
        // A using declaration would be jumped back over by the goto (CS8648), so the end moves into finally.
        await VerifyFixAsync("""
                void Run(int attempts)
                {
                retry:
                    Work();
                    var activity = [|Source.StartActivity("orders.retry")|];
                    Work();
                    activity?.Stop();
                    if (--attempts > 0)
                    {
                        goto retry;
                    }
                }
            """, """
                void Run(int attempts)
                {
                retry:
                    Work();
                    var activity = Source.StartActivity("orders.retry");
                    try
                    {
                        Work();
                    }
                    finally
                    {
                        activity?.Stop();
                    }

                    if (--attempts > 0)
                    {
                        goto retry;
                    }
                }
            """);
    }

    [Fact]
    public async Task LabelBeforeUsingCandidate_HasNoFix()
    {
        var source = SpanLifetimeAnalyzerTests.Wrap("""
                void Run()
                {
                retry:
                    Work();
                    var activity = [|Source.StartActivity("orders.retry")|];
                    if (!Ready())
                    {
                        activity?.Stop();
                        goto retry;
                    }

                    Work();
                    activity?.Stop();
                }
            """);
        await Verify.VerifyCodeFixAsync(source, source, contract: null, SpanLifetimeCodeFix.EquivalenceKey);
    }

    [Fact]
    public async Task DeclaredValueUsedAfterStop_HasNoFix()
    {
        var source = SpanLifetimeAnalyzerTests.Wrap("""
                int Run()
                {
                    var activity = [|Source.StartActivity("orders.run")|];
                    var total = Compute();
                    activity?.Stop();
                    Work();
                    return total;
                }

                static int Compute() => 1;
            """);
        await Verify.VerifyCodeFixAsync(source, source, contract: null, SpanLifetimeCodeFix.EquivalenceKey);
    }
}
