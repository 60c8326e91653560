using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Tests.Verifiers;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Logs.LogCallAnalyzer>;

namespace SignalContract.Analyzers.Tests.Logs;

/// <summary>OBS2003 (templates built at run time) and OBS2004 (a caught exception logged as text only).</summary>
public class TemplateAndExceptionTests
{
    private const string Contract = """{ "version": 1, "logs": { "fields": ["order_id"] } }""";

    [Theory]
    [InlineData("""_logger.LogInformation({|#0:$"Order {orderId} placed"|});""", "an interpolated string")]
    [InlineData("""_logger.LogError(new InvalidOperationException(), {|#0:$@"Order {orderId} failed in C:\temp"|});""", "an interpolated string")]
    [InlineData("""_logger.Log(LogLevel.Warning, new EventId(4), {|#0:$"Order {orderId,10:D} slow"|});""", "an interpolated string")]
    [InlineData("""_logger.LogInformation({|#0:"Order " + orderId + " placed"|});""", "a concatenation")]
    [InlineData("""Serilog.Log.Information({|#0:$"Order {orderId} placed"|});""", "an interpolated string")]
    [InlineData("""_serilog.Warning(new InvalidOperationException(), {|#0:"Order " + orderId|});""", "a concatenation")]
    [InlineData("""using (_logger.BeginScope({|#0:$"Order {orderId}"|})) { }""", "an interpolated string")]
    [InlineData("""Audit.Info({|#0:$"Order {orderId} placed"|});""", "an interpolated string")]
    public Task TemplateBuiltAtRunTime_Triggers(string statement, string how) =>
        VerifyAsync(Body(statement), Verify.Diagnostic(Descriptors.LogTemplateNotConstant).WithLocation(0).WithArguments(how));

    [Theory]
    [InlineData("""_logger.LogInformation($"{nameof(OrderService)} started");""")]
    [InlineData("""_logger.LogInformation(Started);""")]
    [InlineData("""_logger.LogInformation("Order " + "{order_id} placed", orderId);""")]
    [InlineData("""_logger.LogInformation(Templates.Get("placed"), orderId);""")]
    [InlineData("""_logger.LogInformation(template, orderId);""")]
    [InlineData("""Console.WriteLine($"Order {orderId} placed");""")]
    public Task ConstantOrUnreadableTemplate_DoesNotTrigger(string statement) => VerifyAsync(Body(statement));

    [Fact]
    public Task WrapperBodyForwardingItsTemplate_DoesNotTrigger() => VerifyAsync(Body("""Audit.Info("Order {order_id}", orderId);"""));

    [Theory]
    [InlineData("""_logger.LogWarning("Order {order_id} failed: {error}", orderId, {|#0:ex.Message|});""")]
    [InlineData("""_logger.LogError("Order {order_id} failed: {error}", orderId, {|#0:ex|});""")]
    [InlineData("""_logger.LogCritical(new EventId(9), "Order {order_id} failed: {error}", orderId, {|#0:ex.ToString()|});""")]
    [InlineData("""_logger.Log(LogLevel.Error, "Order {order_id} failed: {error}", orderId, {|#0:ex?.Message|});""")]
    [InlineData("""Serilog.Log.Error("Order {order_id} failed: {error}", orderId, {|#0:ex.Message|});""")]
    [InlineData("""OrderLog.Failed(_logger, orderId, {|#0:ex.Message|});""")]
    public Task CaughtExceptionLoggedAsText_Triggers(string statement) =>
        VerifyAsync(Catch(statement), Verify.Diagnostic(Descriptors.LogExceptionNotPassed).WithLocation(0).WithArguments("ex"));

    [Theory]
    [InlineData("""_logger.LogWarning(ex, "Order {order_id} failed: {error}", orderId, ex.Message);""")]
    [InlineData("""_logger.LogInformation("Order {order_id} retried: {error}", orderId, ex.Message);""")]
    [InlineData("""_logger.LogWarning("Order {order_id} failed", orderId);""")]
    [InlineData("""_logger.LogWarning("Order {order_id} failed: {error}", orderId, other.Message);""")]
    [InlineData("""Serilog.Log.Error(ex, "Order {order_id} failed", orderId);""")]
    [InlineData("""Task.Run(() => _logger.LogWarning("Later {error}", ex.Message));""")]
    public Task ExceptionPassedOrNotRepeated_DoesNotTrigger(string statement) => VerifyAsync(Catch(statement));

    private static string Catch(string statement) => Body($$"""
        try
        {
            orderId.ToString();
        }
        catch (InvalidOperationException ex)
        {
            var other = new Exception("other");
            {{statement}}
        }
        """);

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source };
        TestContract.AddTo(test.TestState, Contract);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    private static string Body(string statement) => $$"""
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;

        public static class Templates { public static string Get(string name) => name; }

        public static class Audit
        {
            [Serilog.Core.MessageTemplateFormatMethod("messageTemplate")]
            public static void Info(string messageTemplate, params object[] values) => Serilog.Log.Information(messageTemplate, values);
        }

        public static partial class OrderLog
        {
            [LoggerMessage(1, LogLevel.Error, "Order {order_id} failed: {error}")]
            public static partial void Failed(ILogger logger, string order_id, string error);

            public static partial void Failed(ILogger logger, string order_id, string error) { }
        }

        public sealed class OrderService(ILogger<OrderService> _logger, Serilog.ILogger _serilog)
        {
            private const string Started = "Service started";

            public void Handle(string orderId, string template)
            {
                {{statement}}
            }
        }
        """;
}
