using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Tests.Verifiers;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Logs.LogCallAnalyzer>;

namespace SignalContract.Analyzers.Tests.Logs;

/// <summary>
/// OBS2001: a log call at or above logs.minimumLevel must carry every required field, and each way of supplying one
/// counts: the template, [LoggerMessage] parameters, enclosing scopes of every kind, scope providers, the host's scope,
/// the pipeline (supplied_fields) and every caller's scope.
/// </summary>
public class RequiredFieldTests
{
    private const string Both = "'request_id', 'correlation_id'";

    // ----- API shapes that carry no required field -----

    [Theory]
    [InlineData("""{|#0:_logger.LogInformation("Order {order_id} placed", orderId)|};""")]
    [InlineData("""{|#0:_logger.LogWarning(new EventId(3), "Order {order_id} placed", orderId)|};""")]
    [InlineData("""{|#0:_logger.Log(LogLevel.Error, "Order {order_id} placed", orderId)|};""")]
    [InlineData("""{|#0:_logger.Log(level, "Order {order_id} placed", orderId)|};""")]
    [InlineData("""{|#0:_logger.LogInformation("Order {order_id} placed", new object[] { orderId })|};""")]
    [InlineData("""{|#0:Serilog.Log.Information("Order {order_id} placed", orderId)|};""")]
    [InlineData("""{|#0:_serilog.Error(new InvalidOperationException(), "Order {order_id} failed", orderId)|};""")]
    [InlineData("""{|#0:Serilog.Log.Write(Serilog.Events.LogEventLevel.Warning, "Order {order_id}", orderId)|};""")]
    [InlineData("""{|#0:OrderLog.Placed(_logger, orderId)|};""")]
    [InlineData("""{|#0:_logger.Shipped(orderId)|};""")]
    [InlineData("""{|#0:Cancelled(_logger, orderId, null)|};""")]
    [InlineData("""{|#0:Audit.Info("Order {order_id} placed", orderId)|};""")]
    [InlineData("""{|#0:Audit.Write(LogLevel.Warning, "Order {order_id} placed", orderId)|};""")]
    public Task EveryApiShapeWithoutTheFields_Triggers(string statement) =>
        VerifyInServiceAsync(statement, Verify.Diagnostic(Descriptors.LogMissingRequiredField).WithLocation(0).WithArguments(Both));

    [Fact]
    public Task TemplateWithOneOfTwoFields_TriggersForTheOther() =>
        VerifyInServiceAsync(
            """{|#0:_logger.LogInformation("Order {order_id} for {request_id}", orderId, requestId)|};""",
            Verify.Diagnostic(Descriptors.LogMissingRequiredField).WithLocation(0).WithArguments("'correlation_id'"));

    [Fact]
    public Task FieldSpelledDifferently_StillCountsButIsMisspelt() =>
        VerifyInServiceAsync(
            """_logger.LogInformation("Order placed for {{|#0:RequestId|}} {{|#1:CorrelationId|}}", requestId, correlationId);""",
            Verify.Diagnostic(Descriptors.LogFieldSpelling).WithLocation(0).WithArguments("RequestId", "request_id", "the contract's spelling"),
            Verify.Diagnostic(Descriptors.LogFieldSpelling).WithLocation(1).WithArguments("CorrelationId", "correlation_id", "the contract's spelling"));

    [Fact]
    public Task ScopeOpenedAfterTheCall_Triggers() =>
        VerifyInServiceAsync(
            """
            {|#0:_logger.LogInformation("Starting order {order_id}", orderId)|};
            using var scope = _logger.BeginScope(new Dictionary<string, object> { ["request_id"] = requestId, ["correlation_id"] = correlationId });
            """,
            Verify.Diagnostic(Descriptors.LogMissingRequiredField).WithLocation(0).WithArguments(Both));

