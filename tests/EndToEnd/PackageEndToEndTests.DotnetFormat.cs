using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Tests.Meta;

namespace SignalContract.Analyzers.Tests.EndToEnd;

/// <summary>
/// <c>dotnet format analyzers</c>, the way CI pipelines apply fixes, over a consumer of the packed package. It asks each
/// fixer for Fix All with the equivalence key of whichever finding of the analyzer it saw first, so a fixer that copes
/// only with its own keys silently skips rules, a different one on each run.
/// </summary>
public sealed partial class PackageEndToEndTests
{
    /// <summary>
    /// One violation of every rule with a code fix, each fixed without leaving work for another rule: dotnet format
    /// fixes the rules it found at the start, in no set order. OBS0003 is left out: it is located in contract.json, and
    /// Roslyn 4.8 cannot Fix All additional files (dotnet format skips findings outside C# documents).
    /// </summary>
    private const string FixableSource = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;
        using Microsoft.Extensions.Logging;
        using OpenTelemetry.Resources;

        namespace Consumer;

        public static class Checkout
        {
            private static readonly ActivitySource Source = new("shop.checkout");
            private static readonly ActivitySource Payments = new("payments");
            private static readonly Meter Meter = new("shop.checkout");
            private static readonly Counter<long> Orders = Meter.CreateCounter<long>("checkout_orders_total", "{order}");
            private static readonly Counter<long> Retries = Meter.CreateCounter<long>("payment_retries", "{retry}");
            private static readonly Counter<long> Refunds = Meter.CreateCounter<long>("shop.checkout.Refunds", "{refund}");
            private static readonly Counter<long> Cancellations = Meter.CreateCounter<long>("shop.checkout.cancellations", "{order}");
            private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("shop.checkout.duration", "ms");

            public static void PlaceOrder(string paymentMethod, string region, string outcome, double seconds)
            {
                Source.StartActivity("checkout.place_order");
                Orders.Add(
                    1,
                    new KeyValuePair<string, object?>("paymentMethod", paymentMethod),
                    new KeyValuePair<string, object?>("region", region));
                Retries.Add(1);
                Refunds.Add(1);
                Duration.Record(seconds, new KeyValuePair<string, object?>("channel", "web"));
            }

            public static void Cancel(string reason, string userId) =>
                Cancellations.Add(1, new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>("user_id", userId));

            public static void Refund(string orderId)
            {
                using var activity = Source.StartActivity($"checkout.refund {orderId}");
                try
                {
                    Work();
                }
                catch (InvalidOperationException ex)
                {
                    Console.WriteLine(ex.Message);
                }
            }

            public static void Identify(string email, string phone)
            {
                Activity.Current?.SetTag("user.email", email);
                Activity.Current?.AddBaggage("user.phone", phone);
            }

            public static void Authorize()
            {
                using var activity = Payments.StartActivity("payments.authorize");
                Work();
            }

            public static void Consume(IDictionary<string, string> headers)
            {
                using var activity = Source.StartActivity("checkout.consume", ActivityKind.Consumer);
                Work();
            }

            public static bool Ship()
            {
                try
                {
                    using var activity = Source.StartActivity("checkout.ship");
                    Work();
                    return true;
                }
                catch (TimeoutException ex)
                {
                    Console.WriteLine(ex.Message);
                    return false;
                }
            }

            public static ResourceBuilder Resource() => ResourceBuilder.CreateDefault().AddService("checkout-svc");

            private static void Work()
            {
            }
        }

        public sealed class OrderLog(ILogger<OrderLog> logger)
        {
            public static void Configure(ILoggingBuilder logging) => logging.AddJsonConsole();

            public void Placed(string requestId, int orderId) =>
                logger.LogInformation("Order {order_id} placed", orderId);

            public void Shipped(string requestId, int orderId) =>
                logger.LogInformation("Order {OrderId} shipped for {request_id}", orderId, requestId);

            public void Delivered(string requestId, int parcel) =>
                logger.LogInformation($"Parcel {parcel} delivered for {requestId}");

            // Checkout starts a span it does not keep (OBS3001), which reads as a begin hook to OBS3008: the end is here.
            public void Completed()
            {
                Work();
                Activity.Current?.Stop();
            }

            public void SignedIn(string requestId, string email) =>
                logger.LogInformation("Customer {email} signed in for {request_id}", email, requestId);

            public void Seen(string requestId, Customer customer) =>
                logger.LogInformation("Customer {customer} seen for {request_id}", customer, requestId);

            public void Pay(string requestId)
            {
                try
                {
                    Work();
                }
                catch (InvalidOperationException failure)
                {
                    logger.LogError("Payment failed for {request_id}: {reason}", requestId, failure.Message);
                    throw;
                }
            }

            private static void Work()
            {
            }
        }

        public sealed record Customer(string Id, string Email);

        """;

    private const string FixableContract = """
        {
          "version": 1,
          "service": "checkout",
          "metrics": {
            "namespaces": ["shop.checkout"],
            "forbiddenLabels": ["user_id"],
            "requireDeclared": true,
            "instruments": [
              { "name": "shop.checkout.orders", "kind": "counter", "unit": "{order}",
                "labels": ["payment_method", "region"], "renamedFrom": ["checkout_orders_total"] },
              { "name": "shop.checkout.duration", "kind": "histogram", "unit": "s", "labels": ["outcome"] },
              { "name": "shop.checkout.payment_retries", "kind": "counter", "unit": "{retry}", "labels": [] },
              { "name": "shop.checkout.refunds", "kind": "counter", "unit": "{refund}", "labels": [] }
            ]
          },
          "logs": { "requiredFields": ["request_id"], "fieldStyle": "snake_case", "fields": ["order_id"] },
          "traces": { "sources": ["shop.checkout"] }
        }

