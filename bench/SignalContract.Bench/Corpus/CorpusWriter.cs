using System;
using System.IO;
using System.Linq;
using System.Reflection;
using SignalContract.Bench.Hosting;

namespace SignalContract.Bench.Corpus;

/// <summary>The <c>generate</c> mode: writes a corpus to disk, and reports whether it compiles cleanly.</summary>
internal static class CorpusWriter
{
    public static int Write(BenchOptions options, TextWriter output)
    {
        double size = options.Sizes.Count > 0 ? options.Sizes[0] : 1;
        var corpus = CorpusGenerator.Generate(size, options.Seed, SourceGenerators.HasMetricsGenerator);
        if (options.OutputDirectory is { } root)
        {
            WriteFiles(corpus, root, options.Project);

            output.WriteLine($"wrote {corpus.Files.Count} files, {corpus.Lines} lines, {corpus.Modules} modules{(options.Project ? " and Corpus.csproj" : string.Empty)} to {root}");
        }

        var compilation = CorpusCompiler.Compile(CorpusCompiler.Parse(corpus.Files), CorpusCompiler.Options(Array.Empty<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>()));
        int errors = 0;
        foreach (var diagnostic in compilation.GetDiagnostics())
        {
            if (diagnostic.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            {
                if (errors++ < 20)
                {
                    output.WriteLine(diagnostic.ToString());
                }
            }
        }

        var sites = CallSiteCounter.Count(compilation, tree => tree.FilePath.StartsWith("/corpus/", StringComparison.Ordinal));
        output.WriteLine($"size {size}: {corpus.Lines} lines, {sites.Total} call sites (metrics {sites.Metrics}, logs {sites.Logs}, traces {sites.Traces}), "
            + $"telemetry lines {sites.TelemetryLines} ({100.0 * sites.TelemetryLines / Math.Max(1, sites.Lines):F1}%), {errors} compile errors, {System.Linq.Enumerable.Count(compilation.SyntaxTrees) - corpus.Files.Count} generated trees");
        return errors == 0 ? 0 : 1;
    }

    /// <summary>
    /// Writes the corpus's files and contract.json under <paramref name="root"/>; with <paramref name="project"/>, also a
    /// project file whose item group ends with <paramref name="extraItems"/> (further references, as MSBuild XML).
    /// </summary>
    public static void WriteFiles(GeneratedCorpus corpus, string root, bool project, string extraItems = "")
    {
        foreach (var file in corpus.Files)
        {
            string path = Path.Combine(root, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Text);
        }

        File.WriteAllText(Path.Combine(root, "contract.json"), corpus.Contract);
        if (project)
        {
            WriteProject(root, extraItems);
        }
    }

    /// <summary>The version Directory.Packages.props gives <paramref name="package"/>, recorded in the harness at build time.</summary>
    private static string PackageVersion(string package) =>
        typeof(CorpusWriter).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "PackageVersion:" + package)?.Value
        ?? throw new InvalidOperationException($"The harness was built without a version for {package}.");

    /// <summary>
    /// A project the SDK builds as the harness compiles the corpus: the same libraries at the versions beside the harness
    /// (their metrics source generator included), and empty Directory.* files so nothing around the folder leaks in.
    /// </summary>
    private static void WriteProject(string root, string extraItems)
    {
        var references = new System.Text.StringBuilder();
        foreach (string package in ReferenceSet.Packages)
        {
            string version = PackageVersion(package);
            references.Append($"    <PackageReference Include=\"{package}\" Version=\"{version}\" />\n");
        }

        references.Append(extraItems);

        File.WriteAllText(Path.Combine(root, "Corpus.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
              </PropertyGroup>
              <ItemGroup>
            {references}  </ItemGroup>
            </Project>

            """);
        foreach (string fence in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(root, fence), "<Project />\n");
        }
    }
}
