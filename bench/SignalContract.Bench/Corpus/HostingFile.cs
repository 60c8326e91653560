namespace SignalContract.Bench.Corpus;

/// <summary>
/// The service's hosting code, once per corpus: the controllers' base (the contract's <c>logs.ambientIn</c>), the request
/// scope helper (its <c>logs.scopeProviders</c>), the logging set-up, whose OpenTelemetry exporter drops scopes (OBS2005),
/// and the tracing resource, named unlike the contract's service (OBS0004).
/// </summary>
internal static class HostingFile
{
    public const string Text = """
        using System;
        using System.Collections.Generic;
        using Microsoft.Extensions.Logging;
        using OpenTelemetry.Resources;

        namespace Shop.Hosting;

        /// <summary>Controllers run in the host's request scope, which carries RequestId.</summary>
        public abstract class ApiController
        {
        }

        /// <summary>The scope every unit of work outside a request opens.</summary>
        public static class RequestScope
        {
            public static IDisposable? Begin(ILogger logger) =>
                logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = Guid.NewGuid().ToString("N") });
        }

        public static class LoggingSetup
        {
            public static void Configure(ILoggingBuilder logging)
            {
                logging.AddJsonConsole(options => options.IncludeScopes = true);
                logging.AddOpenTelemetry(options => options.IncludeFormattedMessage = true);
            }
        }

        public static class TracingSetup
        {
            /// <summary>The resource names the service as a deployment label does, not as the contract does (OBS0004).</summary>
            public static ResourceBuilder Resource() => ResourceBuilder.CreateDefault().AddService("shop-api", serviceVersion: "1.0.0");
        }

        """;
}
