using System;
using System.Threading.Tasks;

namespace SignalContract.Bench;

/// <summary>Entry point: <c>perf</c>, <c>robustness</c>, <c>generate</c> or <c>build</c>; see bench/README.md.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            var options = BenchOptions.Parse(args);
            return options.Mode switch
            {
                "perf" => await Performance.PerformanceRunner.RunAsync(options, Console.Out).ConfigureAwait(false),
                "overhead" => await Performance.OverheadRunner.RunAsync(options, Console.Out).ConfigureAwait(false),
                "robustness" => await Robustness.RobustnessRunner.RunAsync(options, Console.Out).ConfigureAwait(false),
                "generate" => Corpus.CorpusWriter.Write(options, Console.Out),
                "build" => await Performance.BuildComparison.RunAsync(options, Console.Out).ConfigureAwait(false),
                _ => BenchOptions.Usage(Console.Error),
            };
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            return BenchOptions.Usage(Console.Error);
        }
    }
}
