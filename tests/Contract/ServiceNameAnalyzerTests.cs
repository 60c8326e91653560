using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Tests.Verifiers;
using SignalContract.CodeFixes.Contract;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SignalContract.Analyzers.Contract.ServiceNameAnalyzer,
    SignalContract.CodeFixes.Contract.ServiceNameCodeFix>;

namespace SignalContract.Analyzers.Tests.Contract;

public class ServiceNameAnalyzerTests
{
    private const string Contract = """{ "version": 1, "service": "checkout" }""";

    private static DiagnosticResult Expected(int location, string name) =>
        Verify.Diagnostic(Descriptors.ServiceNameMismatch).WithLocation(location).WithArguments(name, "checkout");

    private static Task VerifyFixAsync(string source, string fixedSource, params DiagnosticResult[] expected) =>
        Verify.VerifyCodeFixAsync(source, fixedSource, Contract, ServiceNameCodeFix.UseContractServiceKey, expected);

    [Fact]
    public async Task ResourceBuilderAddService_Triggers()
    {
        await VerifyFixAsync(
            """
            using OpenTelemetry.Resources;

            static class Telemetry
            {
                public static ResourceBuilder Resource() => ResourceBuilder.CreateDefault().AddService({|#0:"checkout-svc"|}, serviceVersion: "1.4.0");
            }
            """,
            """
            using OpenTelemetry.Resources;

            static class Telemetry
            {
                public static ResourceBuilder Resource() => ResourceBuilder.CreateDefault().AddService("checkout", serviceVersion: "1.4.0");
            }
            """,
            Expected(0, "checkout-svc"));
    }

    [Fact]
    public async Task ConfigureResourceOnTheHostBuilder_Triggers()
    {
        await VerifyFixAsync(
            """
            using Microsoft.Extensions.DependencyInjection;
            using OpenTelemetry.Resources;
            using OpenTelemetry.Trace;

            static class Startup
            {
                public static void Configure(IServiceCollection services) =>
                    services.AddOpenTelemetry()
                        .ConfigureResource(resource => resource.AddService(serviceName: {|#0:"Checkout"|}, serviceNamespace: "shop"))
                        .WithTracing(tracing => tracing.AddSource("shop.checkout"));
            }
            """,
            """
            using Microsoft.Extensions.DependencyInjection;
            using OpenTelemetry.Resources;
            using OpenTelemetry.Trace;

            static class Startup
            {
                public static void Configure(IServiceCollection services) =>
                    services.AddOpenTelemetry()
                        .ConfigureResource(resource => resource.AddService(serviceName: "checkout", serviceNamespace: "shop"))
                        .WithTracing(tracing => tracing.AddSource("shop.checkout"));
            }
            """,
            Expected(0, "Checkout"));
    }

    [Fact]
    public async Task TracerProviderBuilderConfigureResourceWithConstant_Triggers()
    {
        // The constant may name other things too (a source here): the fix changes this use only.
        await VerifyFixAsync(
            """
            using OpenTelemetry;
            using OpenTelemetry.Resources;
            using OpenTelemetry.Trace;

            static class Tracing
            {
                private const string ServiceName = "checkout-api";

                public static TracerProvider Build() =>
                    Sdk.CreateTracerProviderBuilder()
                        .AddSource(ServiceName)
                        .ConfigureResource(r => r.AddService({|#0:ServiceName|}))
                        .Build();
            }
            """,
            """
            using OpenTelemetry;
            using OpenTelemetry.Resources;
            using OpenTelemetry.Trace;

            static class Tracing
            {
                private const string ServiceName = "checkout-api";

                public static TracerProvider Build() =>
                    Sdk.CreateTracerProviderBuilder()
                        .AddSource(ServiceName)
                        .ConfigureResource(r => r.AddService("checkout"))
                        .Build();
            }
            """,
            Expected(0, "checkout-api"));
    }

    [Fact]
    public async Task ServiceNameAttributes_Trigger()
    {
        await VerifyFixAsync(
            """
            using System.Collections.Generic;
            using OpenTelemetry.Resources;

            static class Telemetry
            {
                public static ResourceBuilder ByIndexer(ResourceBuilder builder) =>
                    builder.AddAttributes(new Dictionary<string, object> { ["service.name"] = {|#0:"checkout-svc"|}, ["team"] = "payments" });

                public static ResourceBuilder ByPair(ResourceBuilder builder) =>
                    builder.AddAttributes(new[] { new KeyValuePair<string, object>("service.name", {|#1:"checkout-worker"|}) });

                public static Resource ByResource() =>
                    new Resource(new Dictionary<string, object> { { "service.name", {|#2:"checkout-svc"|} } });
            }
            """,
            """
            using System.Collections.Generic;
            using OpenTelemetry.Resources;

            static class Telemetry
            {
                public static ResourceBuilder ByIndexer(ResourceBuilder builder) =>
                    builder.AddAttributes(new Dictionary<string, object> { ["service.name"] = "checkout", ["team"] = "payments" });

                public static ResourceBuilder ByPair(ResourceBuilder builder) =>
                    builder.AddAttributes(new[] { new KeyValuePair<string, object>("service.name", "checkout") });

                public static Resource ByResource() =>
                    new Resource(new Dictionary<string, object> { { "service.name", "checkout" } });
            }
            """,
            Expected(0, "checkout-svc"),
            Expected(1, "checkout-worker"),
            Expected(2, "checkout-svc"));
    }

