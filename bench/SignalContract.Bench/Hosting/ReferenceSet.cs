using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace SignalContract.Bench.Hosting;

/// <summary>
/// What the corpus compiles against: the SDK's net10.0 reference assemblies (or, without a ref pack, the running
/// runtime's trusted platform assemblies) and the telemetry libraries the harness itself references.
/// </summary>
internal static class ReferenceSet
{
    private static readonly Type[] TelemetryLibraries =
    {
        typeof(Microsoft.Extensions.Logging.ILogger),
        typeof(Serilog.Log),
        typeof(OpenTelemetry.Trace.Tracer),
        typeof(Prometheus.Metrics),
        typeof(Microsoft.Extensions.Diagnostics.Metrics.CounterAttribute),
        typeof(OpenTelemetry.Logs.OpenTelemetryLoggerOptions),
        typeof(Microsoft.Extensions.Logging.ConsoleLoggerExtensions),
    };

    private static readonly Lazy<(ImmutableArray<string> Paths, ImmutableArray<string> FrameworkPaths, string Framework)> Found = new(Find);

    /// <summary>The NuGet packages of <see cref="TelemetryLibraries"/>, for a project file that builds the corpus.</summary>
    public static IReadOnlyList<string> Packages { get; } =
    [
        "Microsoft.Extensions.Logging.Abstractions",
        "Serilog",
        "OpenTelemetry.Api",
        "prometheus-net",
        "Microsoft.Extensions.Telemetry.Abstractions",
        "OpenTelemetry",
        "Microsoft.Extensions.Logging.Console",
    ];

    public static ImmutableArray<string> Paths => Found.Value.Paths;

    /// <summary>The framework's assemblies alone, without the telemetry libraries: what a new class library references.</summary>
    public static ImmutableArray<string> FrameworkPaths => Found.Value.FrameworkPaths;

    /// <summary>Where the framework references came from, for the report.</summary>
    public static string FrameworkSource => Found.Value.Framework;

    /// <summary>
    /// New reference objects on every call: a reused <see cref="MetadataReference"/> carries cached assembly symbols
    /// from one compilation to the next, which would hide part of the compile cost from a repetition.
    /// </summary>
    public static ImmutableArray<MetadataReference> Create()
    {
        var builder = ImmutableArray.CreateBuilder<MetadataReference>(Paths.Length);
        foreach (string path in Paths)
        {
            builder.Add(MetadataReference.CreateFromFile(path));
        }

        return builder.MoveToImmutable();
    }

    private static (ImmutableArray<string>, ImmutableArray<string>, string) Find()
    {
        var paths = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? refPack = FindReferencePack();
        string framework;
        if (refPack is not null)
        {
            framework = refPack;
            foreach (string dll in Directory.GetFiles(refPack, "*.dll"))
            {
                paths.Add(dll);
                names.Add(Path.GetFileNameWithoutExtension(dll));
            }
        }
        else
        {
            framework = "trusted platform assemblies of " + RuntimeEnvironment.GetRuntimeDirectory();
            string tpa = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
            foreach (string dll in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                string name = Path.GetFileNameWithoutExtension(dll);
                if (dll.StartsWith(RuntimeEnvironment.GetRuntimeDirectory(), StringComparison.Ordinal) && names.Add(name))
                {
                    paths.Add(dll);
                }
            }
        }

        var frameworkPaths = paths.OrderBy(p => p, StringComparer.Ordinal).ToImmutableArray();

        // The libraries and the package dependencies they reference that sit beside the harness.
        var pending = new Queue<Assembly>();
        foreach (var type in TelemetryLibraries)
        {
            pending.Enqueue(type.Assembly);
        }

        while (pending.Count > 0)
        {
            var assembly = pending.Dequeue();
            string name = assembly.GetName().Name!;
            if (!names.Add(name) || string.IsNullOrEmpty(assembly.Location))
            {
                continue;
            }

            paths.Add(assembly.Location);
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                string local = Path.Combine(AppContext.BaseDirectory, reference.Name + ".dll");
                if (!names.Contains(reference.Name!) && File.Exists(local))
                {
                    pending.Enqueue(Assembly.LoadFrom(local));
                }
            }
        }

        paths.Sort(StringComparer.Ordinal);
        return (paths.ToImmutableArray(), frameworkPaths, framework);
    }

    /// <summary>packs/Microsoft.NETCore.App.Ref/&lt;version&gt;/ref/net10.0 under the dotnet that runs the harness.</summary>
    private static string? FindReferencePack()
    {
        string runtimeDir = RuntimeEnvironment.GetRuntimeDirectory();
        string dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
        string packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        if (!Directory.Exists(packs))
        {
            return null;
        }

        string? best = null;
        Version? bestVersion = null;
        foreach (string dir in Directory.GetDirectories(packs))
        {
            string candidate = Path.Combine(dir, "ref", "net10.0");
            string versionText = Path.GetFileName(dir).Split('-')[0];
            if (Directory.Exists(candidate) && Version.TryParse(versionText, out var version) && (bestVersion is null || version > bestVersion))
            {
                best = candidate;
                bestVersion = version;
            }
        }

        return best;
    }
}
