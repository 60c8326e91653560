using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Tests.Verifiers;
using SignalContract.CodeFixes.Traces;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SignalContract.Analyzers.Traces.SpanErrorAnalyzer,
    SignalContract.CodeFixes.Traces.SpanErrorNotRecordedCodeFix>;

using VerifyAnalyzer = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Traces.SpanErrorAnalyzer>;

namespace SignalContract.Analyzers.Tests.Traces;

public class SpanErrorAnalyzerTests
{
    private static DiagnosticResult Expected(int location, string span) =>
        Verify.Diagnostic(Descriptors.SpanErrorNotRecorded).WithLocation(location).WithArguments(span);

    [Fact]
    public async Task UsingVarActivityCatchLogsOnly_Triggers()
    {
        const string source = """
            using System;
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Place()
                {
                    using var activity = Source.StartActivity("checkout.place_order");
                    try
                    {
                        Work();
                    }
                    {|#0:catch|} (InvalidOperationException ex)
                    {
                        Console.WriteLine(ex.Message);
                    }
                }

                void Work() { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null, Expected(0, "activity"));
    }

    [Fact]
    public async Task UsingStatementActivityRethrow_Triggers()
    {
        const string source = """
            using System;
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Place()
                {
                    using (var span = Source.StartActivity("checkout.place_order"))
                    {
                        try
                        {
                            Work();
                        }
                        [|catch|]
                        {
                            throw;
                        }
                    }
                }

                void Work() { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null);
    }

