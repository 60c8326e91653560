using System.Linq;
using System.Reflection;

namespace SignalContract.Analyzers.Tests.Meta;

/// <summary>Where the repository's files are, for tests that check docs, README and schema against the code.</summary>
internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot")
        .Value!;
}
