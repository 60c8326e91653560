using System.Reflection;
using Microsoft.CodeAnalysis;

namespace SignalContract.Bench.Hosting;

/// <summary>Loads analyzer and generator assemblies from package folders into the harness's own load context.</summary>
internal sealed class PathAnalyzerLoader : IAnalyzerAssemblyLoader
{
    public static PathAnalyzerLoader Instance { get; } = new();

    public void AddDependencyLocation(string fullPath)
    {
    }

    public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
}