    [Fact]
    public async Task StartedLocalEndedInFinally_Triggers()
    {
        const string source = """
            using System;
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                bool Place()
                {
                    var activity = Source.StartActivity("checkout.place_order");
                    try
                    {
                        Work();
                        return true;
                    }
                    [|catch|] (Exception)
                    {
                        return false;
                    }
                    finally
                    {
                        activity?.Stop();
                    }
                }

                void Work() { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null);
    }

    [Fact]
    public async Task TelemetrySpanCatch_Triggers()
    {
        const string source = """
            using System;
            using OpenTelemetry.Trace;

            class Orders
            {
                void Place(Tracer tracer)
                {
                    using var span = tracer.StartActiveSpan("checkout.place_order");
                    try
                    {
                        Work();
                    }
                    {|#0:catch|} (Exception ex)
                    {
                        Console.WriteLine(ex);
                    }
                }

                void Work() { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null, Expected(0, "span"));
    }

    [Fact]
    public async Task RecordedOnAnotherSpan_Triggers()
    {
        const string source = """
            using System;
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Place(Activity other)
                {
                    using var activity = Source.StartActivity("checkout.place_order");
                    try
                    {
                        Work();
                    }
                    {|#0:catch|} (Exception ex)
                    {
                        other.SetStatus(ActivityStatusCode.Error, ex.Message);
                    }
                }

                void Work() { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null, Expected(0, "activity"));
    }

    [Fact]
    public async Task HelperThatOnlyLogs_Triggers()
    {
        const string source = """
            using System;
            using System.Diagnostics;

            static class Telemetry
            {
                public static void Log(Exception ex) => Console.WriteLine(ex);
            }

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Place()
                {
                    using var activity = Source.StartActivity("checkout.place_order");
                    try
                    {
                        Work();
                    }
                    [|catch|] (Exception ex)
                    {
                        Telemetry.Log(ex);
                    }
                }

                void Work() { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null);
    }

    [Fact]
    public async Task OkStatus_Triggers()
    {
        const string source = """
            using System;
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Place()
                {
                    using var activity = Source.StartActivity("checkout.place_order");
                    try
                    {
                        Work();
                    }
                    [|catch|] (Exception)
                    {
                        activity?.SetStatus(ActivityStatusCode.Ok);
                    }
                }

                void Work() { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null);
    }

    [Fact]
    public async Task InnermostSpanIsTheOneToRecordOn_Triggers()
    {
        const string source = """
            using System;
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Place()
                {
                    using var outer = Source.StartActivity("checkout.place_order");
                    using var inner = Source.StartActivity("checkout.reserve");
                    try
                    {
                        Work();
                    }
                    {|#0:catch|} (Exception ex)
                    {
                        outer?.SetStatus(ActivityStatusCode.Error, ex.Message);
                    }
                }

                void Work() { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null, Expected(0, "inner"));
    }

    [Fact]
    public async Task StartedActivityAndEndedTelemetrySpan_Triggers()
    {
        const string source = """
            using System;
            using System.Diagnostics;
            using OpenTelemetry.Trace;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Load()
                {
                    var activity = new Activity("checkout.load").Start();
                    try
                    {
                        Work();
                    }
                    {|#0:catch|} (FormatException)
                    {
                    }

                    activity.Stop();
                }

                void Ship(Tracer tracer)
                {
                    var span = tracer.StartSpan("checkout.ship");
                    if (span.IsRecording)
                    {
                        try
                        {
                            Work();
                        }
                        {|#1:catch|} (Exception ex) when (ex is not OperationCanceledException)
                        {
                            Console.WriteLine(ex);
                        }
                    }

                    span.End();
                }

                void Work() { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null, Expected(0, "activity"), Expected(1, "span"));
    }

    [Fact]
    public async Task ConditionalStarts_Triggers()
    {
        const string source = """
            using System;
            using System.Diagnostics;
            using System.Threading.Tasks;

            class MessageConsumer
            {
                static readonly ActivitySource Source = new("shop.messaging");

                public async Task ConsumeAsync(string? traceParent, bool sampled)
                {
                    using var activity = traceParent is null
                        ? Source.StartActivity("messages.consume", ActivityKind.Consumer)
                        : Source.StartActivity("messages.consume", ActivityKind.Consumer, traceParent);
                    try
                    {
                        await HandleAsync();
                    }
                    {|#0:catch|} (FormatException ex)
                    {
                        Console.WriteLine(ex.Message);
                    }
                }

                public void Correlate()
                {
                    var activity = Source.StartActivity("messages.correlate") ?? new Activity("messages.correlate").Start();
                    try
                    {
                        HandleAsync().GetAwaiter().GetResult();
                    }
                    {|#1:catch|} (InvalidOperationException)
                    {
                    }
                    finally
                    {
                        activity.Stop();
                    }
                }

                public void Dispatch(int kind)
                {
                    using var activity = kind switch
                    {
                        1 => Source.StartActivity("messages.command"),
                        _ => Source.StartActivity("messages.event"),
                    };
                    try
                    {
                        HandleAsync().GetAwaiter().GetResult();
                    }
                    {|#2:catch|} (Exception ex)
                    {
                        Console.WriteLine(ex);
                    }
                }

                Task HandleAsync() => Task.CompletedTask;
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null, Expected(0, "activity"), Expected(1, "activity"), Expected(2, "activity"));
    }

    [Fact]
    public async Task SpanDeclaredInSwitchSection_Triggers()
    {
        const string source = """
            using System;
            using System.Diagnostics;

            class CommandRouter
            {
                static readonly ActivitySource Source = new("shop.commands");

                public int Route(string command)
                {
                    switch (command)
                    {
                        case "refund":
                            using (var refund = Source.StartActivity("commands.refund"))
                            {
                                try
                                {
                                    Run(command);
                                }
                                {|#0:catch|} (InvalidOperationException)
                                {
                                    return 1;
                                }
                            }

                            return 0;
                        case "cancel":
                            // A using declaration is not allowed directly in a switch section (CS8647).
                            var activity = Source.StartActivity("commands.cancel");
                            try
                            {
                                Run(command);
                            }
                            {|#1:catch|} (Exception ex)
                            {
                                Console.WriteLine(ex);
                            }

                            activity?.Stop();
                            return 0;
                        default:
                            var other = Source.StartActivity("commands.other");
                            try
                            {
                                Run(command);
                            }
                            catch (Exception ex)
                            {
                                other?.SetStatus(ActivityStatusCode.Error, ex.Message);
                            }

                            other?.Stop();
                            return 2;
                    }
                }

                void Run(string command) { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null, Expected(0, "refund"), Expected(1, "activity"));
    }

    [Fact]
    public async Task SpanEndedBeforeTheTryOrNeverEnded_DoesNotTrigger()
    {
        const string source = """
            using System;
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Load()
                {
                    var activity = Source.StartActivity("checkout.load");
                    Work();
                    activity?.Stop();
                    try
                    {
                        Work();
                    }
                    catch (FormatException)
                    {
                    }
                }

                Activity? Begin()
                {
                    var activity = Source.StartActivity("checkout.begin");
                    try
                    {
                        Work();
                    }
                    catch (FormatException)
                    {
                    }

                    return activity;
                }

                void Work() { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null);
    }

    [Theory]
    [InlineData("activity?.SetStatus(ActivityStatusCode.Error, ex.Message);")]
    [InlineData("activity?.SetStatus(ActivityStatusCode.Error);")]
    [InlineData("activity?.SetTag(\"error.type\", ex.GetType().FullName);")]
    [InlineData("activity?.SetTag(\"otel.status_code\", \"ERROR\");")]
    [InlineData("activity?.RecordException(ex);")]
    [InlineData("activity?.SetStatus(Status.Error.WithDescription(ex.Message));")]
    [InlineData("Activity.Current?.SetStatus(ActivityStatusCode.Error);")]
    [InlineData("Telemetry.Fail(activity, ex);")]
    [InlineData("Telemetry.FailCurrent(ex);")]
    [InlineData("Fail(ex); void Fail(Exception e) => activity?.SetStatus(ActivityStatusCode.Error, e.Message);")]
    [InlineData("if (activity is not null) { activity.SetStatus(ActivityStatusCode.Error, ex.Message); } throw;")]
    public async Task RecordingCatch_DoesNotTrigger(string record)
    {
        string source = $$"""
            using System;
            using System.Diagnostics;
            using OpenTelemetry.Trace;

            static class Telemetry
            {
                public static void Fail(Activity? activity, Exception ex) => activity?.SetStatus(ActivityStatusCode.Error, ex.Message);

                public static void FailCurrent(Exception ex) => Activity.Current?.AddTag("otel.status_code", "ERROR").SetStatus(ActivityStatusCode.Error);

                public static void Log(Exception ex) => Console.WriteLine(ex);
            }

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Place()
                {
                    using var activity = Source.StartActivity("checkout.place_order");
                    try
                    {
                        Work();
                    }
                    catch (Exception ex)
                    {
                        {{record}}
                    }
                }

                void Work() { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null);
    }

    [Fact]
    public async Task FilterThatIsTheRecordingCall_DoesNotTrigger()
    {
        const string source = """
            using System;
            using System.Diagnostics;
            using System.Threading.Tasks;

            static class Telemetry
            {
                // Returns false: the filter records the failure and lets the exception go on unhandled.
                public static bool Fail(Activity? activity, Exception exception)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
                    return false;
                }

                public static bool FailCurrent(Exception exception)
                {
                    Activity.Current?.SetStatus(ActivityStatusCode.Error, exception.Message);
                    return true;
                }
            }

            class OrderHandler
            {
                static readonly ActivitySource Source = new("shop.orders");

                public async Task HandleAsync(string orderId)
                {
                    using var activity = Source.StartActivity("orders.handle");
                    try
                    {
                        await ProcessAsync(orderId);
                    }
                    catch (Exception ex) when (Telemetry.Fail(activity, ex))
                    {
                        throw;
                    }
                }

                public void Retry(string orderId)
                {
                    using var activity = Source.StartActivity("orders.retry");
                    try
                    {
                        ProcessAsync(orderId).GetAwaiter().GetResult();
                    }
                    catch (TimeoutException ex) when (Telemetry.FailCurrent(ex))
                    {
                        Console.WriteLine("retry later");
                    }
                }

                Task ProcessAsync(string orderId) => Task.CompletedTask;
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null);
    }

    [Fact]
    public async Task FilterThatOnlyLogs_Triggers()
    {
        const string source = """
            using System;
            using System.Diagnostics;

            static class Telemetry
            {
                public static bool Log(Exception exception)
                {
                    Console.WriteLine(exception);
                    return true;
                }
            }

            class OrderHandler
            {
                static readonly ActivitySource Source = new("shop.orders");

                public void Handle(string orderId)
                {
                    using var activity = Source.StartActivity("orders.handle");
                    try
                    {
                        Process(orderId);
                    }
                    {|#0:catch|} (Exception ex) when (Telemetry.Log(ex))
                    {
                    }
                }

                void Process(string orderId) { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null, Expected(0, "activity"));
    }

    [Fact]
    public async Task HelperRecordingOnCurrentWithConditionalAccess_DoesNotTrigger()
    {
        const string source = """
            using System;
            using System.Diagnostics;

            static class ErrorReporting
            {
                public static void RecordFailure(Exception exception)
                {
                    Activity.Current?.SetStatus(ActivityStatusCode.Error, exception.Message);
                    Activity.Current?.AddTag("error.type", exception.GetType().FullName);
                }

                public static void RecordOnCurrent(Exception exception)
                {
                    var current = Activity.Current;
                    current?.SetTag("exception.message", exception.Message);
                }

                // Forwards to a helper that records.
                public static void Report(Exception exception) => RecordFailure(exception);
            }

            class PaymentService
            {
                static readonly ActivitySource Source = new("shop.payments");

                public bool Charge(string orderId)
                {
                    using var activity = Source.StartActivity("payments.charge");
                    try
                    {
                        Submit(orderId);
                        return true;
                    }
                    catch (TimeoutException ex)
                    {
                        ErrorReporting.RecordFailure(ex);
                        return false;
                    }
                    catch (InvalidOperationException ex)
                    {
                        ErrorReporting.RecordOnCurrent(ex);
                        return false;
                    }
                    catch (Exception ex)
                    {
                        ErrorReporting.Report(ex);
                        throw;
                    }
                }

                void Submit(string orderId) { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null);
    }

    [Fact]
    public async Task HelperSettingStatusOfSomethingElse_Triggers()
    {
        const string source = """
            using System;
            using System.Diagnostics;

            sealed class Outcome
            {
                public static Outcome Last { get; } = new();

                public void SetStatus(string status) { }
            }

            static class ErrorReporting
            {
                // Textually a SetStatus call, but on no span.
                public static void RecordFailure(Exception exception) => Outcome.Last.SetStatus("failed: " + exception.Message);

                public static void RecordSuccess(Exception exception) => Activity.Current?.SetStatus(ActivityStatusCode.Ok);
            }

            class PaymentService
            {
                static readonly ActivitySource Source = new("shop.payments");

                public void Charge(string orderId)
                {
                    using var activity = Source.StartActivity("payments.charge");
                    try
                    {
                        Submit(orderId);
                    }
                    {|#0:catch|} (TimeoutException ex)
                    {
                        ErrorReporting.RecordFailure(ex);
                    }
                    {|#1:catch|} (Exception ex)
                    {
                        ErrorReporting.RecordSuccess(ex);
                    }
                }

                void Submit(string orderId) { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null, Expected(0, "activity"), Expected(1, "activity"));
    }

    [Fact]
    public async Task TelemetrySpanRecording_DoesNotTrigger()
    {
        const string source = """
            using System;
            using OpenTelemetry.Trace;

            class Orders
            {
                void Place(Tracer tracer)
                {
                    using var span = tracer.StartActiveSpan("checkout.place_order");
                    try
                    {
                        Work();
                    }
                    catch (ArgumentException ex)
                    {
                        span.RecordException(ex);
                    }
                    catch (Exception ex)
                    {
                        span.SetStatus(Status.Error.WithDescription(ex.Message));
                        throw;
                    }
                }

                void Work() { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null);
    }

    [Fact]
    public async Task AddExceptionOnNet10_DoesNotTrigger()
    {
        var test = new VerifyAnalyzer.Test(TestReferences.Net100)
        {
            TestCode = """
                using System;
                using System.Diagnostics;

                class Orders
                {
                    static readonly ActivitySource Source = new("shop.checkout");

                    void Place()
                    {
                        using var activity = Source.StartActivity("checkout.place_order");
                        try
                        {
                            Work();
                        }
                        catch (Exception ex)
                        {
                            activity?.AddException(ex);
                        }
                    }

                    void Work() { }
                }
                """,
        };
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task CancellationAndOutsideSpans_DoNotTrigger()
    {
        const string source = """
            using System;
            using System.Diagnostics;
            using System.Threading.Tasks;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                async Task PlaceAsync()
                {
                    try
                    {
                        Work();
                    }
                    catch (Exception)
                    {
                    }

                    using var activity = Source.StartActivity("checkout.place_order");
                    try
                    {
                        await Task.Delay(10);
                    }
                    catch (TaskCanceledException)
                    {
                    }
                    catch (OperationCanceledException)
                    {
                    }

                    Action later = () =>
                    {
                        try { Work(); } catch (Exception) { }
                    };
                    later();
                }

                void Inner()
                {
                    try
                    {
                        using var activity = Source.StartActivity("checkout.reserve");
                        Work();
                    }
                    catch (Exception)
                    {
                    }
                }

                void Work() { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null);
    }

    [Fact]
    public async Task RethrowCaughtByRecordingOuterCatch_DoesNotTrigger()
    {
        const string source = """
            using System;
            using System.Diagnostics;
            using System.IO;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Place()
                {
                    using var activity = Source.StartActivity("checkout.place_order");
                    try
                    {
                        try
                        {
                            Work();
                        }
                        catch (IOException)
                        {
                            Console.WriteLine("cleanup");
                            throw;
                        }
                    }
                    catch (Exception ex)
                    {
                        activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                        throw;
                    }
                }

                void Work() { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null);
    }

    [Fact]
    public async Task RecordErrorsOff_DoesNotTrigger()
    {
        const string source = """
            using System;
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Place()
                {
                    using var activity = Source.StartActivity("checkout.place_order");
                    try
                    {
                        Work();
                    }
                    catch (Exception)
                    {
                    }
                }

                void Work() { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, """{ "version": 1, "traces": { "recordErrors": false } }""");
    }

    [Fact]
    public async Task UserTypesNamedLikeTracing_DoNotTrigger()
    {
        const string source = """
            using System;

            class Activity : IDisposable
            {
                public void Dispose() { }
            }

            class ActivitySource
            {
                public Activity StartActivity(string name) => new();
            }

            class Orders
            {
                void Place(ActivitySource source)
                {
                    using var activity = source.StartActivity("checkout.place_order");
                    try
                    {
                        Work();
                    }
                    catch (Exception)
                    {
                    }
                }

                void Work() { }
            }
            """;

        await VerifyAnalyzer.VerifyAsync(source, contract: null);
    }

    [Fact]
    public async Task NamedException_Fixes()
    {
        const string source = """
            using System;
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Place()
                {
                    using var activity = Source.StartActivity("checkout.place_order");
                    try
                    {
                        Work();
                    }
                    [|catch|] (InvalidOperationException error)
                    {
                        // keep going
                        Console.WriteLine(error.Message);
                    }
                }

                void Work() { }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Place()
                {
                    using var activity = Source.StartActivity("checkout.place_order");
                    try
                    {
                        Work();
                    }
                    catch (InvalidOperationException error)
                    {
                        activity?.SetStatus(ActivityStatusCode.Error, error.Message);
                        activity?.SetTag("error.type", error.GetType().FullName);
                        // keep going
                        Console.WriteLine(error.Message);
                    }
                }

                void Work() { }
            }
            """;

        await Verify.VerifyCodeFixAsync(source, fixedSource, contract: null, SpanErrorNotRecordedCodeFix.RecordErrorKey);
    }

    [Fact]
    public async Task UnnamedAndBareCatches_Fixes()
    {
        const string source = """
            using System;
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                bool Place(int ex)
                {
                    using var activity = Source.StartActivity("checkout.place_order");
                    try
                    {
                        return Work();
                    }
                    [|catch|] (ArgumentException)
                    {
                        return false;
                    }
                    [|catch|]
                    {
                        throw;
                    }
                }

                bool Work() => true;
            }
            """;
        const string fixedSource = """
            using System;
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                bool Place(int ex)
                {
                    using var activity = Source.StartActivity("checkout.place_order");
                    try
                    {
                        return Work();
                    }
                    catch (ArgumentException exception)
                    {
                        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
                        activity?.SetTag("error.type", exception.GetType().FullName);
                        return false;
                    }
                    catch (Exception exception)
                    {
                        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
                        activity?.SetTag("error.type", exception.GetType().FullName);
                        throw;
                    }
                }

                bool Work() => true;
            }
            """;

        await Verify.VerifyCodeFixAsync(source, fixedSource, contract: null, SpanErrorNotRecordedCodeFix.RecordErrorKey);
    }

    [Fact]
    public async Task TelemetrySpanEmptyCatch_Fixes()
    {
        const string source = """
            using OpenTelemetry.Trace;

            class Orders
            {
                void Place(Tracer tracer)
                {
                    using var span = tracer.StartActiveSpan("checkout.place_order");
                    try
                    {
                        Work();
                    }
                    [|catch|] (System.Exception)
                    {
                    }
                }

                void Work() { }
            }
            """;
        const string fixedSource = """
            using OpenTelemetry.Trace;

            class Orders
            {
                void Place(Tracer tracer)
                {
                    using var span = tracer.StartActiveSpan("checkout.place_order");
                    try
                    {
                        Work();
                    }
                    catch (System.Exception ex)
                    {
                        span.SetStatus(Status.Error.WithDescription(ex.Message));
                        span.RecordException(ex);
                    }
                }

                void Work() { }
            }
            """;

        await Verify.VerifyCodeFixAsync(source, fixedSource, contract: null, SpanErrorNotRecordedCodeFix.RecordErrorKey);
    }

    [Fact]
    public async Task TwoSpansInOneFile_FixesAll()
    {
        const string source = """
            using System;
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Place()
                {
                    using var activity = Source.StartActivity("checkout.place_order");
                    try { Work(); }
                    [|catch|] (Exception ex) { Console.WriteLine(ex); }
                }

                void Cancel()
                {
                    var cancel = Source.StartActivity("checkout.cancel");
                    try
                    {
                        Work();
                    }
                    [|catch|] (Exception ex)
                    {
                        Console.WriteLine(ex);
                    }
                    cancel?.Stop();
                }

                void Work() { }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Place()
                {
                    using var activity = Source.StartActivity("checkout.place_order");
                    try { Work(); }
                    catch (Exception ex) {
                        activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                        activity?.SetTag("error.type", ex.GetType().FullName);
                        Console.WriteLine(ex); }
                }

                void Cancel()
                {
                    var cancel = Source.StartActivity("checkout.cancel");
                    try
                    {
                        Work();
                    }
                    catch (Exception ex)
                    {
                        cancel?.SetStatus(ActivityStatusCode.Error, ex.Message);
                        cancel?.SetTag("error.type", ex.GetType().FullName);
                        Console.WriteLine(ex);
                    }
                    cancel?.Stop();
                }

                void Work() { }
            }
            """;

        await Verify.VerifyCodeFixAsync(source, fixedSource, contract: null, SpanErrorNotRecordedCodeFix.RecordErrorKey);
    }

    [Fact]
    public async Task HalfTypedCode_Triggers()
    {
        const string source = """
            using System;
            using System.Diagnostics;
            using OpenTelemetry.Trace;

            class Broken
            {
                static readonly ActivitySource Source = new();
                static readonly Tracer T = TracerProvider.Default.GetTracer();

                void M(string id)
                {
                    using var activity = Source.StartActivity(
                    try { Work(); } {|#0:catch|} (Missing ex) { activity?.SetTag(, 1); activity.SetStatus(); }
                    using var span = T.StartActiveSpan(
                    new Activity().SetTag(
                    activity?.SetTag(
                }
            }
            """;

        var test = new VerifyAnalyzer.Test { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.None };
        TestContract.AddTo(test.TestState, """{ "version": 1, "traces": { "sources": ["shop"], "requireDeclared": true, "spans": [ { "name": "a", "attributes": [] } ] } }""");
        test.ExpectedDiagnostics.Add(Expected(0, "activity"));
        await test.RunAsync(CancellationToken.None);
    }
}
