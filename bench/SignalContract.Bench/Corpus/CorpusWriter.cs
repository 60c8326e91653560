using System;
using System.IO;
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
            foreach (var file in corpus.Files)
            {
                string path = Path.Combine(root, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Text);
            }

            File.WriteAllText(Path.Combine(root, "contract.json"), corpus.Contract);
            output.WriteLine($"wrote {corpus.Files.Count} files, {corpus.Lines} lines, {corpus.Modules} modules to {root}");
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
}