    [Fact]
    public Task ScopeDisposedBeforeTheCall_Triggers() =>
        VerifyInServiceAsync(
            """
            using (_logger.BeginScope(new Dictionary<string, object> { ["request_id"] = requestId, ["correlation_id"] = correlationId }))
            {
                _logger.LogInformation("Inside order {order_id}", orderId);
            }

            var manual = _logger.BeginScope(new Dictionary<string, object> { ["request_id"] = requestId, ["correlation_id"] = correlationId });
            manual?.Dispose();
            {|#0:_logger.LogInformation("After order {order_id}", orderId)|};
            """,
            Verify.Diagnostic(Descriptors.LogMissingRequiredField).WithLocation(0).WithArguments(Both));

    [Fact]
    public Task TimerCallbackOutsideAnyScope_Triggers() =>
        VerifyInServiceAsync(
            """
            using (_logger.BeginScope(new Dictionary<string, object> { ["request_id"] = requestId, ["correlation_id"] = correlationId }))
            {
                _logger.LogInformation("Scheduling order {order_id}", orderId);
            }

            _timer = new System.Threading.Timer(_ => {|#0:_logger.LogInformation("Retrying order {order_id}", orderId)|}, null, 1000, 1000);
            """,
            Verify.Diagnostic(Descriptors.LogMissingRequiredField).WithLocation(0).WithArguments(Both));

    [Fact]
    public Task HelperCalledFromOutsideAnyScope_Triggers() =>
        VerifyInServiceAsync(
            """
            using (_logger.BeginScope(new Dictionary<string, object> { ["request_id"] = requestId, ["correlation_id"] = correlationId }))
            {
                Audit(orderId);
            }

            Audit(orderId);
            """,
            Verify.Diagnostic(Descriptors.LogMissingRequiredField).WithLocation(0).WithArguments(Both),
            members: """
            private void Audit(string orderId) => {|#0:_logger.LogInformation("Audited order {order_id}", orderId)|};
            """);

    [Fact]
    public Task HelperPassedAsACallback_Triggers() =>
        VerifyInServiceAsync(
            """
            using (_logger.BeginScope(new Dictionary<string, object> { ["request_id"] = requestId, ["correlation_id"] = correlationId }))
            {
                Audit(orderId);
            }

            _timer = new System.Threading.Timer(Audit, orderId, 1000, 1000);
            """,
            Verify.Diagnostic(Descriptors.LogMissingRequiredField).WithLocation(0).WithArguments(Both),
            members: """
            private void Audit(object? orderId) => {|#0:_logger.LogInformation("Audited order {order_id}", orderId)|};
            """);

    [Fact]
    public Task LoggerMessageMethodNeverCalled_TriggersAtItsDeclaration() =>
        VerifyAsync(
            """
            using Microsoft.Extensions.Logging;

            namespace Shop.Orders;

            public static partial class RefundLog
            {
                [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Refund {order_id} failed")]
                public static partial void {|#0:RefundFailed|}(ILogger logger, string order_id);

                public static partial void RefundFailed(ILogger logger, string order_id) { }
            }
            """,
            Verify.Diagnostic(Descriptors.LogMissingRequiredField).WithLocation(0).WithArguments(Both));

    [Fact]
    public Task ScopeSupplyingOneField_TriggersForTheOther() =>
        VerifyInServiceAsync(
            """
            using var scope = _logger.BeginScope("Handling {request_id}", requestId);
            {|#0:_logger.LogInformation("Order {order_id} placed", orderId)|};
            """,
            Verify.Diagnostic(Descriptors.LogMissingRequiredField).WithLocation(0).WithArguments("'correlation_id'"));

    // ----- Every way a field counts as supplied -----

    [Theory]
    [InlineData("""_logger.LogInformation("Order {order_id} for {request_id} {correlation_id}", orderId, requestId, correlationId);""")]
    [InlineData("""Serilog.Log.Information("Order {order_id} for {@request_id} {$correlation_id}", orderId, requestId, correlationId);""")]
    [InlineData("""OrderLog.Correlated(_logger, orderId, requestId, correlationId);""")]
    [InlineData("""OrderLog.WithContext(_logger, new RequestContext(requestId, correlationId));""")]
    [InlineData("""OrderLog.Tagged(_logger, requestId, correlationId);""")]
    [InlineData("""_logger.LogDebug("Order {order_id} placed", orderId);""")]
    [InlineData("""_logger.LogTrace("Order {order_id} placed", orderId);""")]
    [InlineData("""_logger.Log(LogLevel.None, "Order {order_id} placed", orderId);""")]
    [InlineData("""Serilog.Log.Debug("Order {order_id} placed", orderId);""")]
    [InlineData("""Audit.Debug("Order {order_id} placed", orderId);""")]
    [InlineData("""_logger.LogInformation(Templates.Get("placed"), orderId);""")]
    [InlineData("""_logger.Log(LogLevel.Information, new EventId(1), state, null, (s, e) => "placed");""")]
    public Task TheCallItselfCarriesTheFieldsOrIsExempt_DoesNotTrigger(string statement) =>
        VerifyInServiceAsync(statement);

