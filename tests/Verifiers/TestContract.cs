using Microsoft.CodeAnalysis.Testing;

namespace SignalContract.Analyzers.Tests.Verifiers;

/// <summary>How tests hand a contract to the analyzers: as the AdditionalFile the package would add.</summary>
internal static class TestContract
{
    public const string Path = "/0/contract.json";

    public static void AddTo(SolutionState state, string? contract)
    {
        if (contract is not null)
        {
            state.AdditionalFiles.Add((Path, contract));
        }
    }
}
