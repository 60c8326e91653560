using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace SignalContract.Analyzers.Tests.Verifiers;

/// <summary>The rules are only as good as the APIs the tests compile against: make sure every analysed library is really there.</summary>
public class TestReferencesTests
{
    public static TheoryData<string> Presets => new() { nameof(TestReferences.Net80), nameof(TestReferences.Net100) };

    [Theory]
    [MemberData(nameof(Presets))]
    public async Task EveryAnalysedLibrary_Resolves(string preset)
    {
        var references = preset == nameof(TestReferences.Net80) ? TestReferences.Net80 : TestReferences.Net100;
        var resolved = await references.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var names = resolved.Select(r => System.IO.Path.GetFileNameWithoutExtension(r.Display)).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Contains("System.Diagnostics.DiagnosticSource", names);
        Assert.Contains("Microsoft.Extensions.Logging.Abstractions", names);
        Assert.Contains("OpenTelemetry.Api", names);
        Assert.Contains("Serilog", names);
        Assert.Contains("Prometheus.NetStandard", names);
    }
}
