using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Tests.Verifiers;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Logs.LogScopeExportAnalyzer>;

namespace SignalContract.Analyzers.Tests.Logs;

/// <summary>OBS2005: an exporter that drops scopes while the contract requires fields.</summary>
public class ScopeExportTests
{
    [Theory]
    [InlineData("logging.{|#0:AddOpenTelemetry|}();", "The OpenTelemetry logger (AddOpenTelemetry)")]
    [InlineData("logging.{|#0:AddOpenTelemetry|}(options => options.IncludeFormattedMessage = true);", "The OpenTelemetry logger (AddOpenTelemetry)")]
    [InlineData("logging.{|#0:AddOpenTelemetry|}(options => { options.IncludeScopes = false; });", "The OpenTelemetry logger (AddOpenTelemetry)")]
    [InlineData("logging.{|#0:AddJsonConsole|}();", "The JSON console formatter (AddJsonConsole)")]
    [InlineData("logging.{|#0:AddJsonConsole|}(options => options.TimestampFormat = \"O\");", "The JSON console formatter (AddJsonConsole)")]
    public Task ExporterWithoutScopes_Triggers(string statement, string what) =>
        VerifyAsync(Startup(statement), Verify.Diagnostic(Descriptors.LogScopesNotExported).WithLocation(0).WithArguments(what));

    [Theory]
    [InlineData("logging.AddOpenTelemetry(options => options.IncludeScopes = true);")]
    [InlineData("logging.AddOpenTelemetry(options => { options.IncludeFormattedMessage = true; options.IncludeScopes = true; });")]
    [InlineData("logging.AddOpenTelemetry(); services.Configure<OpenTelemetryLoggerOptions>(options => options.IncludeScopes = true);")]
    [InlineData("logging.AddJsonConsole(options => options.IncludeScopes = true);")]
    [InlineData("logging.AddSimpleConsole();")]
    [InlineData("logging.AddConsole();")]
    public Task ExporterKeepingScopes_DoesNotTrigger(string statement) => VerifyAsync(Startup(statement));

    [Fact]
    public Task ScopesSetInAppSettings_DoNotTrigger()
    {
        var test = new Verify.Test { TestCode = Startup("logging.AddOpenTelemetry(); logging.AddJsonConsole();") };
        TestContract.AddTo(test.TestState, LogsTestContract.RequestIdOnly);
        test.TestState.AdditionalFiles.Add(("/0/appsettings.json", """{ "Logging": { "OpenTelemetry": { "IncludeScopes": true }, "Console": { "FormatterOptions": { "IncludeScopes": true } } } }"""));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task EveryRequiredFieldFromThePipeline_DoesNotTrigger()
    {
        var test = new Verify.Test { TestCode = Startup("logging.AddOpenTelemetry();") };
        TestContract.AddTo(test.TestState, LogsTestContract.RequestIdOnly);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nsignal_contract.logs.supplied_fields = request_id\n"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task NoRequiredFields_DoesNotTrigger()
    {
        var test = new Verify.Test { TestCode = Startup("logging.AddOpenTelemetry();") };
        TestContract.AddTo(test.TestState, """{ "version": 1, "logs": { "fields": ["order_id"] } }""");
        return test.RunAsync(CancellationToken.None);
    }

    internal static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source };
        TestContract.AddTo(test.TestState, LogsTestContract.RequestIdOnly);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    internal static string Startup(string statement) => $$"""
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Logging;
        using OpenTelemetry.Logs;

        public static class Startup
        {
            public static void ConfigureLogging(ILoggingBuilder logging, IServiceCollection services)
            {
                {{statement}}
            }
        }
        """;
}
