using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace SignalContract.Bench;

/// <summary>The command line of the harness.</summary>
public sealed class BenchOptions
{
    public string Mode { get; init; } = string.Empty;

    /// <summary>Corpus sizes, in units of about 25,000 lines.</summary>
    public IReadOnlyList<double> Sizes { get; init; } = new[] { 1.0, 4.0 };

    public int Repetitions { get; init; } = 3;

    /// <summary>Overhead: cold passes, each with the analyzers loaded afresh.</summary>
    public int Loads { get; init; } = 7;

    public int Seed { get; init; } = 20261124;

    /// <summary>Robustness: the most cases to try; the run also stops at <see cref="TimeLimit"/>.</summary>
    public int Cases { get; init; } = 8000;

    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>Robustness: the corpus size whose files are cut and mutated.</summary>
    public double CorpusSize { get; init; } = 1;

    public bool Peer { get; init; } = true;

    /// <summary>Perf: also time a pass of <c>BaselineAnalyzer</c>, to report our pass's wall time over it.</summary>
    public bool Baseline { get; init; }

    /// <summary>Perf: run the analyzers with concurrentAnalysis off, so each one's time is free of lock contention.</summary>
    public bool Sequential { get; init; }

    /// <summary>Perf: let the garbage collector run during analyzer passes, charging its pauses to whichever callback runs.</summary>
    public bool AllowGc { get; init; }

    /// <summary>Perf: repetitions run and discarded at each size before the measured ones (JIT tiering, caches).</summary>
    public int Warmups { get; init; } = 2;

    /// <summary>Perf: measure only our analyzers whose type name contains one of these.</summary>
    public IReadOnlyList<string> Only { get; init; } = Array.Empty<string>();

    public string? OutputDirectory { get; init; }

    /// <summary>Generate: also write a project file, so the corpus restores and builds as a real project.</summary>
    public bool Project { get; init; }

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new ArgumentException("Missing mode.");
        }

        string mode = args[0];
        var sizes = new List<double> { 1, 4 };
        int reps = 3, warmups = 2, seed = 20261124, cases = 8000, loads = 7;
        double corpusSize = 1;
        var limit = TimeSpan.FromMinutes(4);
        bool peer = true, sequential = false, baseline = false, allowGc = false, project = false;
        var only = new List<string>();
        string? output = null;
        for (int i = 1; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--sizes":
                    sizes.Clear();
                    foreach (string part in Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        sizes.Add(double.Parse(part, CultureInfo.InvariantCulture));
                    }

                    break;
                case "--reps":
                    reps = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--loads":
                    loads = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--warmups":
                    warmups = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--allow-gc":
                    allowGc = true;
                    break;
                case "--seed":
                    seed = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--cases":
                    cases = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--time-limit":
                    limit = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture));
                    break;
                case "--corpus-size":
                    corpusSize = double.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--no-peer":
                    peer = false;
                    break;
                case "--baseline":
                    baseline = true;
                    break;
                case "--sequential":
                    sequential = true;
                    break;
                case "--only":
                    only.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--out":
                    output = Path.GetFullPath(Value());
                    break;
                case "--project":
                    project = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        return new BenchOptions
        {
            Mode = mode,
            Sizes = sizes,
            Repetitions = Math.Max(1, reps),
            Loads = Math.Max(1, loads),
            Seed = seed,
            Cases = Math.Max(1, cases),
            TimeLimit = limit,
            CorpusSize = corpusSize,
            Peer = peer,
            Sequential = sequential,
            Baseline = baseline,
            AllowGc = allowGc,
            Warmups = Math.Max(0, warmups),
            Only = only,
            OutputDirectory = output,
            Project = project,
        };
    }

    public static int Usage(TextWriter output)
    {
        output.WriteLine("""
            usage: SignalContract.Bench <mode> [options]
              perf        [--sizes 1,4,16] [--reps 3] [--warmups 2] [--seed N] [--no-peer] [--baseline] [--sequential] [--allow-gc]
                          [--only Name1,Name2]
                          compile time, our analyzers and the NetAnalyzers logging rules on generated corpora
              overhead    [--loads 7] [--only Name1,Name2]
                          per-compilation cost on an empty project: cold (analyzers loaded afresh, as the compiler server
                          does for every compilation) and warm
              robustness  [--cases 8000] [--time-limit 240] [--corpus-size 1] [--seed N]
                          half-typed code, token deletions and broken contracts; exits 1 on any analyzer exception
              generate    [--sizes 1] [--seed N] --out DIR [--project]
                          writes the corpus and its contract.json to DIR, to read or build by hand;
                          --project adds Corpus.csproj, to restore and load as a real project
              build       [--sizes 1] [--reps 3] [--warmups 2] [--seed N] [--out DIR]
                          dotnet build of the corpus as a project with and without the packed package, in turn:
                          the whole-build overhead users see (wall and processor time, median of pairs)
            """);
        return 2;
    }
}
