using System.Threading.Tasks;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Tests.Verifiers;
using SignalContract.CodeFixes.Contract;

namespace SignalContract.Analyzers.Tests.Contract;

public class UnknownContractKeyCodeFixTests
{
    [Fact]
    public async Task MisspeltKey_Fixes()
    {
        await AssertFixedAsync(
            """
            {
              "version": 1,
              "logs": {
                "requiredFeilds": ["request_id"],
                "minimumLevel": "Warning"
              }
            }
            """,
            """
            {
              "version": 1,
              "logs": {
                "requiredFields": ["request_id"],
                "minimumLevel": "Warning"
              }
            }
            """);
    }

    [Fact]
    public async Task SeveralMisspeltKeys_FixEach()
    {
        await AssertFixedAsync(
            """{ "version": 1, "metrics": { "NameStyle": "otel", "require_declared": true }, "traces": { "sorces": ["shop"] } }""",
            """{ "version": 1, "metrics": { "nameStyle": "otel", "requireDeclared": true }, "traces": { "sources": ["shop"] } }""");
    }

    [Fact]
    public async Task MisspeltKey_OffersOneRename()
    {
        var offered = await AdditionalFileCodeFixRunner.OfferedFixesAsync(
            new ContractDiagnosticsAnalyzer(),
            new UnknownContractKeyCodeFix(),
            """{ "version": 1, "pii": { "alow": [] } }""");

        Assert.Equal(new[] { "Rename to \"allow\"" }, Assert.Single(offered));
    }

    [Fact]
    public async Task KeyWithNoLikelyMeaning_DoesNotFix()
    {
        var offered = await AdditionalFileCodeFixRunner.OfferedFixesAsync(
            new ContractDiagnosticsAnalyzer(),
            new UnknownContractKeyCodeFix(),
            """{ "version": 1, "owner": "platform-team" }""");

        Assert.Empty(Assert.Single(offered));
    }

    [Fact]
    public async Task SuggestedKeyAlreadyPresent_DoesNotFix()
    {
        var offered = await AdditionalFileCodeFixRunner.OfferedFixesAsync(
            new ContractDiagnosticsAnalyzer(),
            new UnknownContractKeyCodeFix(),
            """{ "version": 1, "logs": { "requiredFields": [], "requiredFeilds": [] } }""");

        Assert.Empty(Assert.Single(offered));
    }

    private static async Task AssertFixedAsync(string contract, string expected)
    {
        string fixedContract = await AdditionalFileCodeFixRunner.FixEachAsync(
            new ContractDiagnosticsAnalyzer(),
            new UnknownContractKeyCodeFix(),
            contract,
            UnknownContractKeyCodeFix.EquivalenceKey);

        Assert.Equal(expected, fixedContract);
        Assert.Empty(ContractReader.Read(fixedContract).Problems);
    }
}
