using System.Threading;
using System.Threading.Tasks;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Tests.Verifiers;
using SignalContract.CodeFixes.Logs;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<SignalContract.Analyzers.Logs.LogCallAnalyzer, SignalContract.CodeFixes.Logs.LogTemplateCodeFix>;

namespace SignalContract.Analyzers.Tests.Logs;

/// <summary>OBS2003's fix: a constant template with named placeholders, the values as arguments, for every overload and literal kind.</summary>
public class LogTemplateCodeFixTests
{
    private const string Contract = """{ "version": 1, "logs": { "fields": ["order_id"] } }""";

    [Theory]
    [InlineData("""_logger.LogInformation({|#0:$"Order {order.Id} placed"|});""", """_logger.LogInformation("Order {order_id} placed", order.Id);""")]
    [InlineData("""_logger.LogInformation({|#0:$"Paid {order.Total,10:N2} for {customerName,-12}"|});""", """_logger.LogInformation("Paid {order_total,10:N2} for {customer_name,-12}", order.Total, customerName);""")]
    [InlineData("""_logger.LogInformation({|#0:$"Literal {{braces}} and {order.Id}"|});""", """_logger.LogInformation("Literal {{braces}} and {order_id}", order.Id);""")]
    [InlineData(""""""_logger.LogInformation({|#0:$@"Saved {order.Id} to C:\temp\""x"""|});"""""", """"""_logger.LogInformation(@"Saved {order_id} to C:\temp\""x""", order.Id);"""""")]
    [InlineData("""_logger.LogInformation({|#0:@$"Saved {order.Id} to C:\temp"|});""", """_logger.LogInformation(@"Saved {order_id} to C:\temp", order.Id);""")]
    [InlineData("""_logger.LogInformation({|#0:"Order " + order.Id + " placed by " + GetCustomer()|});""", """_logger.LogInformation("Order {order_id} placed by {customer}", order.Id, GetCustomer());""")]
    [InlineData("""_logger.LogInformation({|#0:"Order {" + order.Id + "}"|});""", """_logger.LogInformation("Order {{{order_id}}}", order.Id);""")]
    [InlineData("""_logger.LogInformation({|#0:$"{nameof(OrderService)} moved {order.Id} to {other.Id}"|});""", """_logger.LogInformation("OrderService moved {order_id} to {other_id}", order.Id, other.Id);""")]
    [InlineData("""_logger.LogInformation({|#0:$"Order {order.Id} and {order.Id}"|});""", """_logger.LogInformation("Order {order_id} and {order_id_2}", order.Id, order.Id);""")]
    [InlineData("""_logger.LogError(ex, {|#0:$"Order {order.Id} failed"|});""", """_logger.LogError(ex, "Order {order_id} failed", order.Id);""")]
    [InlineData("""_logger.LogWarning(new EventId(4), ex, {|#0:$"Order {order.Id} slow"|});""", """_logger.LogWarning(new EventId(4), ex, "Order {order_id} slow", order.Id);""")]
    [InlineData("""_logger.Log(LogLevel.Warning, {|#0:$"Order {this._count} slow"|});""", """_logger.Log(LogLevel.Warning, "Order {count} slow", this._count);""")]
    [InlineData("""Serilog.Log.Error(ex, {|#0:$"Order {order.Id} failed after {order.Attempts} tries"|});""", """Serilog.Log.Error(ex, "Order {order_id} failed after {order_attempts} tries", order.Id, order.Attempts);""")]
    [InlineData("""using (_logger.BeginScope({|#0:$"Order {order.Id}"|})) { }""", """using (_logger.BeginScope("Order {order_id}", order.Id)) { }""")]
    public Task InterpolatedOrConcatenatedTemplate_Fixes(string before, string after) =>
        Verify.VerifyCodeFixAsync(Body(before), Body(after), Contract, LogTemplateCodeFix.UseConstantTemplateKey,
            Verify.Diagnostic(Descriptors.LogTemplateNotConstant).WithLocation(0).WithArguments(before.Contains("$", StringComparison.Ordinal) ? "an interpolated string" : "a concatenation"));

    [Fact]
    public Task RawTemplateWithLiteralBraces_StaysRawWithBracesEscaped()
    {
        // $$ is markup for a position in the testing library's sources: markup is off here.
        var test = new Verify.Test
        {
            TestCode = Body(""""""_logger.LogInformation($$"""{literal} {{order.Id}} "quoted" """);""""""),
            FixedCode = Body(""""""_logger.LogInformation("""{{literal}} {order_id} "quoted" """, order.Id);""""""),
            CodeActionEquivalenceKey = LogTemplateCodeFix.UseConstantTemplateKey,
        };
        test.TestState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.None;
        test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.None;
        TestContract.AddTo(test.TestState, Contract);
        TestContract.AddTo(test.FixedState, Contract);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(Descriptors.LogTemplateNotConstant).WithSpan("/0/Test0.cs", 14, 32, 14, 72).WithArguments("an interpolated string"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task MultiLineRawTemplate_StaysRaw() =>
        Verify.VerifyCodeFixAsync(
            Body(""""
                _logger.LogInformation({|#0:$"""
                    Order {order.Id}
                    placed
                    """|});
                """"),
            Body(""""
                _logger.LogInformation("""
                    Order {order_id}
                    placed
                    """, order.Id);
                """"),
            Contract,
            LogTemplateCodeFix.UseConstantTemplateKey,
            Verify.Diagnostic(Descriptors.LogTemplateNotConstant).WithLocation(0).WithArguments("an interpolated string"));

    [Fact]
    public Task TwoTemplatesInOneFile_FixAll() =>
        Verify.VerifyCodeFixAsync(
            Body("""
                _logger.LogInformation({|#0:$"Order {order.Id} placed"|});
                Serilog.Log.Warning({|#1:"Order " + order.Id + " slow"|});
                """),
            Body("""
                _logger.LogInformation("Order {order_id} placed", order.Id);
                Serilog.Log.Warning("Order {order_id} slow", order.Id);
                """),
            Contract,
            LogTemplateCodeFix.UseConstantTemplateKey,
            Verify.Diagnostic(Descriptors.LogTemplateNotConstant).WithLocation(0).WithArguments("an interpolated string"),
            Verify.Diagnostic(Descriptors.LogTemplateNotConstant).WithLocation(1).WithArguments("a concatenation"));

    [Theory]
    [InlineData("""_ = LoggerMessage.Define(LogLevel.Information, new EventId(1), {|#0:$"Order {order.Id}"|});""", "an interpolated string")]
    public Task TemplateWithNoRoomForValues_OffersNoFix(string statement, string how) =>
        Verify.VerifyCodeFixAsync(Body(statement), Body(statement), Contract, LogTemplateCodeFix.UseConstantTemplateKey,
            Verify.Diagnostic(Descriptors.LogTemplateNotConstant).WithLocation(0).WithArguments(how));

    private static string Body(string statement) => $$"""
        using System;
        using Microsoft.Extensions.Logging;

        public sealed record Order(string Id, decimal Total, int Attempts);

        public sealed class OrderService(ILogger<OrderService> _logger)
        {
            private int _count;

            private static string GetCustomer() => "c";

            public void Handle(Order order, Order other, string customerName, Exception ex)
            {
                {{statement.Replace("\n", "\n        ", StringComparison.Ordinal)}}
            }
        }
        """;
}
