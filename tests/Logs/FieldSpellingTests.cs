using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Tests.Verifiers;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Logs.LogCallAnalyzer>;

namespace SignalContract.Analyzers.Tests.Logs;

/// <summary>OBS2002: every place a log field is named, spelled as the contract spells it and in its field style.</summary>
public class FieldSpellingTests
{
    private const string Contract = """
        { "version": 1, "logs": { "fieldStyle": "snake_case", "fields": ["order_id", "request_id"] } }
        """;

    [Theory]
    [InlineData("""_logger.LogInformation("Order {{|#0:OrderId|}} placed", orderId);""", "OrderId", "order_id", "the contract's spelling")]
    [InlineData("""_logger.LogWarning(new EventId(1), "Order {@{|#0:orderId|}} placed", orderId);""", "orderId", "order_id", "the contract's spelling")]
    [InlineData("""Serilog.Log.Information("Order {{|#0:order.id|},10} placed", orderId);""", "order.id", "order_id", "the contract's spelling")]
    [InlineData("""_logger.LogInformation("Paid {{|#0:TotalAmount|}:N2}", 3.5m);""", "TotalAmount", "total_amount", "the snake_case field style")]
    [InlineData(""""_logger.LogInformation(@"Path ""{{|#0:FilePath|}}""", orderId);"""", "FilePath", "file_path", "the snake_case field style")]
    [InlineData("using (_logger.BeginScope(\"Handling {{|#0:RequestId|}}\", orderId)) { }", "RequestId", "request_id", "the contract's spelling")]
    [InlineData("""using (_logger.BeginScope(new Dictionary<string, object> { ["{|#0:RequestId|}"] = orderId })) { }""", "RequestId", "request_id", "the contract's spelling")]
    [InlineData("""using (_logger.BeginScope(new[] { new KeyValuePair<string, object>("{|#0:requestId|}", orderId) })) { }""", "requestId", "request_id", "the contract's spelling")]
    [InlineData("""using (Serilog.Context.LogContext.PushProperty("{|#0:RequestId|}", orderId)) { }""", "RequestId", "request_id", "the contract's spelling")]
    [InlineData("""Serilog.Log.ForContext("{|#0:TenantName|}", orderId).Information("Tenant");""", "TenantName", "tenant_name", "the snake_case field style")]
    public Task FieldNamedOtherwise_Triggers(string statement, string name, string spelling, string reason) =>
        VerifyAsync(Body(statement), Verify.Diagnostic(Descriptors.LogFieldSpelling).WithLocation(0).WithArguments(name, spelling, reason));

    [Fact]
    public Task LoggerMessagePlaceholdersAndParameters_Trigger() =>
        VerifyAsync(
            """
            using System;
            using Microsoft.Extensions.Logging;

            public static partial class OrderLog
            {
                [LoggerMessage(1, LogLevel.Information, "Order {{|#0:OrderId|}} placed")]
                public static partial void Placed(ILogger logger, string orderId, string {|#1:paymentMethod|});

                public static readonly Action<ILogger, string, Exception?> Cancelled =
                    LoggerMessage.Define<string>(LogLevel.Warning, new EventId(2), "Order {{|#2:OrderId|}} cancelled");
            }

            public static partial class OrderLog
            {
                public static partial void Placed(ILogger logger, string orderId, string paymentMethod) { }
            }
            """,
            Verify.Diagnostic(Descriptors.LogFieldSpelling).WithLocation(0).WithArguments("OrderId", "order_id", "the contract's spelling"),
            Verify.Diagnostic(Descriptors.LogFieldSpelling).WithLocation(1).WithArguments("paymentMethod", "payment_method", "the snake_case field style"),
            Verify.Diagnostic(Descriptors.LogFieldSpelling).WithLocation(2).WithArguments("OrderId", "order_id", "the contract's spelling"));

    [Fact]
    public Task PascalCaseContract_AcceptsMelConvention() =>
        VerifyAsync(
            Body("""_logger.LogInformation("Order {OrderId} paid {TotalAmount}", orderId, 3);"""),
            """{ "version": 1, "logs": { "fieldStyle": "PascalCase", "fields": ["OrderId"] } }""");

    [Theory]
    [InlineData("""_logger.LogInformation("Order {order_id} paid {total_amount:N2} by {0}", orderId, 3, "x");""")]
    [InlineData("""_logger.LogInformation("Literal {{braces}} and {order_id}", orderId);""")]
    [InlineData("""using (_logger.BeginScope(new Dictionary<string, object> { ["request_id"] = orderId })) { }""")]
    [InlineData("""using (_logger.BeginScope(new { RequestId = orderId })) { }""")]
    [InlineData("""_logger.LogInformation(Templates.Get("x"), orderId);""")]
    public Task FieldsSpelledAsTheContractSays_DoNotTrigger(string statement) =>
        VerifyAsync(Body(statement));

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected) => VerifyAsync(source, Contract, expected);

    private static Task VerifyAsync(string source, string contract, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source };
        TestContract.AddTo(test.TestState, contract);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    private static string Body(string statement) => $$"""
        using System.Collections.Generic;
        using Microsoft.Extensions.Logging;

        public static class Templates { public static string Get(string name) => name; }

        public sealed class OrderService(ILogger<OrderService> _logger)
        {
            public void Handle(string orderId)
            {
                {{statement}}
            }
        }
        """;
}
