using System.IO;
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
    public async Task DeclaredLabelThatIsForbidden_Triggers()
    {
        const string contract = """
            {
              "version": 1,
              "metrics": {
                "forbiddenLabels": ["user_id"],
                "instruments": [
                  { "name": "shop.checkout.orders", "labels": ["region", {|#0:"user_id"|}] },
                  { "name": "shop.checkout.refunds", "labels": [{|#1:"userId"|}] }
                ]
              }
            }
            """;
        await Verify.VerifyAsync(
            Source,
            contract,
            Verify.Diagnostic(Descriptors.ContractContradiction).WithLocation(0)
                .WithArguments("Instrument \"shop.checkout.orders\" declares label \"user_id\", which metrics.forbiddenLabels forbids; no record site can satisfy both."),
            Verify.Diagnostic(Descriptors.ContractContradiction).WithLocation(1)
                .WithArguments("Instrument \"shop.checkout.refunds\" declares label \"userId\", which metrics.forbiddenLabels forbids (as \"user_id\"); no record site can satisfy both."));
    }

    [Fact]
    public async Task InstrumentOutsideEveryNamespace_Triggers()
    {
        const string contract = """
            {
              "version": 1,
              "metrics": {
                "namespaces": ["shop.checkout", "shop.payments"],
                "instruments": [ { "name": "shop.checkout.orders" }, { "name": {|#0:"inventory.items"|}, "kind": "gauge" } ]
              }
            }
            """;
        await Verify.VerifyAsync(
            Source,
            contract,
            Verify.Diagnostic(Descriptors.ContractContradiction).WithLocation(0)
                .WithArguments("Instrument \"inventory.items\" is outside every namespace in metrics.namespaces (shop.checkout, shop.payments); rename it into one, or add its namespace."));
    }

    [Fact]
    public async Task RenamedNameStillDeclared_Triggers()
    {
        const string contract = """
            {
              "version": 1,
              "metrics": {
                "instruments": [
                  { "name": "shop.checkout.orders", "renamedFrom": ["orders_total", {|#0:"checkout_orders_total"|}] },
                  { "name": "checkout_orders_total", "kind": "counter" }
                ]
              }
            }
            """;
        await Verify.VerifyAsync(
            Source,
            contract,
            Verify.Diagnostic(Descriptors.ContractContradiction).WithLocation(0)
                .WithArguments("Instrument \"shop.checkout.orders\" was renamed from \"checkout_orders_total\", which is still declared as an instrument; code that uses the old name is never told to rename it."));
    }

    [Fact]
    public async Task ConsistentContract_DoesNotTrigger()
    {
        const string contract = """
            {
              "version": 1,
              "metrics": {
                "namespaces": ["shop.checkout"],
                "forbiddenLabels": ["user_id"],
                "instruments": [
                  { "name": "shop.checkout.orders", "labels": ["region", "user_id_hash"], "renamedFrom": ["checkout_orders_total"] },
                  { "name": "shop.checkout" }
                ]
              }
            }
            """;
        await Verify.VerifyAsync(Source, contract);
        await Verify.VerifyAsync(Source, File.ReadAllText(Path.Combine(Meta.Repository.Root, ContractSource.FileName)));
    }

    [Fact]
    public async Task ContradictionInInvalidContract_OnlyTheInvalidValueTriggers()
    {
        const string contract = """
            {
              "version": 1,
              "metrics": {
                "requireDeclared": {|#0:"yes"|},
                "forbiddenLabels": ["user_id"],
                "instruments": [ { "name": "shop.checkout.orders", "labels": ["user_id"] } ]
              }
            }
            """;
        await Verify.VerifyAsync(
            Source,
            contract,
            Verify.Diagnostic(Descriptors.InvalidContract).WithLocation(0)
                .WithArguments("\"metrics.requireDeclared\" must be true or false, but is the string \"yes\"."));
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
