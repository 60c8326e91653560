using System.Threading.Tasks;
using SignalContract.Analyzers.Tests.Verifiers;
using SignalContract.CodeFixes.Traces;

namespace SignalContract.Analyzers.Tests.Traces;

/// <summary>
/// Fix All of each tracing rule as <c>dotnet format analyzers</c> asks for it: with the key of another rule the same
/// analyzer reports (or of another fixer), an empty key, or none. Each finding of the rule still gets its fix.
/// </summary>
public class TracesFixAllWithAnyKeyTests
{
    private const string Contract = """{ "version": 1, "traces": { "sources": ["shop.checkout"] } }""";

    [Theory]
    [InlineData(SpanErrorNotRecordedCodeFix.RecordErrorKey)]
    [InlineData("")]
    [InlineData(null)]
    public async Task SpansNotEnded_FixAllWithAnyKey(string? key)
    {
        const string source = """
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Place()
                {
                    Source.StartActivity("checkout.validate");
                    Source.StartActivity("checkout.place_order");
                }
            }
            """;
        const string expected = """
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Place()
                {
                    using var activity = Source.StartActivity("checkout.validate");
                    using var activity2 = Source.StartActivity("checkout.place_order");
                }
            }
            """;

        var fixedFiles = await DotnetFormatFixAllRunner.FixAllAsync("OBS3001", key, source, Contract);

        Assert.Equal(expected, fixedFiles.Source);
    }

    [Theory]
    [InlineData(SpanEndsBeforeCatchCodeFix.RecordInsideSpanKey)]
    [InlineData(SpanErrorNotRecordedCodeFix.RecordErrorKey)]
    [InlineData("")]
    [InlineData(null)]
    public async Task SpansEndingBeforeTheCatch_FixAllWithAnyKey(string? key)
    {
        const string source = """
            using System;
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                bool Place()
                {
                    try
                    {
                        using var activity = Source.StartActivity("checkout.place_order");
                        Work();
                        return true;
                    }
                    catch (InvalidOperationException ex)
                    {
                        Console.WriteLine(ex.Message);
                        return false;
                    }
                }

                void Cancel()
                {
                    try
                    {
                        Work();
                        using var span = Source.StartActivity("checkout.cancel");
                        Work();
                    }
                    catch
                    {
                    }
                }

                void Work() { }
            }
            """;
        const string expected = """
            using System;
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                bool Place()
                {
                    try
                    {
                        using var activity = Source.StartActivity("checkout.place_order");
                        try
                        {
                            Work();
                            return true;
                        }
                        catch (Exception ex)
                        {
                            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                            activity?.SetTag("error.type", ex.GetType().FullName);
                            throw;
                        }
                    }
                    catch (InvalidOperationException ex)
                    {
                        Console.WriteLine(ex.Message);
                        return false;
                    }
                }

                void Cancel()
                {
                    try
                    {
                        Work();
                        using var span = Source.StartActivity("checkout.cancel");
                        try
                        {
                            Work();
                        }
                        catch (Exception ex)
                        {
                            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
                            span?.SetTag("error.type", ex.GetType().FullName);
                            throw;
                        }
                    }
                    catch
                    {
                    }
                }

                void Work() { }
            }
            """;

        var fixedFiles = await DotnetFormatFixAllRunner.FixAllAsync("OBS3009", key, source, Contract);

        Assert.Equal(expected, fixedFiles.Source);
    }

    [Theory]
    [InlineData(SpanLifetimeCodeFix.EquivalenceKey)]
    [InlineData("")]
    [InlineData(null)]
    public async Task ConsumersWithoutTheIncomingContext_FixAllWithAnyKey(string? key)
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;

            class QueueWorker
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Consume(IDictionary<string, string> headers)
                {
                    using var activity = Source.StartActivity("checkout.consume", ActivityKind.Consumer);
                }

