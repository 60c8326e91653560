using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace Shop.Observability;

/// <summary>
/// The logging scope every unit of work opens. contract.json lists <c>Shop.Observability.RequestScope.Begin</c> as a
/// scope provider, so log calls inside it have the required fields request_id and correlation_id.
/// </summary>
public static class RequestScope
{
    public static IDisposable? Begin(ILogger logger, string requestId, string correlationId) =>
        logger.BeginScope(new Dictionary<string, object>
        {
            ["request_id"] = requestId,
            ["correlation_id"] = correlationId,
        });
}
