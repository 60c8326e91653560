using System.IO;
using System.Threading.Tasks;

namespace SignalContract.Bench.Robustness;

internal static class RobustnessRunner
{
    public static Task<int> RunAsync(BenchOptions options, TextWriter output) => Task.FromResult(0);
}