    [Fact]
    public async Task EnvironmentVariablesSetInCode_Trigger()
    {
        await VerifyFixAsync(
            """
            using System;
            using OpenTelemetry.Resources;

            static class Program
            {
                static void Main()
                {
                    Environment.SetEnvironmentVariable("OTEL_SERVICE_NAME", {|#0:"checkout-svc"|});
                    Environment.SetEnvironmentVariable("OTEL_RESOURCE_ATTRIBUTES", {|#1:"deployment.environment=prod, service.name = checkout-svc ,team=payments"|});
                    var builder = ResourceBuilder.CreateDefault();
                }
            }
            """,
            """
            using System;
            using OpenTelemetry.Resources;

            static class Program
            {
                static void Main()
                {
                    Environment.SetEnvironmentVariable("OTEL_SERVICE_NAME", "checkout");
                    Environment.SetEnvironmentVariable("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=prod, service.name = checkout ,team=payments");
                    var builder = ResourceBuilder.CreateDefault();
                }
            }
            """,
            Expected(0, "checkout-svc"),
            Expected(1, "checkout-svc"));
    }

    [Fact]
    public async Task NameFromConfigurationOrEnvironment_DoesNotTrigger()
    {
        await Verify.VerifyAnalyzerAsync(
            """
            using System;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;
            using OpenTelemetry.Resources;

            static class Startup
            {
                public static void Configure(IServiceCollection services, IConfiguration configuration) =>
                    services.AddOpenTelemetry().ConfigureResource(resource => resource
                        .AddService(configuration["Telemetry:ServiceName"] ?? "checkout-svc")
                        .AddService(Environment.GetEnvironmentVariable("SERVICE") ?? "checkout-svc")
                        .AddService(typeof(Startup).Assembly.GetName().Name!)
                        .AddEnvironmentVariableDetector());
            }
            """,
            Contract);
    }

    [Fact]
    public async Task SameNameAsTheContract_DoesNotTrigger()
    {
        await Verify.VerifyAnalyzerAsync(
            """
            using System;
            using System.Collections.Generic;
            using OpenTelemetry.Resources;

            static class Telemetry
            {
                private const string ServiceName = "checkout";

                public static ResourceBuilder Resource()
                {
                    Environment.SetEnvironmentVariable("OTEL_SERVICE_NAME", "checkout");
                    Environment.SetEnvironmentVariable("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=prod");
                    Environment.SetEnvironmentVariable("APP_NAME", "checkout-svc");
                    return ResourceBuilder.CreateDefault()
                        .AddService(ServiceName, serviceNamespace: "shop", serviceInstanceId: "checkout-1")
                        .AddAttributes(new Dictionary<string, object> { ["service.name"] = "checkout", ["service.owner"] = "checkout-svc" });
                }
            }
            """,
            Contract);
    }

    [Fact]
    public async Task OtherApisWithTheSameNames_DoNotTrigger()
    {
        // A span attribute is not the resource, and a project's own AddService is not OpenTelemetry's.
        await Verify.VerifyAnalyzerAsync(
            """
            using System.Diagnostics;
            using OpenTelemetry.Resources;

            class Registry
            {
                public Registry AddService(string serviceName) => this;
            }

            static class Telemetry
            {
                public static void Tag(Activity activity, Registry registry)
                {
                    activity.SetTag("service.name", "checkout-svc");
                    registry.AddService("checkout-svc");
                    ResourceBuilder.CreateEmpty();
                }
            }
            """,
            Contract);
    }

    [Fact]
    public async Task ContractWithoutService_DoesNotTrigger()
    {
        await Verify.VerifyAnalyzerAsync(
            """
            using OpenTelemetry.Resources;

            static class Telemetry
            {
                public static ResourceBuilder Resource() => ResourceBuilder.CreateDefault().AddService("checkout-svc");
            }
            """,
            """{ "version": 1, "traces": { "sources": ["shop"] } }""");
    }

    [Fact]
    public async Task NoContract_DoesNotTrigger()
    {
        await Verify.VerifyAnalyzerAsync(
            """
            using OpenTelemetry.Resources;

            static class Telemetry
            {
                public static ResourceBuilder Resource() => ResourceBuilder.CreateDefault().AddService("checkout-svc");
            }
            """,
            contract: null);
    }

    [Fact]
    public async Task TestProject_DoesNotTrigger()
    {
        // xUnit's own assembly, as a test project references it: fixtures name fake services on purpose.
        var test = new Verify.Test
        {
            TestCode = """
                using OpenTelemetry.Resources;

                public class TracingFixture
                {
                    [Xunit.Fact]
                    public void Builds() => ResourceBuilder.CreateDefault().AddService("checkout-under-test");
                }
                """,
        };
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location));
        TestContract.AddTo(test.TestState, Contract);
        await test.RunAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData(UnknownContractKeyCodeFix.EquivalenceKey)]
    [InlineData("")]
    [InlineData(null)]
    public async Task ServiceNamesInTwoPlaces_FixAllWithAnyKey(string? key)
    {
        const string source = """
            using System;
            using OpenTelemetry.Resources;

            static class Telemetry
            {
                public static ResourceBuilder Resource() => ResourceBuilder.CreateDefault().AddService("checkout-svc");

                public static void Environment() => System.Environment.SetEnvironmentVariable("OTEL_SERVICE_NAME", "Checkout");
            }
            """;
        const string expected = """
            using System;
            using OpenTelemetry.Resources;

            static class Telemetry
            {
                public static ResourceBuilder Resource() => ResourceBuilder.CreateDefault().AddService("checkout");

                public static void Environment() => System.Environment.SetEnvironmentVariable("OTEL_SERVICE_NAME", "checkout");
            }
            """;

        var fixedFiles = await DotnetFormatFixAllRunner.FixAllAsync("OBS0004", key, source, Contract);

        Assert.Equal(expected, fixedFiles.Source);
    }
}
