using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Tests.Verifiers;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Contract.ContractDiagnosticsAnalyzer>;

namespace SignalContract.Analyzers.Tests.Contract;

public class ContractDiagnosticsAnalyzerTests
{
    private const string Source = "class Service { }";

    [Fact]
    public async Task MissingContract_Triggers()
    {
        await Verify.VerifyAsync(
            Source,
            contract: null,
            Verify.Diagnostic(Descriptors.NoContractFound).WithArguments(" (add a contract.json to the project or a parent folder)"));
    }

    [Fact]
    public async Task ConfiguredPathNotAmongAdditionalFiles_Triggers()
    {
        var test = new Verify.Test { TestCode = Source };
        TestContract.AddTo(test.TestState, """{ "version": 1 }""");
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.SignalContractPath = /elsewhere/contract.json\n"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(Descriptors.NoContractFound)
            .WithArguments(" at '/elsewhere/contract.json' (SignalContractPath names a file that is not among the AdditionalFiles)"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ValidContract_DoesNotTrigger()
    {
        await Verify.VerifyAsync(Source, """{ "version": 1, "metrics": { "namespaces": ["shop"] } }""");
    }

    [Fact]
    public async Task ContractNamedByProperty_DoesNotTrigger()
    {
        var test = new Verify.Test { TestCode = Source };
        test.TestState.AdditionalFiles.Add(("/repo/signals/shop-contract.json", """{ "version": 1 }"""));
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.SignalContractPath = /repo/signals/shop-contract.json\n"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task OtherJsonFiles_DoNotTrigger()
    {
        var test = new Verify.Test { TestCode = Source };
        TestContract.AddTo(test.TestState, """{ "version": 1 }""");
        test.TestState.AdditionalFiles.Add(("/0/appsettings.json", """{ "not": "a contract" """));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task InvalidValues_TriggerAtEachValue()
    {
        const string contract = """
            {
              "version": 1,
              "metrics": { "requireDeclared": {|#0:"yes"|}, "nameStyle": {|#1:"camel"|} }
            }
            """;
        await Verify.VerifyAsync(
            Source,
            contract,
            Verify.Diagnostic(Descriptors.InvalidContract).WithLocation(0)
                .WithArguments("\"metrics.requireDeclared\" must be true or false, but is the string \"yes\"."),
            Verify.Diagnostic(Descriptors.InvalidContract).WithLocation(1)
                .WithArguments("\"metrics.nameStyle\" must be one of \"otel\", \"prometheus\", but is the string \"camel\"."));
    }

    [Fact]
    public async Task SyntaxError_TriggersAtItsPosition()
    {
        const string contract = """
            {
              "version": 1,
              "metrics": { "namespaces": ["shop"{|#0:}|} }
            }
            """;
        await Verify.VerifyAsync(
            Source,
            contract,
            Verify.Diagnostic(Descriptors.InvalidContract).WithLocation(0)
                .WithArguments("JSON syntax error: Expected ',' or ']' after an array item."));
    }

    [Fact]
    public async Task UnknownKey_Triggers()
    {
        const string contract = """
            { "version": 1, "logs": { {|#0:"requiredFeilds"|}: ["request_id"] } }
            """;
        await Verify.VerifyAsync(
            Source,
            contract,
            Verify.Diagnostic(Descriptors.UnknownContractKey).WithLocation(0)
                .WithArguments("Unknown key \"requiredFeilds\" in \"logs\"; did you mean \"requiredFields\"?"));
    }

    [Fact]
    public async Task CommentKeys_DoNotTrigger()
    {
        await Verify.VerifyAsync(Source, """{ "$schema": "./contract.schema.json", "version": 1, "$comment": "owned by the platform team", "pii": { "$comment": "reviewed" } }""");
    }

    [Fact]
    public void SameContent_IsParsedOnce()
    {
        var first = ContractSource.Parse(Microsoft.CodeAnalysis.Text.SourceText.From("""{ "version": 1, "service": "cache-check" }"""));
        var second = ContractSource.Parse(Microsoft.CodeAnalysis.Text.SourceText.From("""{ "version": 1, "service": "cache-check" }"""));
        var other = ContractSource.Parse(Microsoft.CodeAnalysis.Text.SourceText.From("""{ "version": 1, "service": "cache-check-2" }"""));

        Assert.Same(first, second);
        Assert.NotSame(first, other);
    }
}