    [Theory]
    [InlineData("""using (_logger.BeginScope("Handling {request_id} {correlation_id}", requestId, correlationId))""")]
    [InlineData("""using (_logger.BeginScope(new Dictionary<string, object> { ["request_id"] = requestId, ["correlation_id"] = correlationId }))""")]
    [InlineData("""using (_logger.BeginScope(new Dictionary<string, object?> { { "request_id", requestId }, { "correlation_id", correlationId } }))""")]
    [InlineData("""using (_logger.BeginScope(new List<KeyValuePair<string, object>> { new("request_id", requestId), new("correlation_id", correlationId) }))""")]
    [InlineData("""using (_logger.BeginScope(new[] { new KeyValuePair<string, object>("request_id", requestId), KeyValuePair.Create("correlation_id", (object)correlationId) }))""")]
    [InlineData("""using (_logger.BeginScope((KeyValuePair<string, object>[])[new("request_id", requestId), new("correlation_id", correlationId)]))""")]
    [InlineData("""using (_otherLogger.BeginScope(new Dictionary<string, object> { ["request_id"] = requestId, ["correlation_id"] = correlationId }))""")]
    [InlineData("""using (_logger?.BeginScope(new Dictionary<string, object> { ["request_id"] = requestId, ["correlation_id"] = correlationId }))""")]
    [InlineData("""using (Shop.Observability.RequestScope.Begin(_logger, requestId, correlationId))""")]
    [InlineData("""using (OrderLog.RequestScope(_logger, requestId, correlationId))""")]
    [InlineData("""using (_logger.BeginScope(Correlation.State(requestId, correlationId)))""")]
    [InlineData("""using (Serilog.Context.LogContext.PushProperty("request_id", requestId)) using (Serilog.Context.LogContext.PushProperty("correlation_id", correlationId))""")]
    [InlineData("""using (_logger.BeginScope("Handling {request_id}", requestId)) using (_logger.BeginScope(new Dictionary<string, object> { ["correlation_id"] = correlationId }))""")]
    public Task EnclosingScopeOfEveryKind_DoesNotTrigger(string usingHeader) =>
        VerifyInServiceAsync(usingHeader + "\n{\n    _logger.LogInformation(\"Order {order_id} placed\", orderId);\n    Serilog.Log.Warning(\"Order {order_id} slow\", orderId);\n    OrderLog.Placed(_logger, orderId);\n}");

    [Fact]
    public Task UsingDeclarationsAndALocalState_DoNotTrigger() =>
        VerifyInServiceAsync(
            """
            var requestState = new Dictionary<string, object> { ["request_id"] = requestId };
            using var first = _logger.BeginScope(requestState);
            if (orderId.Length > 0)
            {
                using var second = _logger.BeginScope("Correlated by {correlation_id}", correlationId);
                _logger.LogInformation("Order {order_id} placed", orderId);
                switch (orderId)
                {
                    case "x":
                        _logger.LogWarning("Order {order_id} is a test", orderId);
                        break;
                }
            }
            """);

    [Fact]
    public Task ManualScopeDisposedLater_DoesNotTrigger() =>
        VerifyInServiceAsync(
            """
            var scope = _logger.BeginScope(new Dictionary<string, object> { ["request_id"] = requestId, ["correlation_id"] = correlationId });
            try
            {
                _logger.LogInformation("Order {order_id} placed", orderId);
            }
            finally
            {
                scope?.Dispose();
            }
            """);

