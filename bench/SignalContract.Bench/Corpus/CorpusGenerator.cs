using System;
using System.Collections.Generic;

namespace SignalContract.Bench.Corpus;

/// <summary>A generated source file, with a path relative to the corpus root.</summary>
internal sealed record CorpusFile(string Path, string Text);

/// <summary>A generated service: its source files and the contract.json that goes with them.</summary>
internal sealed class GeneratedCorpus
{
    public GeneratedCorpus(IReadOnlyList<CorpusFile> files, string contract, int modules)
    {
        Files = files;
        Contract = contract;
        Modules = modules;
        foreach (var file in files)
        {
            Lines += CountLines(file.Text);
        }
    }

    public IReadOnlyList<CorpusFile> Files { get; }

    public string Contract { get; }

    public int Modules { get; }

    public int Lines { get; }

    public static int CountLines(string text)
    {
        int lines = 0;
        foreach (char c in text)
        {
            if (c == '\n')
            {
                lines++;
            }
        }

        return lines;
    }
}

/// <summary>
/// Builds a deterministic service corpus: the same seed and size always give the same text. Size 1 is about 25,000
/// lines; size N is N times that, in more modules of the same kinds.
/// </summary>
internal static class CorpusGenerator
{
    public const int LinesPerUnit = 25_000;

    public static GeneratedCorpus Generate(double size, int seed = 20261124, bool metricsGenerator = true)
    {
        if (size <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), "The corpus size must be positive.");
        }

        int target = Math.Max(1, (int)(size * LinesPerUnit));
        var contract = new ContractBuilder();
        var files = new List<CorpusFile> { new("Hosting/Hosting.cs", HostingFile.Text) };
        int lines = GeneratedCorpus.CountLines(HostingFile.Text);
        int modules = 0;
        while (lines < target)
        {
            // One generator per module, seeded by its index, so a module's text does not depend on the corpus size.
            var random = new Random(unchecked((seed * 31) + modules));
            var module = new ServiceModule(modules, random);
            foreach (var file in new ServiceModuleWriter(module, random, contract, metricsGenerator).Write())
            {
                files.Add(file);
                lines += GeneratedCorpus.CountLines(file.Text);
            }

            modules++;
        }

        return new GeneratedCorpus(files, contract.Build(), modules);
    }
}
