using System.Threading;
using System.Threading.Tasks;
using SignalContract.Analyzers.Tests.Verifiers;
using CallVerify = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Logs.LogCallAnalyzer>;

namespace SignalContract.Analyzers.Tests.Logs;

/// <summary>
/// Idiomatic, correlated logging in an ASP.NET Core service stays silent: controllers and minimal-API handlers in the
/// host's request scope, a middleware that opens the scope and calls the next delegate, a background worker that opens a
/// scope per message and calls private helpers, [LoggerMessage] classes called from scoped code (with the generator's
/// half in a generated file), Serilog with LogContext, and trace_id added by the project's pipeline.
/// </summary>
public class GoodLoggingCodeTests
{
    public const string Contract = """
        {
          "version": 1,
          "logs": {
            "requiredFields": ["request_id", "trace_id"],
            "fieldStyle": "snake_case",
            "fields": ["order_id", "tenant_id", "message_id"],
            "minimumLevel": "Information",
            "ambientIn": [
              "Microsoft.AspNetCore.Mvc.ControllerBase",
              "Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet",
              "Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapPost"
            ]
          }
        }
        """;

    public const string EditorConfig = "root = true\n\n[*.cs]\nsignal_contract.logs.supplied_fields = trace_id\n";

    public const string Program = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Logging;
        using Shop.Orders;

        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.AddJsonConsole(options => options.IncludeScopes = true);
        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Services.AddHostedService<OrderQueueWorker>();
        builder.Services.AddSingleton<OrderPricing>();

        var app = builder.Build();
        app.UseMiddleware<CorrelationMiddleware>();
        app.MapControllers();
        OrderEndpoints.Map(app);
        app.Run();
        """;

    public const string Controller = """
        using System;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Logging;

        namespace Shop.Orders;

        [ApiController]
        [Route("orders")]
        public sealed class OrdersController(ILogger<OrdersController> logger, OrderPricing pricing) : ControllerBase
        {
            [HttpGet("{id}")]
            public IActionResult Get(string id)
            {
                logger.LogInformation("Fetching order {order_id}", id);
                return Ok(id);
            }

            [HttpPost]
            public async Task<IActionResult> Place(PlaceOrder request)
            {
                try
                {
                    decimal total = await pricing.PriceAsync(request.OrderId, request.Lines);
                    OrderLog.Priced(logger, request.OrderId, total);
                    return Accepted();
                }
                catch (InvalidOperationException ex)
                {
                    logger.LogWarning(ex, "Could not price order {order_id}", request.OrderId);
                    return Conflict();
                }
            }
        }

        public sealed record PlaceOrder(string OrderId, int Lines, string TenantId);
        """;

    public const string Endpoints = """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        namespace Shop.Orders;

