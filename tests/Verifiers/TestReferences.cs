using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace SignalContract.Analyzers.Tests.Verifiers;

/// <summary>
/// One set of real reference assemblies that test sources compile against: a framework and the libraries the rules
/// analyse, as restored by <c>tests/ReferenceSets/AnalysedLibraries.csproj</c>.
/// </summary>
public sealed class ReferenceSet
{
    /// <summary>
    /// The testing library always wants reference assemblies of its own; these name none, so it resolves nothing and
    /// never touches the network. Every reference comes from <see cref="References"/>.
    /// </summary>
    private static readonly ReferenceAssemblies NoneFromTheTestingLibrary = new("net8.0");

    private readonly Lazy<ImmutableArray<MetadataReference>> _references;
    private readonly string? _withoutLibrary;

    internal ReferenceSet(string name, string? withoutLibrary = null)
    {
        Name = name;
        _withoutLibrary = withoutLibrary;
        _references = new Lazy<ImmutableArray<MetadataReference>>(Load);
    }

    /// <summary>The target framework the set was restored for, which names its list file.</summary>
    public string Name { get; }

    /// <summary>
    /// The compile references, loaded once and shared by every test: a shared reference lets the compiler reuse the
    /// metadata it has read.
    /// </summary>
    public ImmutableArray<MetadataReference> References => _references.Value;

    /// <summary>Makes <paramref name="test"/> compile against this set, replacing any set applied before.</summary>
    public void ApplyTo<TVerifier>(AnalyzerTest<TVerifier> test)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = NoneFromTheTestingLibrary;
        test.TestState.AdditionalReferences.Clear();
        test.TestState.AdditionalReferences.AddRange(References);
    }

    public override string ToString() => _withoutLibrary is null ? Name : $"{Name} without {_withoutLibrary}";

    private ImmutableArray<MetadataReference> Load()
    {
        string list = Path.Combine(AppContext.BaseDirectory, "analysed-references", Name + ".txt");
        if (!File.Exists(list))
        {
            throw new InvalidOperationException(
                $"{list} is missing. The test project's build writes it from tests/ReferenceSets; build the tests with 'dotnet build' or 'dotnet test'.");
        }

        var references = new List<MetadataReference>();
        foreach (string path in File.ReadAllLines(list))
        {
            if (path.Length > 0 && (_withoutLibrary is null || !Path.GetFileName(path).StartsWith(_withoutLibrary, StringComparison.OrdinalIgnoreCase)))
            {
                references.Add(MetadataReference.CreateFromFile(path));
            }
        }

        return references.ToImmutableArray();
    }
}

/// <summary>The reference sets the tests compile against.</summary>
public static class TestReferences
{
    /// <summary>net8.0 and the telemetry libraries at the versions of its day: what most tests compile against.</summary>
    public static ReferenceSet Net80 { get; } = new("net8.0");

    /// <summary>net10.0, for APIs that arrived after .NET 8 (Activity.AddException, Gauge, params ReadOnlySpan tags).</summary>
    public static ReferenceSet Net100 { get; } = new("net10.0");

    /// <summary>
    /// net10.0 with the ASP.NET Core shared framework (ControllerBase, MapGet, middleware), Serilog and the OpenTelemetry
    /// SDK. A set of its own: the shared framework changes which Microsoft.Extensions.* assemblies win conflict resolution.
    /// </summary>
    public static ReferenceSet AspNetCore { get; } = new("aspnetcore");

    /// <summary>net8.0 without the OpenTelemetry libraries: a project that traces with System.Diagnostics alone.</summary>
    public static ReferenceSet Net80WithoutOpenTelemetry { get; } = new("net8.0", withoutLibrary: "OpenTelemetry");

    public static ReferenceSet Default => Net80;
}
