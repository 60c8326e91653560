using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace Shop.Logging;

/// <summary>Microsoft.Extensions.Logging's extension methods, inside and outside scopes.</summary>
public sealed class OrderHandler(ILogger<OrderHandler> logger)
{
    public void Handle(string orderId, string requestId)
    {
        using (logger.BeginScope("Handling {request_id}", requestId))
        {
            logger.LogInformation("Handling order {order_id}", orderId);
            using var tenant = logger.BeginScope(new Dictionary<string, object> { ["tenant_id"] = "acme" });
            logger.Log(LogLevel.Warning, "Order {order_id} is late", orderId);
        }

        logger.LogInformation("Handled order {order_id}", orderId);
    }

    public void Place(string orderId, string requestId)
    {
        using var scope = Correlation.Begin(logger, requestId);
        OrderLog.Placed(logger, orderId, "card");
        try
        {
            logger.LogDebug("Probing {order_id}", orderId);
        }
        catch (InvalidOperationException ex)
        {
            logger.LogError(ex, "Order {order_id} failed", orderId);
        }

        logger.LogWarning($"Order {orderId} is slow");
    }

    public Action Tick(int tick) => () => logger.LogInformation("Tick {tick}", tick);
}

/// <summary>The scope provider the contract lists: its scope carries every required field.</summary>
public static class Correlation
{
    public static IDisposable? Begin(ILogger logger, string requestId) =>
        logger.BeginScope(new Dictionary<string, object> { ["request_id"] = requestId });
}

/// <summary>Code the host runs inside its request scope (the contract's logs.ambientIn).</summary>
public abstract class HostedEndpoint
{
}

public sealed class StatusEndpoint(ILogger<StatusEndpoint> logger) : HostedEndpoint
{
    public void Get() => logger.LogInformation("Status requested");
}