                void Redeliver(IReadOnlyDictionary<string, string> headers)
                {
                    using var activity = Source.StartActivity("checkout.redeliver", ActivityKind.Consumer);
                }
            }
            """;
        const string expected = """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics;
            using OpenTelemetry.Context.Propagation;

            class QueueWorker
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Consume(IDictionary<string, string> headers)
                {
                    var parentContext = Propagators.DefaultTextMapPropagator.Extract(default, headers, (carrier, key) => carrier.TryGetValue(key, out var value) ? new[] { value } : Array.Empty<string>());
                    using var activity = Source.StartActivity("checkout.consume", ActivityKind.Consumer, parentContext.ActivityContext);
                }

                void Redeliver(IReadOnlyDictionary<string, string> headers)
                {
                    var parentContext = Propagators.DefaultTextMapPropagator.Extract(default, headers, (carrier, key) => carrier.TryGetValue(key, out var value) ? new[] { value } : Array.Empty<string>());
                    using var activity = Source.StartActivity("checkout.redeliver", ActivityKind.Consumer, parentContext.ActivityContext);
                }
            }
            """;

        var fixedFiles = await DotnetFormatFixAllRunner.FixAllAsync("OBS3007", key, source, Contract);

        Assert.Equal(expected, fixedFiles.Source);
    }

    [Theory]
    [InlineData(ForeignSpanEndCodeFix.EndOwnSpanKey)]
    [InlineData(SpanLifetimeCodeFix.EquivalenceKey)]
    [InlineData("")]
    [InlineData(null)]
    public async Task CurrentSpansEnded_FixAllWithAnyKey(string? key)
    {
        const string source = """
            using System.Diagnostics;

            class Orders
            {
                void Complete()
                {
                    Work();
                    Activity.Current?.Stop();
                }

                void Abandon()
                {
                    Activity.Current?.Dispose();
                    Work();
                }

                void Work() { }
            }
            """;
        const string expected = """
            using System.Diagnostics;

            class Orders
            {
                void Complete()
                {
                    Work();
                }

                void Abandon()
                {
                    Work();
                }

                void Work() { }
            }
            """;

        var fixedFiles = await DotnetFormatFixAllRunner.FixAllAsync("OBS3008", key, source, Contract);

        Assert.Equal(expected, fixedFiles.Source);
    }

    [Theory]
    [InlineData(SpanLifetimeCodeFix.EquivalenceKey)]
    [InlineData("")]
    [InlineData(null)]
    public async Task CatchesNotRecordingErrors_FixAllWithAnyKey(string? key)
    {
        const string source = """
            using System;
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Place()
                {
                    using var activity = Source.StartActivity("checkout.place_order");
                    try
                    {
                        Work();
                    }
                    catch (InvalidOperationException ex)
                    {
                        Console.WriteLine(ex.Message);
                    }
                }

                void Cancel()
                {
                    using var span = Source.StartActivity("checkout.cancel");
                    try
                    {
                        Work();
                    }
                    catch (TimeoutException)
                    {
                        throw;
                    }
                }

                void Work() { }
            }
            """;
        const string expected = """
            using System;
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");

                void Place()
                {
                    using var activity = Source.StartActivity("checkout.place_order");
                    try
                    {
                        Work();
                    }
                    catch (InvalidOperationException ex)
                    {
                        activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                        activity?.SetTag("error.type", ex.GetType().FullName);
                        Console.WriteLine(ex.Message);
                    }
                }

                void Cancel()
                {
                    using var span = Source.StartActivity("checkout.cancel");
                    try
                    {
                        Work();
                    }
                    catch (TimeoutException ex)
                    {
                        span?.SetStatus(ActivityStatusCode.Error, ex.Message);
                        span?.SetTag("error.type", ex.GetType().FullName);
                        throw;
                    }
                }

                void Work() { }
            }
            """;

        var fixedFiles = await DotnetFormatFixAllRunner.FixAllAsync("OBS3002", key, source, Contract);

        Assert.Equal(expected, fixedFiles.Source);
    }

    [Theory]
    [InlineData(SourceOutsideApprovedCodeFix.PrefixWithSourceKey + "shop.checkout")]
    [InlineData("")]
    [InlineData(null)]
    public async Task SpanNamesNotConstant_FixAllWithAnyKey(string? key)
    {
        const string source = """
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");
                static readonly ActivitySource Payments = new("payments");

                void Place(string step, long orderId)
                {
                    using var activity = Source.StartActivity($"checkout.{step}");
                    using var refund = Source.StartActivity("checkout.refund " + orderId);
                }
            }
            """;
        const string expected = """
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Source = new("shop.checkout");
                static readonly ActivitySource Payments = new("payments");

                void Place(string step, long orderId)
                {
                    using var activity = Source.StartActivity("checkout");
                    activity?.SetTag("step", step);
                    using var refund = Source.StartActivity("checkout.refund");
                    refund?.SetTag("order_id", orderId);
                }
            }
            """;

        var fixedFiles = await DotnetFormatFixAllRunner.FixAllAsync("OBS3003", key, source, Contract);

        Assert.Equal(expected, fixedFiles.Source);
    }

    [Theory]
    [InlineData(SpanNameNotConstantCodeFix.UseConstantNameKey)]
    [InlineData("")]
    [InlineData(null)]
    public async Task SourcesOutsideApproved_FixAllWithAnyKey(string? key)
    {
        const string source = """
            using System.Diagnostics;

            class Orders
            {
                static readonly ActivitySource Payments = new("payments");
                static readonly ActivitySource Refunds = new("refunds");

                void Place(string step)
                {
                    using var activity = Payments.StartActivity($"checkout.{step}");
                }
            }
            """;

        var fixedFiles = await DotnetFormatFixAllRunner.FixAllAsync("OBS3004", key, source, Contract);

        Assert.Equal(source.Replace("\"payments\"", "\"shop.checkout.payments\"").Replace("\"refunds\"", "\"shop.checkout.refunds\""), fixedFiles.Source);
    }
}
