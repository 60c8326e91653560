using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SignalContract.Analyzers.Catalog;
using SignalContract.CodeFixes.Traces;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SignalContract.Analyzers.Traces.SpanEndsBeforeCatchAnalyzer,
    SignalContract.CodeFixes.Traces.SpanEndsBeforeCatchCodeFix>;
using VerifyAnalyzer = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Traces.SpanEndsBeforeCatchAnalyzer>;

namespace SignalContract.Analyzers.Tests.Traces;

public class SpanEndsBeforeCatchAnalyzerTests
{
    private static DiagnosticResult Expected(int location, int catchLocation, string span) =>
        Verify.Diagnostic(Descriptors.SpanEndsBeforeCatch).WithLocation(location).WithLocation(catchLocation).WithArguments(span);

    private static Task VerifyAsync(string members, params DiagnosticResult[] expected) =>
        VerifyAnalyzer.VerifyAsync(Wrap(members), contract: null, expected);

    private static Task VerifyFixAsync(string members, string fixedMembers, string key, params DiagnosticResult[] expected) =>
        Verify.VerifyCodeFixAsync(Wrap(members), Wrap(fixedMembers), contract: null, key, expected);

    /// <summary>A storage class with a source, a tracer, a store that fails and a logger, around <paramref name="members"/>.</summary>
    private static string Wrap(string members) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using OpenTelemetry.Trace;

        class Storage
        {
            private static readonly ActivitySource Source = new("shop.storage");
            private readonly Tracer tracer;
            private readonly Dictionary<string, string> store = new();
            private int failures;

            public Storage(Tracer tracer) => this.tracer = tracer;

            private string Get(string key) => store[key];
            private void Put(string key, string value) => store[key] = value;
            private static void Log(Exception error) => Console.WriteLine(error.Message);

        {{members}}
        }

