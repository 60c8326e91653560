using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace SignalContract.Bench.Hosting;

/// <summary>Paths that MSBuild knew when the harness was built: the repository and the restored packages it loads by path.</summary>
internal static class BuildPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string NetAnalyzersPackage => Metadata("NetAnalyzersPath");

    public static string LoggingAbstractionsPackage => Metadata("LoggingAbstractionsPath");

    public static string TelemetryAbstractionsPackage => Metadata("TelemetryAbstractionsPath");

    private static string Metadata(string key) =>
        typeof(BuildPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value ?? string.Empty;

    private static string FindRepositoryRoot()
    {
        string built = Metadata("RepositoryRoot");
        if (built.Length > 0 && File.Exists(Path.Combine(built, "Analyzers.sln")))
        {
            return built;
        }

        // A copied build: look upwards from the working directory instead.
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analyzers.sln")))
            {
                return dir.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }
}