    [Fact]
    public Task LambdaRunInsideTheScope_DoesNotTrigger() =>
        VerifyInServiceAsync(
            """
            using (_logger.BeginScope(new Dictionary<string, object> { ["request_id"] = requestId, ["correlation_id"] = correlationId }))
            {
                orderIds.ForEach(id => _logger.LogInformation("Order {order_id} queued", id));
                Parallel.ForEach(orderIds, id => _logger.LogInformation("Order {order_id} checked", id));
            }
            """);

    [Fact]
    public Task SerilogForContextLoggers_DoNotTrigger() =>
        VerifyInServiceAsync(
            """
            var log = Serilog.Log.ForContext("request_id", requestId).ForContext("correlation_id", correlationId);
            log.Information("Order {order_id} placed", orderId);
            _correlated.Warning("Order {order_id} slow", orderId);
            """,
            members: """
            private readonly Serilog.ILogger _correlated = Serilog.Log.ForContext("request_id", "boot").ForContext("correlation_id", "boot");
            """);

    [Fact]
    public Task FieldsTheProjectsPipelineAdds_DoNotTrigger()
    {
        var test = new Verify.Test
        {
            TestCode = Service("""_logger.LogInformation("Order {order_id} placed", orderId);"""),
            TestState = { Sources = { ("/0/Hosting.cs", LogsTestContract.Hosting) } },
        };
        TestContract.AddTo(test.TestState, LogsTestContract.Json);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nsignal_contract.logs.supplied_fields = request_id, correlation_id\n"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task FieldTheProjectsPipelineAdds_LeavesTheOther()
    {
        var test = new Verify.Test
        {
            TestCode = Service("""{|#0:_logger.LogInformation("Order {order_id} placed", orderId)|};"""),
            TestState = { Sources = { ("/0/Hosting.cs", LogsTestContract.Hosting) } },
        };
        TestContract.AddTo(test.TestState, LogsTestContract.Json);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nsignal_contract.logs.supplied_fields = RequestId\n"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(Descriptors.LogMissingRequiredField).WithLocation(0).WithArguments("'correlation_id'"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task CodeInAmbientTypesMethodsAndHandlers_DoesNotTrigger() =>
        VerifyAsync(
            """
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            using Shop.Web;

            namespace Shop.Orders;

            public sealed class OrdersController(ILogger<OrdersController> logger) : ApiController
            {
                public void Get(string orderId) => logger.LogInformation("Fetching order {order_id}", orderId);

                private sealed class Nested
                {
                    public void Run(ILogger logger) => logger.LogInformation("Nested types run in the host's scope too");
                }
            }

            public sealed class PaymentHandler(ILogger<PaymentHandler> logger) : Shop.Messaging.IMessageHandler
            {
                public void Handle(string message) => logger.LogInformation("Handling {message_type}", message);
            }

            [HostScoped]
            public sealed class ImportJob(ILogger<ImportJob> logger)
            {
                public void Run() => logger.LogInformation("Importing");
            }

            public sealed class Functions(ILogger<Functions> logger)
            {
                [HostScoped]
                public void OnQueueMessage(string message) => logger.LogInformation("Queue message {message_type}", message);
            }

            public static class Endpoints
            {
                public static void MapOrders(ILogger logger)
                {
                    Routes.Map("/orders/{id}", (string id) => logger.LogInformation("Fetching order {order_id}", id));
                    Routes.Map("/orders", ListOrders);

                    void ListOrders() => logger.LogInformation("Listing orders");
                }
            }
            """);

    [Fact]
    public Task EveryCallerSuppliesTheFields_DoesNotTrigger() =>
        VerifyAsync(
            """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            using Shop.Observability;

            namespace Shop.Orders;

            public sealed class OrderConsumer(ILogger<OrderConsumer> logger, OrderProcessor processor)
            {
                public async Task ConsumeAsync(string requestId, string correlationId, IReadOnlyList<string> orderIds)
                {
                    foreach (string orderId in orderIds)
                    {
                        using var scope = RequestScope.Begin(logger, requestId, correlationId);
                        await processor.ProcessAsync(orderId);
                        Validate(orderId);
                        Notify(orderId);
                    }

                    void Notify(string orderId) => logger.LogInformation("Notified about order {order_id}", orderId);
                }

                private void Validate(string orderId) => logger.LogWarning("Order {order_id} has no lines", orderId);
            }

            public sealed class OrderProcessor(ILogger<OrderProcessor> logger, IOrderRepository repository)
            {
                public async Task ProcessAsync(string orderId)
                {
                    logger.LogInformation("Processing order {order_id}", orderId);
                    await repository.SaveAsync(orderId);
                    Helpers.Trace(logger, orderId);
                }
            }

            public interface IOrderRepository { Task SaveAsync(string orderId); }

            public sealed class OrderRepository(ILogger<OrderRepository> logger) : IOrderRepository
            {
                public Task SaveAsync(string orderId)
                {
                    logger.LogInformation("Saved order {order_id}", orderId);
                    return Task.CompletedTask;
                }
            }

            internal static class Helpers
            {
                public static void Trace(ILogger logger, string orderId) => logger.LogInformation("Traced order {order_id}", orderId);
            }
            """);

    [Fact]
    public Task RecursiveHelperCalledFromAScope_DoesNotTrigger() =>
        VerifyInServiceAsync(
            """
            using (_logger.BeginScope(new Dictionary<string, object> { ["request_id"] = requestId, ["correlation_id"] = correlationId }))
            {
                Walk(3);
            }
            """,
            members: """
            private void Walk(int depth)
            {
                _logger.LogInformation("Walking {depth}", depth);
                if (depth > 0)
                {
                    Walk(depth - 1);
                }
            }
            """);

    [Fact]
    public Task ConstructorResolvedByTheContainer_DoesNotTrigger() =>
        VerifyAsync(
            """
            using Microsoft.Extensions.Logging;

            namespace Shop.Orders;

            public sealed class PricingCache
            {
                public PricingCache(ILogger<PricingCache> logger) => logger.LogInformation("Pricing cache created");
            }
            """);

    [Fact]
    public Task NotConstantTemplate_IsOnlyReportedAsSuch() =>
        VerifyInServiceAsync(
            """_logger.LogInformation({|#0:$"Order {orderId} placed"|});""",
            Verify.Diagnostic(Descriptors.LogTemplateNotConstant).WithLocation(0).WithArguments("an interpolated string"));

    [Fact]
    public Task NoRequiredFields_DoesNotTrigger() =>
        VerifyAsync(Service("""_logger.LogInformation("Order {order_id} placed", orderId);"""), """{ "version": 1, "logs": { "fields": ["order_id"] } }""");

    internal static Task VerifyInServiceAsync(string body, params DiagnosticResult[] expected) => VerifyInServiceAsync(body, expected, members: string.Empty);

    internal static Task VerifyInServiceAsync(string body, string members) => VerifyInServiceAsync(body, [], members);

    internal static Task VerifyInServiceAsync(string body, DiagnosticResult expected, string members) => VerifyInServiceAsync(body, [expected], members);

    internal static Task VerifyInServiceAsync(string body, DiagnosticResult[] expected, string members) =>
        VerifyAsync(Service(body, members), LogsTestContract.Json, expected);

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected) => VerifyAsync(source, LogsTestContract.Json, expected);

    private static Task VerifyAsync(string source, string contract, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source };
        test.TestState.Sources.Add(("/0/Hosting.cs", LogsTestContract.Hosting));
        TestContract.AddTo(test.TestState, contract);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// <paramref name="body"/> as the body of a service method with a MEL logger, a Serilog logger, the values a request
    /// carries, a [LoggerMessage] class, a defined message and a wrapper in reach.
    /// </summary>
    internal static string Service(string body, string members = "") => $$"""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;

        namespace Shop.Orders
        {
            public sealed record RequestContext(string RequestId, string CorrelationId);

            public static class Templates { public static string Get(string name) => name; }

            public static class Correlation
            {
                public static IReadOnlyList<KeyValuePair<string, object>> State(string requestId, string correlationId) =>
                    new[] { new KeyValuePair<string, object>("request_id", requestId), new KeyValuePair<string, object>("correlation_id", correlationId) };
            }

            public static class Audit
            {
                [Serilog.Core.MessageTemplateFormatMethod("messageTemplate")]
                public static void Info(string messageTemplate, params object[] values) => Serilog.Log.Information(messageTemplate, values);

                [Serilog.Core.MessageTemplateFormatMethod("messageTemplate")]
                public static void Debug(string messageTemplate, params object[] values) => Serilog.Log.Debug(messageTemplate, values);

                [Serilog.Core.MessageTemplateFormatMethod("messageTemplate")]
                public static void Write(LogLevel level, string messageTemplate, params object[] values) => Serilog.Log.Information(messageTemplate, values);
            }

            public static partial class OrderLog
            {
                private static readonly Func<ILogger, string, string, IDisposable?> Scope =
                    LoggerMessage.DefineScope<string, string>("Request {request_id} {correlation_id}");

                public static IDisposable? RequestScope(ILogger logger, string requestId, string correlationId) => Scope(logger, requestId, correlationId);

                [LoggerMessage(1, LogLevel.Information, "Order {order_id} placed")]
                public static partial void Placed(ILogger logger, string order_id);

                [LoggerMessage(2, LogLevel.Information, "Order {order_id} shipped")]
                public static partial void Shipped(this ILogger logger, string order_id);

                [LoggerMessage(3, LogLevel.Information, "Order {order_id} correlated")]
                public static partial void Correlated(ILogger logger, string order_id, string request_id, string correlation_id);

                [LoggerMessage(4, LogLevel.Information, "Request context")]
                public static partial void WithContext(ILogger logger, [LogProperties(OmitReferenceName = true)] RequestContext context);

                // [TagName] is marked experimental in Microsoft.Extensions.Telemetry.Abstractions 8.x.
            #pragma warning disable EXTEXP0003
                [LoggerMessage(5, LogLevel.Information, "Tagged")]
                public static partial void Tagged(ILogger logger, [TagName("request_id")] string requestId, [TagName("correlation_id")] string correlationId);
            #pragma warning restore EXTEXP0003
            }

            public sealed class OrderService
            {
                private static readonly Action<ILogger, string, Exception?> Cancelled =
                    LoggerMessage.Define<string>(LogLevel.Warning, new EventId(20), "Order {order_id} cancelled");

                private readonly ILogger<OrderService> _logger;
                private readonly ILogger _otherLogger;
                private readonly Serilog.ILogger _serilog;
                private System.Threading.Timer? _timer;

                public OrderService(ILogger<OrderService> logger, ILoggerFactory factory, Serilog.ILogger serilog)
                {
                    _logger = logger;
                    _otherLogger = factory.CreateLogger("Shop.Orders.Other");
                    _serilog = serilog;
                }

                public System.Threading.Timer? Timer => _timer;

                // Every [LoggerMessage] method has a correlated caller, so only the calls under test are judged.
                public void Warmup(string requestId, string correlationId)
                {
                    using var scope = Shop.Observability.RequestScope.Begin(_logger, requestId, correlationId);
                    OrderLog.Placed(_logger, requestId);
                    _logger.Shipped(requestId);
                    OrderLog.Correlated(_logger, requestId, requestId, correlationId);
                    OrderLog.WithContext(_logger, new RequestContext(requestId, correlationId));
                    OrderLog.Tagged(_logger, requestId, correlationId);
                }

                public void Handle(string requestId, string correlationId, string orderId, LogLevel level, List<string> orderIds, Dictionary<string, object> state)
                {
                    {{body}}
                }

                {{members}}
            }
        }

        namespace Shop.Orders
        {
            // What the logging source generator writes.
            public static partial class OrderLog
            {
                public static partial void Placed(ILogger logger, string order_id) { }
                public static partial void Shipped(this ILogger logger, string order_id) { }
                public static partial void Correlated(ILogger logger, string order_id, string request_id, string correlation_id) { }
                public static partial void WithContext(ILogger logger, RequestContext context) { }
                public static partial void Tagged(ILogger logger, string requestId, string correlationId) { }
            }
        }
        """;
}