        """;

    /// <summary>
    /// The libraries <see cref="FixableSource"/> uses: ILogger and the JSON console formatter (OBS2005), and the
    /// OpenTelemetry SDK's resource (OBS0004), which also brings the OpenTelemetry API OBS3007's fix extracts with.
    /// </summary>
    private static readonly (string Id, string Version)[] FixableLibraries =
        [("Microsoft.Extensions.Logging.Console", "10.0.12"), ("OpenTelemetry", "1.15.3")];

    /// <summary>Where <see cref="FixableSource"/> breaks each rule; the OBS1005 site misses one label and has one extra.</summary>
    private static readonly ExpectedDiagnostic[] Fixable =
    [
        new("OBS0004", ConsumerProject.SourceFile, "\"checkout-svc\""),
        new("OBS1001", ConsumerProject.SourceFile, "\"payment_retries\""),
        new("OBS1002", ConsumerProject.SourceFile, "\"shop.checkout.Refunds\""),
        new("OBS1002", ConsumerProject.SourceFile, "\"paymentMethod\""),
        new("OBS1003", ConsumerProject.SourceFile, "\"shop.checkout.cancellations\""),
        new("OBS1004", ConsumerProject.SourceFile, "\"ms\""),
        new("OBS1005", ConsumerProject.SourceFile, "Duration.Record("),
        new("OBS1005", ConsumerProject.SourceFile, "\"channel\""),
        new("OBS1007", ConsumerProject.SourceFile, "\"user_id\""),
        new("OBS1009", ConsumerProject.SourceFile, "\"checkout_orders_total\""),
        new("OBS2001", ConsumerProject.SourceFile, "logger.LogInformation(\"Order {order_id} placed\", orderId)"),
        new("OBS2002", ConsumerProject.SourceFile, "OrderId} shipped"),
        new("OBS2003", ConsumerProject.SourceFile, "$\"Parcel {parcel} delivered for {requestId}\""),
        new("OBS2004", ConsumerProject.SourceFile, "failure.Message"),
        new("OBS2005", ConsumerProject.SourceFile, "AddJsonConsole"),
        new("OBS3001", ConsumerProject.SourceFile, "Source.StartActivity(\"checkout.place_order\")"),
        new("OBS3002", ConsumerProject.SourceFile, "catch (InvalidOperationException ex)"),
        new("OBS3003", ConsumerProject.SourceFile, "$\"checkout.refund {orderId}\""),
        new("OBS3004", ConsumerProject.SourceFile, "\"payments\""),
        new("OBS3007", ConsumerProject.SourceFile, "Source.StartActivity(\"checkout.consume\", ActivityKind.Consumer)"),
        new("OBS3008", ConsumerProject.SourceFile, "Activity.Current?.Stop()"),
        new("OBS3009", ConsumerProject.SourceFile, "Source.StartActivity(\"checkout.ship\")"),
        new("OBS4001", ConsumerProject.SourceFile, "email} signed in"),
        new("OBS4002", ConsumerProject.SourceFile, "customer, requestId)"),
        new("OBS4003", ConsumerProject.SourceFile, "user.email\", email)"),
        new("OBS4004", ConsumerProject.SourceFile, "user.phone\", phone)"),
    ];

    /// <summary>
    /// <c>--severity warn</c>: every rule with a fix is a Warning by default, so it covers them all. <c>info</c> would add
    /// only OBS1008, which has no fix, and the SDK's own Info analyzers, whose fixes are not this package's to test.
    /// </summary>
    [Fact]
    public async Task DotnetFormatOnce_FixesEveryFixableRuleAndTheProjectBuilds()
    {
        var fixableRules = RuleCatalog.FixableIds().Where(id => id != "OBS0003").Order(StringComparer.Ordinal);
        Assert.Equal(fixableRules, Fixable.Select(f => f.Id).Distinct().Order(StringComparer.Ordinal));

        var consumer = package.CreateConsumer("format", FixableContract, FixableSource, FixableLibraries);
        var before = await consumer.BuildAsync(package);
        Assert.True(before.Succeeded, before.Describe());
        foreach (var expected in Fixable)
        {
            AssertReported(before, consumer, expected, "warning");
        }

        var format = await consumer.FormatAnalyzersAsync(package, "--severity", "warn");

        Assert.True(format.Succeeded, format.Describe());
        Assert.False(Regex.IsMatch(format.Output, "Unable to fix|Failed to apply"), "dotnet format skipped a rule. " + format.Describe());
        var after = await consumer.BuildAsync(package, "--no-incremental");
        Assert.True(after.Succeeded, after.Describe());
        Assert.False(Regex.IsMatch(after.Output, @"(warning|error) OBS\d{4}:"), "Findings are left after one dotnet format run. " + after.Describe());

        // OBS1003 declared the instrument with the labels of its record site except the forbidden one.
        var contract = ContractReader.Read(File.ReadAllText(consumer.PathOf(ConsumerProject.ContractFile)));
        Assert.Empty(contract.Problems);
        Assert.Equal(new[] { "reason" }, contract.Metrics.FindInstrument("shop.checkout.cancellations")!.Labels!.Value);
    }
}
