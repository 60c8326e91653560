using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using SignalContract.Bench.Corpus;
using SignalContract.Bench.Hosting;

namespace SignalContract.Bench.Performance;

/// <summary>
/// The <c>build</c> mode: what users feel. The corpus is written twice as a project, once with a PackageReference to the
/// freshly packed package and once without, and <c>dotnet build --no-incremental</c> of each runs in turn. Every build is
/// a fresh compiler process (no compiler server, no node reuse), so assembly load, JIT and every action the package
/// makes the driver run are charged to it, as on a CI agent that starts clean.
/// </summary>
internal static class BuildComparison
{
    private const string PackageId = "SignalContract.Analyzers";

    public static async Task<int> RunAsync(BenchOptions options, TextWriter output)
    {
        double size = options.Sizes.Count > 0 ? options.Sizes[0] : 1;
        string root = options.OutputDirectory ?? Path.Combine(Path.GetTempPath(), "signalcontract-build-" + Guid.NewGuid().ToString("N"));
        string feed = Path.Combine(root, "feed");
        string without = Path.Combine(root, "without");
        string with = Path.Combine(root, "with");
        Directory.CreateDirectory(feed);

        // A version no earlier run used, so no NuGet cache can hand back an older build of the package.
        string version = "0.0.0-bench." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(root, "packages"),
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["MSBUILDDISABLENODEREUSE"] = "1",
        };

        output.WriteLine($"packing {PackageId} {version} into {feed}");
        var pack = await DotnetAsync(BuildPaths.RepositoryRoot, environment,
            "pack", Path.Combine(BuildPaths.RepositoryRoot, "src", "Package", "SignalContract.Analyzers.Package.csproj"),
            "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(root, "pack"), "-p:Version=" + version, "-nodeReuse:false").ConfigureAwait(false);
        if (pack.ExitCode != 0)
        {
            output.WriteLine(pack.Output);
            return 1;
        }

        var corpus = CorpusGenerator.Generate(size, options.Seed, SourceGenerators.HasMetricsGenerator);
        CorpusWriter.WriteFiles(corpus, without, project: true);
        CorpusWriter.WriteFiles(corpus, with, project: true, $"    <PackageReference Include=\"{PackageId}\" Version=\"{version}\" PrivateAssets=\"all\" />\n");
        File.WriteAllText(Path.Combine(with, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="bench-feed" value="{feed}" />
              </packageSources>
            </configuration>

            """);
        output.WriteLine($"wrote {corpus.Lines} lines in {corpus.Files.Count} files to {without} and {with}");

        foreach (string project in new[] { without, with })
        {
            var restore = await DotnetAsync(project, environment, "restore", "-nodeReuse:false").ConfigureAwait(false);
            if (restore.ExitCode != 0)
            {
                output.WriteLine(restore.Output);
                return 1;
            }
        }

        var pairs = new List<(BuildRun Without, BuildRun With)>();
        int total = options.Warmups + options.Repetitions;
        for (int i = 0; i < total; i++)
        {
            // Alternate which goes first, so a drift in the machine's speed does not favour one side.
            BuildRun a, b;
            if (i % 2 == 0)
            {
                a = await BuildAsync(without, environment).ConfigureAwait(false);
                b = await BuildAsync(with, environment).ConfigureAwait(false);
            }
            else
            {
                b = await BuildAsync(with, environment).ConfigureAwait(false);
                a = await BuildAsync(without, environment).ConfigureAwait(false);
            }

            if (a.ExitCode != 0 || b.ExitCode != 0)
            {
                output.WriteLine(a.ExitCode != 0 ? a.Output : b.Output);
                return 1;
            }

            bool counted = i >= options.Warmups;
            output.WriteLine($"{(counted ? "pair " + (i - options.Warmups + 1) : "warm-up")}: without {a.Wall.TotalSeconds:F1} s wall, {a.Cpu?.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) ?? "?"} s cpu; "
                + $"with {b.Wall.TotalSeconds:F1} s wall, {b.Cpu?.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) ?? "?"} s cpu; {b.Warnings} warnings with the package");
            if (counted)
            {
                pairs.Add((a, b));
            }
        }

        PrintTable(pairs, output);
        if (options.OutputDirectory is null)
        {
            TryDelete(root);
        }

        return 0;
    }

    private static void PrintTable(IReadOnlyList<(BuildRun Without, BuildRun With)> pairs, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"| figure ({pairs.Count} pairs) | without the package | with the package | with / without, median of pairs |");
        output.WriteLine("|---|---:|---:|---:|");
        output.WriteLine(Row("wall time, s", pairs, r => r.Wall.TotalSeconds));
        if (pairs.All(p => p.Without.Cpu is not null && p.With.Cpu is not null))
        {
            output.WriteLine(Row("processor time (user + sys), s", pairs, r => r.Cpu!.Value.TotalSeconds));
        }
    }

    private static string Row(string name, IReadOnlyList<(BuildRun Without, BuildRun With)> pairs, Func<BuildRun, double> figure)
    {
        double without = SizeResult.Median(pairs.Select(p => figure(p.Without)));
        double with = SizeResult.Median(pairs.Select(p => figure(p.With)));
        double ratio = SizeResult.Median(pairs.Select(p => figure(p.With) / figure(p.Without)));
        return string.Create(CultureInfo.InvariantCulture, $"| {name} | {without:F2} | {with:F2} | {ratio:F3} ({(ratio - 1) * 100:+0.0;-0.0} %) |");
    }

    private static async Task<BuildRun> BuildAsync(string project, IReadOnlyDictionary<string, string> environment)
    {
        var cpuBefore = ChildProcessorTime();
        var clock = Stopwatch.StartNew();
        var result = await DotnetAsync(project, environment, "build", "--no-incremental", "--no-restore", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-v:q").ConfigureAwait(false);
        clock.Stop();
        var cpuAfter = ChildProcessorTime();
        int warnings = result.Output.Split('\n').Count(l => l.Contains(": warning OBS", StringComparison.Ordinal));
        return new BuildRun(result.ExitCode, clock.Elapsed, cpuBefore is { } b && cpuAfter is { } a ? a - b : null, warnings, result.Output);
    }

    /// <summary>
    /// User plus system time of every finished child process and their descendants (Linux: the cutime and cstime of
    /// /proc/self/stat, in clock ticks of 1/100 s); null where the platform does not say.
    /// </summary>
    private static TimeSpan? ChildProcessorTime()
    {
        try
        {
            string stat = File.ReadAllText("/proc/self/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

            // After the command name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14 here.
            long ticks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static async Task<(int ExitCode, string Output)> DotnetAsync(string directory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }

    private static void TryDelete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open leaves the folder behind under the temp directory; the figures stand.
        }
    }

    private sealed record BuildRun(int ExitCode, TimeSpan Wall, TimeSpan? Cpu, int Warnings, string Output);
}
