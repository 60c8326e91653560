using System.IO;
using System.Threading.Tasks;

namespace SignalContract.Tool.Tests.Infrastructure;

/// <summary>
/// One restored copy of both samples and the tests' logging project, with their inventories, made once for every test
/// that only reads them (the inventory, parity and README tests), whichever runs first; deleted when the test process ends.
/// </summary>
internal static class SharedSamples
{
    private static readonly Lazy<Task<SampleCopy>> Copy = new(CreateAsync);

    /// <summary>The inventories the README's commands write, by the same commands, from the same folder.</summary>
    public const string LegacyInventory = "legacy.json";
    public const string CheckoutInventory = "checkout.json";

    /// <summary>Every shape of logging the inventory reads, in one project with its own contract (tests/Tool/LoggingProject).</summary>
    public const string LoggingProject = "tests/Tool/LoggingProject";
    public const string LoggingInventory = "logging.json";

    public static Task<SampleCopy> GetAsync() => Copy.Value;

    private static async Task<SampleCopy> CreateAsync()
    {
        var copy = await SampleCopy.CreateAsync("shared", "samples/Checkout", "samples/CheckoutLegacy", LoggingProject);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => copy.Delete();
        var legacy = copy.RunAsync("inventory", "samples/CheckoutLegacy", "-o", LegacyInventory);
        var checkout = copy.RunAsync("inventory", "samples/Checkout", "-o", CheckoutInventory);
        var logging = copy.RunAsync("inventory", LoggingProject, "-o", LoggingInventory);
        foreach (var result in await Task.WhenAll(legacy, checkout, logging))
        {
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException("The sample inventories failed: " + result);
            }
        }

        return copy;
    }

    public static async Task<string> ReadAsync(string file) => await File.ReadAllTextAsync((await GetAsync()).PathOf(file));
}
