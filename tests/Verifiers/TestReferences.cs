using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis.Testing;

namespace SignalContract.Analyzers.Tests.Verifiers;

/// <summary>Real reference assemblies of the libraries the rules analyse, restored once per test run.</summary>
internal static class TestReferences
{
    /// <summary>
    /// The testing library's resolver wants each dependency's lowest allowed version, and the registry here serves
    /// only some versions; naming these dependencies at versions it has lets prometheus-net resolve.
    /// </summary>
    private static readonly ImmutableArray<PackageIdentity> PrometheusPackages = ImmutableArray.Create(
        new PackageIdentity("Microsoft.Extensions.Http", "8.0.0"),
        new PackageIdentity("Microsoft.Extensions.ObjectPool", "8.0.11"),
        new PackageIdentity("prometheus-net", "8.2.1"));

    /// <summary>net8.0 and the telemetry libraries: what most tests compile against.</summary>
    public static readonly ReferenceAssemblies Net80 = ReferenceAssemblies.Net.Net80
        .AddPackages(ImmutableArray.Create(
            new PackageIdentity("Microsoft.Extensions.Logging.Abstractions", "8.0.0"),
            new PackageIdentity("OpenTelemetry.Api", "1.15.3"),
            new PackageIdentity("Serilog", "4.0.0")))
        .AddPackages(PrometheusPackages);

    /// <summary>
    /// net10.0, for APIs that arrived after .NET 8 (Activity.AddException, Gauge). The library's Net90/Net100
    /// presets pin ref-pack versions this registry does not serve, so the version is named here.
    /// </summary>
    public static readonly ReferenceAssemblies Net100 = new ReferenceAssemblies(
            "net10.0",
            new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.12"),
            Path.Combine("ref", "net10.0"))
        .AddPackages(ImmutableArray.Create(
            new PackageIdentity("Microsoft.Extensions.Logging.Abstractions", "10.0.12"),
            new PackageIdentity("OpenTelemetry.Api", "1.15.3"),
            new PackageIdentity("Serilog", "4.4.0")))
        .AddPackages(PrometheusPackages);

    public static ReferenceAssemblies Default => Net80;
}
