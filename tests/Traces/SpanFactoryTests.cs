using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Traces;
using SignalContract.Analyzers.Tests.Verifiers;
using SignalContract.CodeFixes.Traces;
using VerifyError = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SignalContract.Analyzers.Traces.SpanErrorAnalyzer,
    SignalContract.CodeFixes.Traces.SpanErrorNotRecordedCodeFix>;
using VerifyLifetime = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SignalContract.Analyzers.Traces.SpanLifetimeAnalyzer,
    SignalContract.CodeFixes.Traces.SpanLifetimeCodeFix>;

namespace SignalContract.Analyzers.Tests.Traces;

/// <summary>
/// Spans started by a factory of the same compilation (a method that returns a started span, an async one, or a holder
/// type that ends its span in Dispose): the caller owns them, for OBS3001 and OBS3002, as if it had started them.
/// </summary>
public class SpanFactoryTests
{
    /// <summary>A service's telemetry file: the factories the callers in the tests use.</summary>
    private const string Telemetry = """
        using System;
        using System.Diagnostics;
        using System.Threading.Tasks;
        using OpenTelemetry.Trace;

        public static class Telemetry
        {
            public static readonly ActivitySource Source = new("Shop.Orders");
            private static Activity? last;

            public static Activity? StartCommand(string name) => Source.StartActivity(name, ActivityKind.Internal);

            public static Activity? StartCharge(string orderId, ActivityContext parent = default)
            {
                var activity = Source.StartActivity("payments.charge", ActivityKind.Client, parent);
                if (activity is null)
                {
                    return null;
                }

                activity.SetTag("order.id", orderId);
                return activity;
            }

            public static async Task<Activity?> StartLinkedAsync(string name, Func<Task<ActivityContext>> loadParent)
            {
                var parent = await loadParent();
                return Source.StartActivity(name, ActivityKind.Consumer, parent);
            }

            public static CommandScope BeginCommand(string name)
            {
                var activity = Source.StartActivity(name);
                return activity is null ? default : new CommandScope(activity);
            }

            public static SpanScope BeginSpan(Tracer tracer, string name) => new(tracer.StartActiveSpan(name));

            // Not factories: the caller does not own what these return.
            public static Activity? Current() => Activity.Current;

            public static Activity? Last() => last;

            public static Activity? StartAndRemember(string name)
            {
                var activity = Source.StartActivity(name);
                last = activity;
                return activity;
            }

            public static Activity? Tagged(Activity? activity)
            {
                activity?.SetTag("tagged", true);
                return activity;
            }

            public static Activity? StartOrReuse(bool reuse) => reuse ? last : Source.StartActivity("orders.reuse");

            public static Activity? Started => Source.StartActivity("orders.property");

            public static Activity? StartNested(int depth) => depth == 0 ? Source.StartActivity("orders.nested") : StartNested(depth - 1);

            public static Task<Activity?> StartLater(string name) => Task.FromResult(Source.StartActivity(name));

            public static LooseScope BeginLoose(string name) => new(Source.StartActivity(name));
        }

        /// <summary>Holds the activity and stops it when disposed.</summary>
        public readonly struct CommandScope : IDisposable
        {
            private readonly Activity? activity;

            public CommandScope(Activity? activity)
            {
                this.activity = activity;
            }

            public Activity? Activity => activity;

            public void Fail(Exception exception) => activity?.SetStatus(ActivityStatusCode.Error, exception.Message);

            public void Complete()
            {
                activity?.SetTag("completed", true);
                activity?.Stop();
            }

            public void Dispose() => activity?.Stop();
        }

        /// <summary>A holder of an OpenTelemetry span, through its primary constructor; it exposes no span.</summary>
        public sealed class SpanScope(TelemetrySpan span) : IDisposable
        {
            public void Dispose() => span.End();
        }

        /// <summary>Not a holder: it ends the activity only when told it owns it.</summary>
        public sealed class LooseScope : IDisposable
        {
            private readonly Activity? activity;

            public LooseScope(Activity? activity) => this.activity = activity;

            public bool Owns { get; set; }

            public void Dispose()
            {
                if (Owns)
                {
                    activity?.Stop();
                }
            }
        }
        """;

