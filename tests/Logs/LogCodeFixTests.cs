using System.Threading;
using System.Threading.Tasks;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Tests.Verifiers;
using SignalContract.CodeFixes.Logs;
using ExceptionFix = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<SignalContract.Analyzers.Logs.LogCallAnalyzer, SignalContract.CodeFixes.Logs.LogExceptionCodeFix>;
using RequiredFix = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<SignalContract.Analyzers.Logs.LogCallAnalyzer, SignalContract.CodeFixes.Logs.RequiredFieldCodeFix>;
using ScopesFix = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<SignalContract.Analyzers.Logs.LogScopeExportAnalyzer, SignalContract.CodeFixes.Logs.IncludeScopesCodeFix>;
using SpellingFix = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<SignalContract.Analyzers.Logs.LogCallAnalyzer, SignalContract.CodeFixes.Logs.LogFieldSpellingCodeFix>;

namespace SignalContract.Analyzers.Tests.Logs;

/// <summary>Runs a fix of a diagnostic reported at compilation end (OBS2001 may wait for the callers, OBS2005 always does).</summary>
internal static class CompilationEndFix<TAnalyzer, TFix>
    where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new()
    where TFix : Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider, new()
{
    public static Task VerifyCodeFixAsync(string source, string fixedSource, string contract, string equivalenceKey, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
    {
        var test = new CSharpCodeFixVerifier<TAnalyzer, TFix>.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
            CodeFixTestBehaviors = Microsoft.CodeAnalysis.Testing.CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        };
        TestContract.AddTo(test.TestState, contract);
        TestContract.AddTo(test.FixedState, contract);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }
}

/// <summary>The fixes of OBS2001, OBS2002, OBS2004 and OBS2005, one diagnostic at a time and through Fix All.</summary>
public class LogCodeFixTests
{
    private const string SpellingContract = """{ "version": 1, "logs": { "fields": ["order_id", "request_id"] } }""";

    private const string RequiredContract = """{ "version": 1, "logs": { "requiredFields": ["request_id"], "fields": ["order_id"] } }""";

    // ----- OBS2002 -----

    [Fact]
    public Task MisspeltPlaceholdersAndKeys_FixAll() =>
        SpellingFix.VerifyCodeFixAsync(
            Body(""""
                _logger.LogInformation("Order {{|#0:OrderId|}} placed", orderId);
                using (_logger.BeginScope(new Dictionary<string, object> { ["{|#1:RequestId|}"] = orderId }))
                {
                    Serilog.Log.Information(@"Order {@{|#2:orderId|}} ""saved""", orderId);
                }
                """"),
            Body(""""
                _logger.LogInformation("Order {order_id} placed", orderId);
                using (_logger.BeginScope(new Dictionary<string, object> { ["request_id"] = orderId }))
                {
                    Serilog.Log.Information(@"Order {@order_id} ""saved""", orderId);
                }
                """"),
            SpellingContract,
            LogFieldSpellingCodeFix.RenameFieldKey,
            SpellingFix.Diagnostic(Descriptors.LogFieldSpelling).WithLocation(0).WithArguments("OrderId", "order_id", "the contract's spelling"),
            SpellingFix.Diagnostic(Descriptors.LogFieldSpelling).WithLocation(1).WithArguments("RequestId", "request_id", "the contract's spelling"),
            SpellingFix.Diagnostic(Descriptors.LogFieldSpelling).WithLocation(2).WithArguments("orderId", "order_id", "the contract's spelling"));

    [Fact]
    public Task LoggerMessagePlaceholder_RenamesTheParameterToo() =>
        SpellingFix.VerifyCodeFixAsync(
            """
            using Microsoft.Extensions.Logging;

            public static partial class OrderLog
            {
                [LoggerMessage(1, LogLevel.Information, "Order {{|#0:OrderId|}} placed")]
                public static partial void Placed(ILogger logger, string orderId);

