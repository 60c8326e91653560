using System.IO;
using System.Threading.Tasks;

namespace SignalContract.Bench.Performance;

internal static class PerformanceRunner
{
    public static Task<int> RunAsync(BenchOptions options, TextWriter output) => Task.FromResult(0);
}