    private static Task VerifyLifetimeAsync(string caller, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerVerifier<SpanLifetimeAnalyzer>.Test();
        test.TestState.Sources.Add(("Orders.cs", caller));
        test.TestState.Sources.Add(("Telemetry.cs", Telemetry));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    private static DiagnosticResult NotEnded(int location, string message) =>
        VerifyLifetime.Diagnostic(Descriptors.SpanNotEnded).WithLocation(location).WithArguments(message);

    // ---- OBS3001 ----

    [Fact]
    public async Task FactoryResultNotEndedOnEveryPath_Triggers()
    {
        await VerifyLifetimeAsync("""
            using System;
            using System.Diagnostics;
            using System.Threading.Tasks;

            public sealed class OrderService
            {
                public async Task SubmitAsync(string orderId)
                {
                    var activity = {|#0:Telemetry.StartCommand("orders.submit")|};
                    await SaveAsync(orderId);
                    activity?.Stop();
                }

                public bool Charge(string orderId)
                {
                    var activity = {|#1:Telemetry.StartCharge(orderId)|};
                    if (orderId.Length == 0)
                    {
                        return false;
                    }

                    activity?.Stop();
                    return true;
                }

                public void Mark() => {|#2:Telemetry.StartCommand("orders.mark")|};

                public void Local()
                {
                    var activity = {|#3:Begin()|};
                    Save();
                    activity?.Stop();

                    static Activity? Begin() => Telemetry.Source.StartActivity("orders.local");
                }

                private static Task SaveAsync(string orderId) => Task.CompletedTask;

                private static void Save() { }
            }
            """,
            NotEnded(0, "'activity' is not stopped on every path: an exception thrown before the end skips it; end it in a finally or with 'using'"),
            NotEnded(1, "'activity' is not stopped on every path: a path leaves without ending it"),
            NotEnded(2, "The activity from 'StartCommand' is not kept, so it is never stopped and stays Activity.Current"),
            NotEnded(3, "'activity' is not stopped on every path: an exception thrown before the end skips it; end it in a finally or with 'using'"));
    }

    [Fact]
    public async Task AwaitedAsyncFactoryNotEnded_Triggers()
    {
        await VerifyLifetimeAsync("""
            using System.Diagnostics;
            using System.Threading.Tasks;

            public sealed class MessageConsumer
            {
                public async Task ConsumeAsync()
                {
                    var activity = {|#0:await Telemetry.StartLinkedAsync("messages.consume", LoadParentAsync)|};
                    await HandleAsync();
                    activity?.Stop();
                }

                public async Task ConsumeDetachedAsync()
                {
                    Activity? activity = {|#1:await Telemetry.StartLinkedAsync("messages.detached", LoadParentAsync).ConfigureAwait(false)|};
                    await HandleAsync();
                }

                private static Task<ActivityContext> LoadParentAsync() => Task.FromResult(default(ActivityContext));

                private static Task HandleAsync() => Task.CompletedTask;
            }
            """,
            NotEnded(0, "'activity' is not stopped on every path: an exception thrown before the end skips it; end it in a finally or with 'using'"),
            NotEnded(1, "'activity' is not stopped on every path: a path leaves without ending it"));
    }

    [Fact]
    public async Task HolderFromFactoryNotDisposedOnEveryPath_Triggers()
    {
        await VerifyLifetimeAsync("""
            using OpenTelemetry.Trace;

            public sealed class OrderService
            {
                public void Submit(string orderId)
                {
                    var scope = {|#0:Telemetry.BeginCommand("orders.submit")|};
                    Save(orderId);
                    scope.Dispose();
                }

                public void Audit(Tracer tracer)
                {
                    var scope = {|#1:Telemetry.BeginSpan(tracer, "orders.audit")|};
                    Save("all");
                }

                public void Forget() => {|#2:Telemetry.BeginCommand("orders.forget")|};

                private static void Save(string orderId) { }
            }
            """,
            NotEnded(0, "'scope' is not disposed on every path: an exception thrown before the end skips it; end it in a finally or with 'using'"),
            NotEnded(1, "'scope' is not disposed on every path: a path leaves without ending it"),
            NotEnded(2, "The activity from 'BeginCommand' is not kept, so it is never stopped and stays Activity.Current"));
    }

    [Fact]
    public async Task FactoryResultEnded_DoesNotTrigger()
    {
        await VerifyLifetimeAsync("""
            using System.Diagnostics;
            using System.Threading.Tasks;
            using OpenTelemetry.Trace;

            public sealed class OrderService
            {
                public async Task SubmitAsync(string orderId)
                {
                    using var activity = Telemetry.StartCommand("orders.submit");
                    using var charge = Telemetry.StartCharge(orderId);
                    using var consume = await Telemetry.StartLinkedAsync("messages.consume", LoadParentAsync);
                    using var scope = Telemetry.BeginCommand("orders.scope");
                    await SaveAsync(orderId);
                }

                public void Charge(string orderId)
                {
                    var activity = Telemetry.StartCharge(orderId);
                    try
                    {
                        Save();
                    }
                    finally
                    {
                        activity?.Stop();
                    }
                }

                public void Complete(Tracer tracer)
                {
                    var scope = Telemetry.BeginCommand("orders.complete");
                    scope.Activity?.SetTag("step", "complete");
                    scope.Complete();

                    var other = Telemetry.BeginCommand("orders.other");
                    try
                    {
                        Save();
                    }
                    finally
                    {
                        other.Dispose();
                    }

                    var span = Telemetry.BeginSpan(tracer, "orders.span");
                    span.Dispose();
                }

                // The factory's own caller hands the span on again.
                public Activity? StartForCaller() => Telemetry.StartCommand("orders.forward");

                private static Task<ActivityContext> LoadParentAsync() => Task.FromResult(default(ActivityContext));

                private static Task SaveAsync(string orderId) => Task.CompletedTask;

                private static void Save() { }
            }
            """);
    }

    [Fact]
    public async Task NotAFactoryOrNotOwned_DoesNotTrigger()
    {
        await VerifyLifetimeAsync("""
            using System.Diagnostics;
            using System.Threading.Tasks;

            public class OrderService
            {
                public async Task RunAsync(Activity? parent, bool reuse)
                {
                    var current = Telemetry.Current();
                    var last = Telemetry.Last();
                    var remembered = Telemetry.StartAndRemember("orders.remembered");
                    var tagged = Telemetry.Tagged(parent);
                    var reused = Telemetry.StartOrReuse(reuse);
                    var property = Telemetry.Started;
                    var nested = Telemetry.StartNested(2);
                    var later = await Telemetry.StartLater("orders.later");
                    var pending = Telemetry.StartLinkedAsync("orders.pending", () => Task.FromResult(default(ActivityContext)));
                    var loose = Telemetry.BeginLoose("orders.loose");
                    var overridable = StartVirtual();
                    await SaveAsync();
                }

                // A derived class may return a span it keeps.
                protected virtual Activity? StartVirtual() => Telemetry.Source.StartActivity("orders.virtual");

                public void HolderEndedThroughItsSpan()
                {
                    var scope = Telemetry.BeginCommand("orders.through");
                    Save();
                    scope.Activity?.Stop();
                }

                private static Task SaveAsync() => Task.CompletedTask;

                private static void Save() { }
            }
            """);
    }

    [Fact]
    public async Task FactoryInAnotherAssembly_DoesNotTrigger()
    {
        var test = new CSharpAnalyzerVerifier<SpanLifetimeAnalyzer>.Test
        {
            TestCode = """
                public sealed class OrderService
                {
                    public void Submit()
                    {
                        var activity = Telemetry.StartCommand("orders.submit");
                        Save();
                        activity?.Stop();
                    }

                    private static void Save() { }
                }
                """,
        };
        var library = test.TestState.AdditionalProjects["Shop.Telemetry"];
        library.Sources.Add(("Telemetry.cs", Telemetry));
        library.AdditionalReferences.AddRange(TestReferences.Default.References);
        test.TestState.AdditionalProjectReferences.Add("Shop.Telemetry");
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task FactoryAndHolderResults_FixAll_Fixes()
    {
        const string caller = """
            using System.Threading.Tasks;

            public sealed class OrderService
            {
                public async Task SubmitAsync(string orderId)
                {
                    var activity = [|await Telemetry.StartLinkedAsync("messages.consume", () => Task.FromResult(default(System.Diagnostics.ActivityContext)))|];
                    await SaveAsync(orderId);
                    activity?.Stop();
                }

                public void Submit(string orderId)
                {
                    var scope = [|Telemetry.BeginCommand("orders.submit")|];
                    SaveAsync(orderId).Wait();
                    scope.Dispose();
                }

                private static Task SaveAsync(string orderId) => Task.CompletedTask;
            }
            """;
        const string fixedCaller = """
            using System.Threading.Tasks;

            public sealed class OrderService
            {
                public async Task SubmitAsync(string orderId)
                {
                    using var activity = await Telemetry.StartLinkedAsync("messages.consume", () => Task.FromResult(default(System.Diagnostics.ActivityContext)));
                    await SaveAsync(orderId);
                }

                public void Submit(string orderId)
                {
                    using var scope = Telemetry.BeginCommand("orders.submit");
                    SaveAsync(orderId).Wait();
                }

                private static Task SaveAsync(string orderId) => Task.CompletedTask;
            }
            """;
        var test = new VerifyLifetime.Test { CodeActionEquivalenceKey = SpanLifetimeCodeFix.EquivalenceKey };
        test.TestState.Sources.Add(("Orders.cs", caller));
        test.TestState.Sources.Add(("Telemetry.cs", Telemetry));
        test.FixedState.Sources.Add(("Orders.cs", fixedCaller));
        test.FixedState.Sources.Add(("Telemetry.cs", Telemetry));
        await test.RunAsync(CancellationToken.None);
    }

    // ---- OBS3002 ----

    private static Task VerifyErrorsAsync(string caller, string? fixedCaller, params DiagnosticResult[] expected)
    {
        var test = new VerifyError.Test { CodeActionEquivalenceKey = SpanErrorNotRecordedCodeFix.RecordErrorKey };
        test.TestState.Sources.Add(("Orders.cs", caller));
        test.TestState.Sources.Add(("Telemetry.cs", Telemetry));
        test.FixedState.Sources.Add(("Orders.cs", fixedCaller ?? caller));
        test.FixedState.Sources.Add(("Telemetry.cs", Telemetry));
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    private static DiagnosticResult NotRecorded(int location, string span) =>
        VerifyError.Diagnostic(Descriptors.SpanErrorNotRecorded).WithLocation(location).WithArguments(span);

    [Fact]
    public async Task CatchInsideFactorySpan_Triggers()
    {
        await VerifyErrorsAsync("""
            using System;
            using System.Diagnostics;
            using System.Threading.Tasks;

            public sealed class MessageConsumer
            {
                public async Task ConsumeAsync()
                {
                    using var activity = await Telemetry.StartLinkedAsync("messages.consume", LoadParentAsync);
                    try
                    {
                        await HandleAsync();
                    }
                    {|#0:catch|} (FormatException ex)
                    {
                        Console.WriteLine(ex.Message);
                    }
                }

                private static Task<ActivityContext> LoadParentAsync() => Task.FromResult(default(ActivityContext));

                private static Task HandleAsync() => Task.CompletedTask;
            }
            """, """
            using System;
            using System.Diagnostics;
            using System.Threading.Tasks;

            public sealed class MessageConsumer
            {
                public async Task ConsumeAsync()
                {
                    using var activity = await Telemetry.StartLinkedAsync("messages.consume", LoadParentAsync);
                    try
                    {
                        await HandleAsync();
                    }
                    catch (FormatException ex)
                    {
                        activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                        activity?.SetTag("error.type", ex.GetType().FullName);
                        Console.WriteLine(ex.Message);
                    }
                }

                private static Task<ActivityContext> LoadParentAsync() => Task.FromResult(default(ActivityContext));

                private static Task HandleAsync() => Task.CompletedTask;
            }
            """,
            NotRecorded(0, "activity"));
    }

    [Fact]
    public async Task CatchInsideHolderScope_Triggers()
    {
        await VerifyErrorsAsync("""
            using System;
            using OpenTelemetry.Trace;

            public sealed class OrderService
            {
                public void Submit(string orderId)
                {
                    using var scope = Telemetry.BeginCommand("orders.submit");
                    try
                    {
                        Save(orderId);
                    }
                    {|#0:catch|} (InvalidOperationException ex)
                    {
                        Console.WriteLine(ex.Message);
                    }
                }

                public void Audit(Tracer tracer)
                {
                    using var scope = Telemetry.BeginSpan(tracer, "orders.audit");
                    try
                    {
                        Save("all");
                    }
                    {|#1:catch|} (InvalidOperationException ex)
                    {
                        Console.WriteLine(ex.Message);
                    }
                }

                private static void Save(string orderId) { }
            }
            """, """
            using System;
            using OpenTelemetry.Trace;

            public sealed class OrderService
            {
                public void Submit(string orderId)
                {
                    using var scope = Telemetry.BeginCommand("orders.submit");
                    try
                    {
                        Save(orderId);
                    }
                    catch (InvalidOperationException ex)
                    {
                        scope.Activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
                        scope.Activity?.SetTag("error.type", ex.GetType().FullName);
                        Console.WriteLine(ex.Message);
                    }
                }

                public void Audit(Tracer tracer)
                {
                    using var scope = Telemetry.BeginSpan(tracer, "orders.audit");
                    try
                    {
                        Save("all");
                    }
                    [|catch|] (InvalidOperationException ex)
                    {
                        Console.WriteLine(ex.Message);
                    }
                }

                private static void Save(string orderId) { }
            }
            """,
            NotRecorded(0, "scope"),
            NotRecorded(1, "scope"));
    }

    [Fact]
    public async Task HolderScopeRecording_DoesNotTrigger()
    {
        await VerifyErrorsAsync("""
            using System;
            using System.Diagnostics;

            public sealed class OrderService
            {
                public void Submit(string orderId)
                {
                    using var scope = Telemetry.BeginCommand("orders.submit");
                    try
                    {
                        Save(orderId);
                    }
                    catch (ArgumentException ex)
                    {
                        scope.Fail(ex);
                    }
                    catch (InvalidOperationException ex)
                    {
                        scope.Activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                    }
                    catch (Exception ex)
                    {
                        Activity.Current?.SetStatus(ActivityStatusCode.Error, ex.Message);
                        throw;
                    }
                }

                private static void Save(string orderId) { }
            }
            """, null);
    }
}
