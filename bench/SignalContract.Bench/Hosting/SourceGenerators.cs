using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SignalContract.Bench.Hosting;

/// <summary>
/// The source generators a real build of the corpus runs: [LoggerMessage] from Microsoft.Extensions.Logging.Abstractions
/// and [Counter]/[Histogram] from Microsoft.Extensions.Telemetry.Abstractions. Loaded once from the restored packages.
/// </summary>
internal static class SourceGenerators
{
    private static ImmutableArray<ISourceGenerator>? _all;

    public static ImmutableArray<ISourceGenerator> All => _all ??= Load();

    /// <summary>True when the metrics generator loaded, so the corpus may use [Counter] and [Histogram].</summary>
    public static bool HasMetricsGenerator
    {
        get
        {
            foreach (var generator in All)
            {
                if (generator.GetGeneratorType().Assembly.GetName().Name == "Microsoft.Gen.Metrics")
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static ImmutableArray<ISourceGenerator> Load()
    {
        var builder = ImmutableArray.CreateBuilder<ISourceGenerator>();
        var candidates = new List<string>
        {
            Path.Combine(BuildPaths.LoggingAbstractionsPackage, "analyzers", "dotnet", "roslyn4.4", "cs", "Microsoft.Extensions.Logging.Generators.dll"),
            Path.Combine(BuildPaths.TelemetryAbstractionsPackage, "analyzers", "dotnet", "cs", "Microsoft.Gen.Metrics.dll"),
        };
        foreach (string path in candidates)
        {
            if (!File.Exists(path))
            {
                continue;
            }

            var reference = new AnalyzerFileReference(path, PathAnalyzerLoader.Instance);
            builder.AddRange(reference.GetGenerators(LanguageNames.CSharp));
        }

        return builder.ToImmutable();
    }
}
