using System.Linq;
using System.Reflection;

namespace SignalContract.Tool.Tests.Infrastructure;

/// <summary>Where the repository's files are: samples, docs, README, schema.</summary>
internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot")
        .Value!;
}
