using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SignalContract.Analyzers.Tests.Verifiers;

/// <summary>The rules are only as good as the APIs the tests compile against: make sure every analysed library is really there.</summary>
public class TestReferencesTests
{
    public static TheoryData<string> Sets => new() { TestReferences.Net80.Name, TestReferences.Net100.Name };

    [Theory]
    [MemberData(nameof(Sets))]
    public void EveryAnalysedLibrary_Resolves(string name)
    {
        var names = SetNamed(name).References
            .Select(r => System.IO.Path.GetFileNameWithoutExtension(r.Display))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Contains("System.Runtime", names);
        Assert.Contains("System.Diagnostics.DiagnosticSource", names);
        Assert.Contains("Microsoft.Extensions.Logging.Abstractions", names);
        Assert.Contains("Microsoft.Extensions.Telemetry.Abstractions", names);
        Assert.Contains("OpenTelemetry.Api", names);
        Assert.Contains("Serilog", names);
        Assert.Contains("Prometheus.NetStandard", names);
        Assert.Contains("Microsoft.Extensions.Logging.Console", names);
        Assert.Contains("OpenTelemetry", names);
    }

    [Fact]
    public void AspNetCoreSet_HasTheSharedFrameworkAndTheLoggingLibraries()
    {
        var names = TestReferences.AspNetCore.References
            .Select(r => System.IO.Path.GetFileNameWithoutExtension(r.Display))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Contains("Microsoft.AspNetCore.Mvc.Core", names);
        Assert.Contains("Microsoft.AspNetCore.Routing", names);
        Assert.Contains("Microsoft.Extensions.Hosting.Abstractions", names);
        Assert.Contains("Microsoft.Extensions.Logging.Abstractions", names);
        Assert.Contains("Serilog", names);
        Assert.Contains("OpenTelemetry", names);
    }

    /// <summary>
    /// Each library compiles against the set without errors: a library built against a newer framework assembly than the
    /// set holds (OpenTelemetry.Api needs a newer DiagnosticSource than net8.0 ships) fails here with CS1705.
    /// </summary>
    [Theory]
    [MemberData(nameof(Sets))]
    public void EveryAnalysedLibrary_Compiles(string name)
    {
        const string source = """
            using System.Diagnostics;
            using System.Diagnostics.Metrics;
            using Microsoft.Extensions.Logging;
            using OpenTelemetry.Trace;

            static class UsesEveryLibrary
            {
                static readonly ActivitySource Source = new("shop.checkout");
                static readonly Counter<long> Orders = new Meter("shop.checkout").CreateCounter<long>("shop.checkout.orders");

                static void Run(ILogger logger, Tracer tracer, System.Exception ex)
                {
                    using var activity = Source.StartActivity("checkout.place_order");
                    activity?.SetStatus(Status.Error.WithDescription(ex.Message));
                    activity?.RecordException(ex);
                    using var span = tracer.StartActiveSpan("checkout.pay");
                    Orders.Add(1, new TagList { { "region", "eu" } });
                    logger.LogInformation("Order {OrderId} placed", 42);
                    Serilog.Log.Information("Order {OrderId} placed", 42);
                    Prometheus.Metrics.CreateCounter("shop_checkout_orders_total", "Orders").Inc();
                    _ = typeof(Microsoft.Extensions.Diagnostics.Metrics.CounterAttribute);
                }
            }
            """;
        var compilation = CSharpCompilation.Create(
            "UsesEveryLibrary",
            [CSharpSyntaxTree.ParseText(source)],
            SetNamed(name).References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.Empty(errors);
    }

    private static ReferenceSet SetNamed(string name) => name == TestReferences.Net80.Name ? TestReferences.Net80 : TestReferences.Net100;
}
