using System;
using Microsoft.Extensions.Logging;

namespace Shop.Logging;

/// <summary>Log events declared once: [LoggerMessage] methods and a LoggerMessage.Define delegate.</summary>
public static partial class OrderLog
{
    private static readonly Action<ILogger, string, Exception?> ShippedMessage =
        LoggerMessage.Define<string>(LogLevel.Information, new EventId(3, "Shipped"), "Shipped order {order_id}");

    [LoggerMessage(EventId = 1, EventName = "OrderPlaced", Level = LogLevel.Information, Message = "Placed order {order_id}")]
    public static partial void Placed(ILogger logger, string order_id, string payment_method);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Stock for {sku} is low")]
    public static partial void LowStock(ILogger logger, string sku);

    public static void Shipped(ILogger logger, string orderId) => ShippedMessage(logger, orderId, null);
}