        static class Telemetry
        {
            public static void Fail(Activity? activity, Exception error) => activity?.SetStatus(ActivityStatusCode.Error, error.Message);
        }
        """;

    // ---- findings and their fixes ----

    [Fact]
    public async Task UsingDeclarationInsideTheTry_RecordsInsideTheSpan()
    {
        await VerifyFixAsync("""
                public string? Read(string key)
                {
                    try
                    {
                        using var activity = {|#0:Source.StartActivity("storage.read")|};
                        activity?.SetTag("storage.key", key);
                        return Get(key);
                    }
                    {|#1:catch|} (KeyNotFoundException ex)
                    {
                        Log(ex);
                        return null;
                    }
                }
            """, """
                public string? Read(string key)
                {
                    try
                    {
                        using var activity = Source.StartActivity("storage.read");
                        try
                        {
                            activity?.SetTag("storage.key", key);
                            return Get(key);
                        }
                        catch (Exception ex)
                        {
                            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                            activity?.SetTag("error.type", ex.GetType().FullName);
                            throw;
                        }
                    }
                    catch (KeyNotFoundException ex)
                    {
                        Log(ex);
                        return null;
                    }
                }
            """,
            SpanEndsBeforeCatchCodeFix.RecordInsideSpanKey,
            Expected(0, 1, "activity"));
    }

    [Fact]
    public async Task UsingDeclarationFirstInTheTry_MovesBeforeTheTryAndRecordsInTheCatch()
    {
        await VerifyFixAsync("""
                public string? Read(string key)
                {
                    try
                    {
                        using var activity = {|#0:Source.StartActivity("storage.read")|};
                        return Get(key);
                    }
                    {|#1:catch|} (KeyNotFoundException ex)
                    {
                        Log(ex);
                        return null;
                    }
                }
            """, """
                public string? Read(string key)
                {
                    using var activity = Source.StartActivity("storage.read");
                    try
                    {
                        return Get(key);
                    }
                    catch (KeyNotFoundException ex)
                    {
                        activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                        activity?.SetTag("error.type", ex.GetType().FullName);
                        Log(ex);
                        return null;
                    }
                }
            """,
            SpanEndsBeforeCatchCodeFix.MoveBeforeTryKey,
            Expected(0, 1, "activity"));
    }

    [Fact]
    public async Task MovingWouldChangeWhatTheSpanCoversOrWhatTheCatchSees_DoesNotMove()
    {
        // After the try, the span would also cover Log; a key computed in the start would no longer reach the catch.
        string source = Wrap("""
                public string? Read(string key)
                {
                    string? value = null;
                    try
                    {
                        using var activity = [|Source.StartActivity("storage.read")|];
                        value = Get(key);
                    }
                    catch (KeyNotFoundException ex)
                    {
                        Log(ex);
                    }

                    Console.WriteLine(value);
                    return value;
                }

                public string? ReadNamed(string key)
                {
                    try
                    {
                        using var activity = [|Source.StartActivity("storage.read." + Get("prefix"))|];
                        return Get(key);
                    }
                    catch (KeyNotFoundException ex)
                    {
                        Log(ex);
                        return null;
                    }
                }
            """);
        await Verify.VerifyCodeFixAsync(source, source, contract: null, SpanEndsBeforeCatchCodeFix.MoveBeforeTryKey);
    }

    [Fact]
    public async Task UsingStatementInsideTheTry_RecordsInsideTheSpan()
    {
        await VerifyFixAsync("""
                public bool Write(string key, string value)
                {
                    try
                    {
                        using (var span = {|#0:tracer.StartActiveSpan("storage.write")|})
                        {
                            Put(key, value);
                        }

                        return true;
                    }
                    {|#1:catch|} (IOException)
                    {
                        failures++;
                        return false;
                    }
                }
            """, """
                public bool Write(string key, string value)
                {
                    try
                    {
                        using (var span = tracer.StartActiveSpan("storage.write"))
                        {
                            try
                            {
                                Put(key, value);
                            }
                            catch (Exception ex)
                            {
                                span.SetStatus(Status.Error.WithDescription(ex.Message));
                                span.RecordException(ex);
                                throw;
                            }
                        }

                        return true;
                    }
                    catch (IOException)
                    {
                        failures++;
                        return false;
                    }
                }
            """,
            SpanEndsBeforeCatchCodeFix.RecordInsideSpanKey,
            Expected(0, 1, "span"));
    }

    [Fact]
    public async Task SpanEndedInAFinallyInsideTheTry_RecordsInTheSpansTry()
    {
        await VerifyFixAsync("""
                public void Clear()
                {
                    try
                    {
                        var activity = Source.StartActivity("storage.clear");
                        try
                        {
                            store.Clear();
                        }
                        finally
                        {
                            {|#0:activity?.Stop()|};
                        }
                    }
                    {|#1:catch|} (InvalidOperationException ex)
                    {
                        throw new IOException("The store could not be cleared", ex);
                    }
                }
            """, """
                public void Clear()
                {
                    try
                    {
                        var activity = Source.StartActivity("storage.clear");
                        try
                        {
                            store.Clear();
                        }
                        catch (Exception ex)
                        {
                            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                            activity?.SetTag("error.type", ex.GetType().FullName);
                            throw;
                        }
                        finally
                        {
                            activity?.Stop();
                        }
                    }
                    catch (InvalidOperationException ex)
                    {
                        throw new IOException("The store could not be cleared", ex);
                    }
                }
            """,
            SpanEndsBeforeCatchCodeFix.RecordInsideSpanKey,
            Expected(0, 1, "activity"));
    }

    [Fact]
    public async Task SpansOfLoopIterationsAndSwallowingCatch_FixAll()
    {
        // Two findings in one file; the loop's span is in a nested block of the try, the catch swallows.
        await VerifyFixAsync("""
                public void Import(IEnumerable<string> keys)
                {
                    try
                    {
                        foreach (var key in keys)
                        {
                            using var activity = {|#0:Source.StartActivity("storage.import")|};
                            Put(key, key);
                        }
                    }
                    {|#1:catch|}
                    {
                    }
                }

                public async Task<string?> ReadAsync(string key, CancellationToken cancellationToken)
                {
                    try
                    {
                        await Task.Delay(1, cancellationToken);
                        using var span = {|#2:tracer.StartActiveSpan("storage.read")|};
                        return Get(key);
                    }
                    catch (OperationCanceledException)
                    {
                        throw;
                    }
                    {|#3:catch|} (Exception ex)
                    {
                        Log(ex);
                        return null;
                    }
                }
            """, """
                public void Import(IEnumerable<string> keys)
                {
                    try
                    {
                        foreach (var key in keys)
                        {
                            using var activity = Source.StartActivity("storage.import");
                            try
                            {
                                Put(key, key);
                            }
                            catch (Exception ex)
                            {
                                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                                activity?.SetTag("error.type", ex.GetType().FullName);
                                throw;
                            }
                        }
                    }
                    catch
                    {
                    }
                }

                public async Task<string?> ReadAsync(string key, CancellationToken cancellationToken)
                {
                    try
                    {
                        await Task.Delay(1, cancellationToken);
                        using var span = tracer.StartActiveSpan("storage.read");
                        try
                        {
                            return Get(key);
                        }
                        catch (Exception ex)
                        {
                            span.SetStatus(Status.Error.WithDescription(ex.Message));
                            span.RecordException(ex);
                            throw;
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        throw;
                    }
                    catch (Exception ex)
                    {
                        Log(ex);
                        return null;
                    }
                }
            """,
            SpanEndsBeforeCatchCodeFix.RecordInsideSpanKey,
            Expected(0, 1, "activity"),
            Expected(2, 3, "span"));
    }

    // ---- good code ----

    [Fact]
    public async Task SpanRecordsTheErrorItself_DoesNotTrigger()
    {
        await VerifyAsync("""
                public string? Read(string key)
                {
                    try
                    {
                        using var activity = Source.StartActivity("storage.read");
                        try
                        {
                            return Get(key);
                        }
                        catch (Exception ex)
                        {
                            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                            throw;
                        }
                    }
                    catch (KeyNotFoundException)
                    {
                        return null;
                    }
                }

                public void Write(string key)
                {
                    try
                    {
                        using var activity = Source.StartActivity("storage.write");
                        try
                        {
                            Put(key, key);
                        }
                        catch (Exception ex) when (ex is not OperationCanceledException)
                        {
                            Telemetry.Fail(activity, ex);
                            throw;
                        }
                    }
                    catch (IOException ex)
                    {
                        Log(ex);
                    }
                }
            """);
    }

    [Fact]
    public async Task CatchThatOnlyRethrowsOrCatchesCancellation_DoesNotTrigger()
    {
        await VerifyAsync("""
                public async Task<string> ReadAsync(string key, CancellationToken cancellationToken)
                {
                    try
                    {
                        using var activity = Source.StartActivity("storage.read");
                        await Task.Delay(1, cancellationToken);
                        return Get(key);
                    }
                    catch (KeyNotFoundException)
                    {
                        throw;
                    }
                    catch (OperationCanceledException)
                    {
                        return "";
                    }
                    finally
                    {
                        failures++;
                    }
                }
            """);
    }

    [Fact]
    public async Task CatchInsideTheSpanOrOutsideTheFunction_DoesNotTrigger()
    {
        // A catch inside the span is OBS3002's to judge; a try around a lambda does not see the span's failure.
        await VerifyAsync("""
                public string? Read(string key)
                {
                    using var activity = Source.StartActivity("storage.read");
                    try
                    {
                        return Get(key);
                    }
                    catch (KeyNotFoundException)
                    {
                        return null;
                    }
                }

                public Func<string> Reader(string key)
                {
                    try
                    {
                        return () =>
                        {
                            using var activity = Source.StartActivity("storage.read");
                            return Get(key);
                        };
                    }
                    catch (Exception ex)
                    {
                        Log(ex);
                        throw;
                    }
                }
            """);
    }

    [Fact]
    public async Task ProjectWithSetErrorStatusOnException_DoesNotTrigger()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using OpenTelemetry;
            using OpenTelemetry.Trace;

            static class Startup
            {
                public static TracerProvider Build() =>
                    Sdk.CreateTracerProviderBuilder().AddSource("shop.storage").SetErrorStatusOnException().Build();
            }

            class Storage
            {
                private static readonly ActivitySource Source = new("shop.storage");
                private readonly Dictionary<string, string> store = new();

                public string? Read(string key)
                {
                    try
                    {
                        using var activity = Source.StartActivity("storage.read");
                        return store[key];
                    }
                    catch (KeyNotFoundException)
                    {
                        return null;
                    }
                }
            }
            """, contract: null);
    }

    [Fact]
    public async Task SetErrorStatusOnExceptionTurnedOff_Triggers()
    {
        await VerifyAnalyzer.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using OpenTelemetry;
            using OpenTelemetry.Trace;

            static class Startup
            {
                public static TracerProvider Build() =>
                    Sdk.CreateTracerProviderBuilder().AddSource("shop.storage").SetErrorStatusOnException(false).Build();
            }

            class Storage
            {
                private static readonly ActivitySource Source = new("shop.storage");
                private readonly Dictionary<string, string> store = new();

                public string? Read(string key)
                {
                    try
                    {
                        using var activity = {|#0:Source.StartActivity("storage.read")|};
                        return store[key];
                    }
                    {|#1:catch|} (KeyNotFoundException)
                    {
                        return null;
                    }
                }
            }
            """, contract: null, Expected(0, 1, "activity"));
    }

    [Fact]
    public async Task TelemetrySpanFirstInTheTry_MovesAndRecordsInEveryCatchButCancellation()
    {
        await VerifyFixAsync("""
                public async Task<string?> ReadAsync(string key, CancellationToken cancellationToken)
                {
                    failures = 0;
                    try
                    {
                        using var span = {|#0:tracer.StartActiveSpan("storage.read")|};
                        await Task.Delay(1, cancellationToken);
                        return Get(key);
                    }
                    catch (OperationCanceledException)
                    {
                        return null;
                    }
                    {|#1:catch|} (KeyNotFoundException)
                    {
                        return null;
                    }
                    catch
                    {
                        failures++;
                        throw;
                    }
                }
            """, """
                public async Task<string?> ReadAsync(string key, CancellationToken cancellationToken)
                {
                    failures = 0;
                    using var span = tracer.StartActiveSpan("storage.read");
                    try
                    {
                        await Task.Delay(1, cancellationToken);
                        return Get(key);
                    }
                    catch (OperationCanceledException)
                    {
                        return null;
                    }
                    catch (KeyNotFoundException ex)
                    {
                        span.SetStatus(Status.Error.WithDescription(ex.Message));
                        span.RecordException(ex);
                        return null;
                    }
                    catch (Exception ex)
                    {
                        span.SetStatus(Status.Error.WithDescription(ex.Message));
                        span.RecordException(ex);
                        failures++;
                        throw;
                    }
                }
            """,
            SpanEndsBeforeCatchCodeFix.MoveBeforeTryKey,
            Expected(0, 1, "span"));
    }

    [Fact]
    public async Task CreatedAndStartSpanShapes_Trigger()
    {
        await VerifyAsync("""
                public void Write(string key)
                {
                    try
                    {
                        using var activity = {|#0:Source.CreateActivity("storage.write", ActivityKind.Internal)|};
                        activity?.Start();
                        Put(key, key);
                    }
                    {|#1:catch|} (IOException ex)
                    {
                        Log(ex);
                    }
                }

                public void Clear()
                {
                    try
                    {
                        var span = tracer.StartSpan("storage.clear");
                        try
                        {
                            store.Clear();
                        }
                        finally
                        {
                            {|#2:span.End()|};
                        }
                    }
                    {|#3:catch|} (Exception ex)
                    {
                        throw new IOException("The store could not be cleared", ex);
                    }
                }
            """,
            Expected(0, 1, "activity"),
            Expected(2, 3, "span"));
    }

    [Fact]
    public async Task SpanThatRecordsThroughItsOwnCatchOrTheCurrentSpan_DoesNotTrigger()
    {
        await VerifyAsync("""
                public string? Read(string key)
                {
                    try
                    {
                        using var span = tracer.StartActiveSpan("storage.read");
                        try
                        {
                            return Get(key);
                        }
                        catch (Exception ex)
                        {
                            span.RecordException(ex);
                            throw;
                        }
                    }
                    catch (KeyNotFoundException)
                    {
                        return null;
                    }
                }

                public void Clear()
                {
                    try
                    {
                        var activity = Source.StartActivity("storage.clear");
                        try
                        {
                            store.Clear();
                        }
                        catch (Exception ex)
                        {
                            Activity.Current?.SetStatus(ActivityStatusCode.Error, ex.Message);
                            throw;
                        }
                        finally
                        {
                            activity?.Stop();
                        }
                    }
                    catch (InvalidOperationException ex)
                    {
                        Log(ex);
                    }
                }
            """);
    }

    [Fact]
    public async Task SpansHandedToCallersOrWithNothingInside_DoNotTrigger()
    {
        // A span returned to the caller lives on past the try; a span that covers no statement cannot see a failure.
        await VerifyAsync("""
                public Activity? Begin(string key)
                {
                    try
                    {
                        var activity = Source.StartActivity("storage.session");
                        activity?.SetTag("storage.key", key);
                        return activity;
                    }
                    catch (Exception ex)
                    {
                        Log(ex);
                        return null;
                    }
                }

                public void Touch(string key)
                {
                    try
                    {
                        Put(key, key);
                        using (Source.StartActivity("storage.touched"))
                        {
                        }

                        using var marker = Source.StartActivity("storage.marker");
                    }
                    catch (IOException ex)
                    {
                        Log(ex);
                    }
                }
            """);
    }

    [Fact]
    public async Task SpanStartedBeforeTheTryOrAfterIt_DoesNotTrigger()
    {
        // The span covers the catch (OBS3002 judges that catch), or the try is done before the span starts.
        await VerifyAsync("""
                public string? Read(string key)
                {
                    using var activity = Source.StartActivity("storage.read");
                    try
                    {
                        return Get(key);
                    }
                    catch (KeyNotFoundException ex)
                    {
                        activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                        return null;
                    }
                }

                public void Write(string key)
                {
                    try
                    {
                        Put(key, key);
                    }
                    catch (IOException ex)
                    {
                        Log(ex);
                    }

                    using var activity = Source.StartActivity("storage.write");
                    Put(key, key);
                }
            """);
    }

    [Fact]
    public async Task ContractThatDoesNotRecordErrors_DoesNotTrigger()
    {
        await Verify.VerifyAnalyzerAsync(Wrap("""
                public string? Read(string key)
                {
                    try
                    {
                        using var activity = Source.StartActivity("storage.read");
                        return Get(key);
                    }
                    catch (KeyNotFoundException)
                    {
                        return null;
                    }
                }
            """), """{ "version": 1, "traces": { "recordErrors": false } }""");
    }
}