        public static class OrderEndpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/orders/{id}/status", (string id, ILogger<OrderPricing> logger) =>
                {
                    logger.LogInformation("Status of order {order_id}", id);
                    return Results.Ok();
                });

                app.MapPost("/orders/{id}/cancel", Cancel);
            }

            private static IResult Cancel(string id, ILogger<OrderPricing> logger)
            {
                logger.LogInformation("Cancelling order {order_id}", id);
                return Results.Accepted();
            }
        }
        """;

    public const string Middleware = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        namespace Shop.Orders;

        public sealed class CorrelationMiddleware(RequestDelegate next, ILogger<CorrelationMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                string requestId = context.Request.Headers["X-Request-Id"].ToString();
                if (requestId.Length == 0)
                {
                    requestId = Guid.NewGuid().ToString("N");
                }

                using (logger.BeginScope(new Dictionary<string, object> { ["request_id"] = requestId }))
                {
                    logger.LogInformation("Handling {method} {path}", context.Request.Method, context.Request.Path.Value);
                    await next(context);
                    logger.LogInformation("Handled with status {status_code}", context.Response.StatusCode);
                }
            }
        }
        """;

    public const string Worker = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;

        namespace Shop.Orders;

        public sealed record OrderMessage(string MessageId, string RequestId, string OrderId, int Lines);

        public sealed class OrderQueueWorker(Channel<OrderMessage> queue, OrderPricing pricing, ILogger<OrderQueueWorker> logger) : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                logger.LogDebug("Worker started");
                await foreach (var message in queue.Reader.ReadAllAsync(stoppingToken))
                {
                    using var scope = logger.BeginScope(new Dictionary<string, object>
                    {
                        ["request_id"] = message.RequestId,
                        ["message_id"] = message.MessageId,
                    });

                    try
                    {
                        await HandleAsync(message, stoppingToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        logger.LogError(ex, "Message {message_id} failed", message.MessageId);
                    }
                }
            }

            private async Task HandleAsync(OrderMessage message, CancellationToken cancellationToken)
            {
                logger.LogInformation("Pricing order {order_id}", message.OrderId);
                decimal total = await pricing.PriceAsync(message.OrderId, message.Lines);
                Record(message.OrderId, total);
                await Task.Delay(10, cancellationToken);
            }

            private void Record(string orderId, decimal total) =>
                OrderLog.Priced(logger, orderId, total);
        }
        """;

    public const string Pricing = """
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;
        using Serilog.Context;

        namespace Shop.Orders;

        public sealed class OrderPricing(ILogger<OrderPricing> logger)
        {
            public Task<decimal> PriceAsync(string orderId, int lines)
            {
                decimal total = lines * 9.5m;
                if (total > 1000)
                {
                    OrderLog.LargeOrder(logger, orderId, total);
                }

                logger.LogDebug("Priced {order_id} at {total:N2}", orderId, total);
                return Task.FromResult(total);
            }
        }

        public static class LegacyExport
        {
            public static void Export(string requestId, string orderId)
            {
                using (LogContext.PushProperty("request_id", requestId))
                {
                    Serilog.Log.Information("Exporting order {order_id}", orderId);
                    Serilog.Log.ForContext<OrderPricing>().Warning("Export of {order_id} is slow", orderId);
                }
            }
        }
        """;

    public const string LogMessages = """
        using Microsoft.Extensions.Logging;

        namespace Shop.Orders;

        internal static partial class OrderLog
        {
            [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Order {order_id} priced at {total}")]
            public static partial void Priced(ILogger logger, string order_id, decimal total);

            [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Order {order_id} is large: {total}")]
            public static partial void LargeOrder(ILogger logger, string order_id, decimal total);
        }
        """;

    /// <summary>What the logging source generator writes: generated code, never analysed.</summary>
    public const string GeneratedLogMessages = """
        // <auto-generated/>
        #nullable enable

        namespace Shop.Orders
        {
            partial class OrderLog
            {
                private static readonly global::System.Action<global::Microsoft.Extensions.Logging.ILogger, string, decimal, global::System.Exception?> __PricedCallback =
                    global::Microsoft.Extensions.Logging.LoggerMessage.Define<string, decimal>(global::Microsoft.Extensions.Logging.LogLevel.Information, new global::Microsoft.Extensions.Logging.EventId(100, nameof(Priced)), "Order {order_id} priced at {total}");

                private static readonly global::System.Action<global::Microsoft.Extensions.Logging.ILogger, string, decimal, global::System.Exception?> __LargeOrderCallback =
                    global::Microsoft.Extensions.Logging.LoggerMessage.Define<string, decimal>(global::Microsoft.Extensions.Logging.LogLevel.Warning, new global::Microsoft.Extensions.Logging.EventId(101, nameof(LargeOrder)), "Order {order_id} is large: {total}");

                public static partial void Priced(global::Microsoft.Extensions.Logging.ILogger logger, string order_id, decimal total)
                {
                    if (logger.IsEnabled(global::Microsoft.Extensions.Logging.LogLevel.Information))
                    {
                        __PricedCallback(logger, order_id, total, null);
                    }
                }

                public static partial void LargeOrder(global::Microsoft.Extensions.Logging.ILogger logger, string order_id, decimal total)
                {
                    if (logger.IsEnabled(global::Microsoft.Extensions.Logging.LogLevel.Warning))
                    {
                        __LargeOrderCallback(logger, order_id, total, null);
                    }
                }
            }
        }
        """;

    [Fact]
    public Task CorrelatedService_DoesNotTrigger() => RunAsync<CallVerify.Test>();

    internal static Task RunAsync<TTest>()
        where TTest : Microsoft.CodeAnalysis.Testing.AnalyzerTest<Microsoft.CodeAnalysis.Testing.DefaultVerifier>, new()
    {
        var test = new TTest();
        TestReferences.AspNetCore.ApplyTo(test);
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.TestState.Sources.Add(("/0/Program.cs", Program));
        test.TestState.Sources.Add(("/0/OrdersController.cs", Controller));
        test.TestState.Sources.Add(("/0/OrderEndpoints.cs", Endpoints));
        test.TestState.Sources.Add(("/0/CorrelationMiddleware.cs", Middleware));
        test.TestState.Sources.Add(("/0/OrderQueueWorker.cs", Worker));
        test.TestState.Sources.Add(("/0/OrderPricing.cs", Pricing));
        test.TestState.Sources.Add(("/0/OrderLog.cs", LogMessages));
        test.TestState.Sources.Add(("/0/OrderLog.g.cs", GeneratedLogMessages));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig));
        TestContract.AddTo(test.TestState, Contract);
        return test.RunAsync(CancellationToken.None);
    }
}
