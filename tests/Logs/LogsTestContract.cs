namespace SignalContract.Analyzers.Tests.Logs;

/// <summary>The contract the logging rule tests run against, and the generated half of their <c>[LoggerMessage]</c> methods.</summary>
internal static class LogsTestContract
{
    public const string Json = """
        {
          "version": 1,
          "logs": {
            "requiredFields": ["request_id", "correlation_id"],
            "fieldStyle": "snake_case",
            "fields": ["order_id", "user_id", "tenant_id"],
            "minimumLevel": "Information",
            "scopeProviders": ["Shop.Observability.RequestScope.Begin"],
            "ambientIn": ["Shop.Web.ApiController", "Shop.Messaging.IMessageHandler", "Shop.Web.HostScopedAttribute", "Shop.Web.Routes.Map"]
          }
        }
        """;

    /// <summary>Only request_id is required: for tests about one field.</summary>
    public const string RequestIdOnly = """
        { "version": 1, "logs": { "requiredFields": ["request_id"], "fields": ["order_id"] } }
        """;

    /// <summary>Types the contract's ambientIn and scopeProviders name, as a service's own code declares them.</summary>
    public const string Hosting = """

        namespace Shop.Web
        {
            public abstract class ApiController { }

            [System.AttributeUsage(System.AttributeTargets.Class | System.AttributeTargets.Method)]
            public sealed class HostScopedAttribute : System.Attribute { }

            public static class Routes
            {
                public static void Map(string pattern, System.Delegate handler) { }
            }
        }

        namespace Shop.Messaging
        {
            public interface IMessageHandler { void Handle(string message); }
        }

        namespace Shop.Observability
        {
            public static class RequestScope
            {
                public static System.IDisposable? Begin(Microsoft.Extensions.Logging.ILogger logger, string requestId, string correlationId) =>
                    logger.BeginScope(new System.Collections.Generic.Dictionary<string, object> { ["request_id"] = requestId, ["correlation_id"] = correlationId });
            }
        }
        """;
}