                [LoggerMessage(2, LogLevel.Information, "Order shipped")]
                public static partial void Shipped(ILogger logger, string {|#1:orderId|});

                public static void Use(ILogger logger) => Placed(logger, orderId: "42");
            }

            public static partial class OrderLog
            {
                public static partial void Placed(ILogger logger, string orderId) { }
                public static partial void Shipped(ILogger logger, string orderId) { }
            }
            """,
            """
            using Microsoft.Extensions.Logging;

            public static partial class OrderLog
            {
                [LoggerMessage(1, LogLevel.Information, "Order {order_id} placed")]
                public static partial void Placed(ILogger logger, string order_id);

                [LoggerMessage(2, LogLevel.Information, "Order shipped")]
                public static partial void Shipped(ILogger logger, string order_id);

                public static void Use(ILogger logger) => Placed(logger, order_id: "42");
            }

            public static partial class OrderLog
            {
                public static partial void Placed(ILogger logger, string order_id) { }
                public static partial void Shipped(ILogger logger, string order_id) { }
            }
            """,
            SpellingContract,
            LogFieldSpellingCodeFix.RenameFieldKey,
            SpellingFix.Diagnostic(Descriptors.LogFieldSpelling).WithLocation(0).WithArguments("OrderId", "order_id", "the contract's spelling"),
            SpellingFix.Diagnostic(Descriptors.LogFieldSpelling).WithLocation(1).WithArguments("orderId", "order_id", "the contract's spelling"));

    [Fact]
    public Task LoggerMessagePlaceholderDifferingInCase_RenamesThePlaceholderOnly() =>
        SpellingFix.VerifyCodeFixAsync(
            """
            using Microsoft.Extensions.Logging;

            public static partial class OrderLog
            {
                [LoggerMessage(1, LogLevel.Information, "Order {{|#0:orderId|}} placed")]
                public static partial void Placed(ILogger logger, string orderId);

                public static partial void Placed(ILogger logger, string orderId) { }
            }
            """,
            """
            using Microsoft.Extensions.Logging;

            public static partial class OrderLog
            {
                [LoggerMessage(1, LogLevel.Information, "Order {OrderId} placed")]
                public static partial void Placed(ILogger logger, string orderId);

                public static partial void Placed(ILogger logger, string orderId) { }
            }
            """,
            """{ "version": 1, "logs": { "fieldStyle": "PascalCase", "fields": ["OrderId"] } }""",
            LogFieldSpellingCodeFix.RenameFieldKey,
            SpellingFix.Diagnostic(Descriptors.LogFieldSpelling).WithLocation(0).WithArguments("orderId", "OrderId", "the contract's spelling"));

    // ----- OBS2004 -----

    [Theory]
    [InlineData("""_logger.LogWarning("Order {order_id} failed: {error}", orderId, {|#0:ex.Message|});""", """_logger.LogWarning(ex, "Order {order_id} failed", orderId);""")]
    [InlineData("""_logger.LogError("Failed ({error}) for {order_id}", {|#0:ex.Message|}, orderId);""", """_logger.LogError(ex, "Failed for {order_id}", orderId);""")]
    [InlineData("""_logger.LogError(new EventId(3), "Order {order_id} failed - {error}.", orderId, {|#0:ex.ToString()|});""", """_logger.LogError(new EventId(3), ex, "Order {order_id} failed.", orderId);""")]
    [InlineData("""_logger.Log(LogLevel.Critical, "{error} while saving {order_id}", {|#0:ex|}, orderId);""", """_logger.Log(LogLevel.Critical, ex, "while saving {order_id}", orderId);""")]
    [InlineData("""Serilog.Log.Error("Order {order_id} failed: {error}", orderId, {|#0:ex?.Message|});""", """Serilog.Log.Error(ex, "Order {order_id} failed", orderId);""")]
    public Task ExceptionLoggedAsText_Fixes(string before, string after) =>
        ExceptionFix.VerifyCodeFixAsync(Catch(before), Catch(after), SpellingContract, LogExceptionCodeFix.PassExceptionKey,
            ExceptionFix.Diagnostic(Descriptors.LogExceptionNotPassed).WithLocation(0).WithArguments("ex"));

    [Fact]
    public Task TwoExceptionsLoggedAsText_FixAll() =>
        ExceptionFix.VerifyCodeFixAsync(
            Catch("""
                _logger.LogWarning("Order {order_id} failed: {error}", orderId, {|#0:ex.Message|});
                _logger.LogError("Giving up on {order_id}: {error}", orderId, {|#1:ex.Message|});
                """),
            Catch("""
                _logger.LogWarning(ex, "Order {order_id} failed", orderId);
                _logger.LogError(ex, "Giving up on {order_id}", orderId);
                """),
            SpellingContract,
            LogExceptionCodeFix.PassExceptionKey,
            ExceptionFix.Diagnostic(Descriptors.LogExceptionNotPassed).WithLocation(0).WithArguments("ex"),
            ExceptionFix.Diagnostic(Descriptors.LogExceptionNotPassed).WithLocation(1).WithArguments("ex"));

    // ----- OBS2005 -----

    [Theory]
    [InlineData("logging.{|#0:AddOpenTelemetry|}();", "logging.AddOpenTelemetry(options => options.IncludeScopes = true);", "The OpenTelemetry logger (AddOpenTelemetry)")]
    [InlineData("logging.{|#0:AddJsonConsole|}(o => o.TimestampFormat = \"O\");", "logging.AddJsonConsole(o => { o.TimestampFormat = \"O\"; o.IncludeScopes = true; });", "The JSON console formatter (AddJsonConsole)")]
    [InlineData("logging.{|#0:AddOpenTelemetry|}(o => { o.IncludeScopes = false; });", "logging.AddOpenTelemetry(o => { o.IncludeScopes = true; });", "The OpenTelemetry logger (AddOpenTelemetry)")]
    public Task ExporterWithoutScopes_Fixes(string before, string after, string what) =>
        CompilationEndFix<SignalContract.Analyzers.Logs.LogScopeExportAnalyzer, IncludeScopesCodeFix>.VerifyCodeFixAsync(ScopeExportTests.Startup(before), ScopeExportTests.Startup(after.Replace("\n", "\n        ", System.StringComparison.Ordinal)), LogsTestContract.RequestIdOnly, IncludeScopesCodeFix.IncludeScopesKey,
            ScopesFix.Diagnostic(Descriptors.LogScopesNotExported).WithLocation(0).WithArguments(what));

    [Fact]
    public Task TwoExporters_FixAll() =>
        CompilationEndFix<SignalContract.Analyzers.Logs.LogScopeExportAnalyzer, IncludeScopesCodeFix>.VerifyCodeFixAsync(
            ScopeExportTests.Startup("logging.{|#0:AddOpenTelemetry|}();\n        logging.{|#1:AddJsonConsole|}();"),
            ScopeExportTests.Startup("logging.AddOpenTelemetry(options => options.IncludeScopes = true);\n        logging.AddJsonConsole(options => options.IncludeScopes = true);"),
            LogsTestContract.RequestIdOnly,
            IncludeScopesCodeFix.IncludeScopesKey,
            ScopesFix.Diagnostic(Descriptors.LogScopesNotExported).WithLocation(0).WithArguments("The OpenTelemetry logger (AddOpenTelemetry)"),
            ScopesFix.Diagnostic(Descriptors.LogScopesNotExported).WithLocation(1).WithArguments("The JSON console formatter (AddJsonConsole)"));

    // ----- OBS2001 -----

    [Theory]
    [InlineData(
        """
        using (_logger.BeginScope(new Dictionary<string, object> { ["order_id"] = orderId }))
        {
            {|#0:_logger.LogInformation("Order placed")|};
        }
        """,
        """
        using (_logger.BeginScope(new Dictionary<string, object> { ["order_id"] = orderId, ["request_id"] = requestId }))
        {
            _logger.LogInformation("Order placed");
        }
        """)]
    [InlineData(
        """
        using var scope = _logger.BeginScope("Order {order_id}", orderId);
        {|#0:_logger.LogInformation("Order placed")|};
        """,
        """
        using var scope = _logger.BeginScope("Order {order_id} {request_id}", orderId, requestId);
        _logger.LogInformation("Order placed");
        """)]
    [InlineData(
        """
        using (_logger.BeginScope(new[] { new KeyValuePair<string, object>("order_id", orderId) }))
        {
            {|#0:_logger.LogInformation("Order placed")|};
        }
        """,
        """
        using (_logger.BeginScope(new[] { new KeyValuePair<string, object>("order_id", orderId), new KeyValuePair<string, object>("request_id", requestId) }))
        {
            _logger.LogInformation("Order placed");
        }
        """)]
    [InlineData(
        """{|#0:_logger.LogInformation("Order {order_id} placed", orderId)|};""",
        """_logger.LogInformation("Order {order_id} placed {request_id}", orderId, requestId);""")]
    [InlineData(
        """{|#0:Serilog.Log.Warning(@"Order ""{order_id}"" slow", orderId)|};""",
        """Serilog.Log.Warning(@"Order ""{order_id}"" slow {request_id}", orderId, requestId);""")]
    public Task MissingField_Fixes(string before, string after) =>
        CompilationEndFix<SignalContract.Analyzers.Logs.LogCallAnalyzer, RequiredFieldCodeFix>.VerifyCodeFixAsync(Handler(before), Handler(after), RequiredContract, RequiredFieldCodeFix.SupplyFieldsKey,
            RequiredFix.Diagnostic(Descriptors.LogMissingRequiredField).WithLocation(0).WithArguments("'request_id'"));

    [Fact]
    public Task NoValueInScope_WrapsTheRestOfTheBlockInAScope() =>
        CompilationEndFix<SignalContract.Analyzers.Logs.LogCallAnalyzer, RequiredFieldCodeFix>.VerifyCodeFixAsync(
            Worker("""
                var batch = orderIds.Count;
                {|#0:_logger.LogInformation("Processing {count} orders", batch)|};
                Process(batch);
                """),
            Worker("""
                var batch = orderIds.Count;
                using (_logger.BeginScope(new System.Collections.Generic.Dictionary<string, object> { ["request_id"] = default! /* TODO: supply request_id */ }))
                {
                    _logger.LogInformation("Processing {count} orders", batch);
                    Process(batch);
                }
                """),
            RequiredContract,
            RequiredFieldCodeFix.SupplyFieldsKey,
            RequiredFix.Diagnostic(Descriptors.LogMissingRequiredField).WithLocation(0).WithArguments("'request_id'"));

    [Fact]
    public Task WrapThatWouldHideALocalFunction_OffersNoFix() =>
        CompilationEndFix<SignalContract.Analyzers.Logs.LogCallAnalyzer, RequiredFieldCodeFix>.VerifyCodeFixAsync(
            Worker("""
                Report();
                {|#0:_logger.LogInformation("Processing {count} orders", orderIds.Count)|};
                void Report() => System.Console.WriteLine("report");
                """),
            Worker("""
                Report();
                {|#0:_logger.LogInformation("Processing {count} orders", orderIds.Count)|};
                void Report() => System.Console.WriteLine("report");
                """),
            RequiredContract,
            RequiredFieldCodeFix.SupplyFieldsKey,
            RequiredFix.Diagnostic(Descriptors.LogMissingRequiredField).WithLocation(0).WithArguments("'request_id'"));

    [Fact]
    public Task TwoCallsMissingTheField_FixAll() =>
        CompilationEndFix<SignalContract.Analyzers.Logs.LogCallAnalyzer, RequiredFieldCodeFix>.VerifyCodeFixAsync(
            Handler("""
                {|#0:_logger.LogInformation("Order {order_id} placed", orderId)|};
                {|#1:_logger.LogWarning("Order {order_id} slow", orderId)|};
                """),
            Handler("""
                _logger.LogInformation("Order {order_id} placed {request_id}", orderId, requestId);
                _logger.LogWarning("Order {order_id} slow {request_id}", orderId, requestId);
                """),
            RequiredContract,
            RequiredFieldCodeFix.SupplyFieldsKey,
            RequiredFix.Diagnostic(Descriptors.LogMissingRequiredField).WithLocation(0).WithArguments("'request_id'"),
            RequiredFix.Diagnostic(Descriptors.LogMissingRequiredField).WithLocation(1).WithArguments("'request_id'"));

    private static string Catch(string statement) => Body($$"""
        try
        {
            orderId.ToString();
        }
        catch (InvalidOperationException ex)
        {
            {{statement.Replace("\n", "\n    ", StringComparison.Ordinal)}}
        }
        """);

    private static string Body(string statement) => $$"""
        using System;
        using System.Collections.Generic;
        using Microsoft.Extensions.Logging;

        public sealed class OrderService(ILogger<OrderService> _logger)
        {
            public void Handle(string orderId)
            {
                {{statement.Replace("\n", "\n        ", StringComparison.Ordinal)}}
            }
        }
        """;

    private static string Handler(string statement) => $$"""
        using System;
        using System.Collections.Generic;
        using Microsoft.Extensions.Logging;

        public sealed class OrderHandler(ILogger<OrderHandler> _logger)
        {
            public void Handle(string requestId, string orderId)
            {
                {{statement.Replace("\n", "\n        ", StringComparison.Ordinal)}}
            }
        }
        """;

    private static string Worker(string statement) => $$"""
        using System.Collections.Generic;
        using Microsoft.Extensions.Logging;

        public sealed class OrderWorker(ILogger<OrderWorker> _logger)
        {
            public void Run(List<string> orderIds)
            {
                {{statement.Replace("\n", "\n        ", StringComparison.Ordinal)}}
            }

            private static void Process(int count) { }
        }
        """;
}
