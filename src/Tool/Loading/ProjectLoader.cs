using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;
using SignalContract.Tool.Cli;

namespace SignalContract.Tool.Loading;

/// <summary>
/// Loads a project or solution with the Roslyn MSBuild workspace, as the IDE does: MSBuild's design-time build runs in
/// the workspace's BuildHost process with the .NET SDK that global.json selects, so projects see the same SDK, props,
/// targets and analyzer config as <c>dotnet build</c>. Progress goes to stderr.
/// </summary>
internal sealed class ProjectLoader(ToolConsole console)
{
    private static readonly string[] SolutionExtensions = [".sln", ".slnx", ".slnf"];

    /// <summary>
    /// The C# projects to read: every C# project of a solution, or a project and the projects it references. A project
    /// that builds for several frameworks is one project per framework.
    /// </summary>
    public async Task<LoadedProjects> LoadAsync(string input, CancellationToken cancellationToken)
    {
        string path = ResolveInput(input);
        var workspace = MSBuildWorkspace.Create();
        var failures = new List<string>();
        workspace.RegisterWorkspaceFailedHandler(e =>
        {
            if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
            {
                failures.Add(e.Diagnostic.Message);
            }
        });

        var watch = Stopwatch.StartNew();
        console.Progress($"Loading {console.Paths.Of(path)} ...");
        var progress = new LoadProgress(console);
        List<Project> projects;
        try
        {
            if (IsSolution(path))
            {
                var solution = await workspace.OpenSolutionAsync(path, progress, cancellationToken).ConfigureAwait(false);
                projects = solution.Projects.Where(p => p.Language == LanguageNames.CSharp).ToList();
            }
            else
            {
                var project = await workspace.OpenProjectAsync(path, progress, cancellationToken).ConfigureAwait(false);
                projects = WithReferences(project);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The workspace reports a project MSBuild cannot read (bad XML, a missing SDK, a BuildHost that cannot
            // start) as one of several exception types, some from its BuildHost connection: each is a load error.
            workspace.Dispose();
            throw new ToolException($"Cannot load {console.Paths.Of(path)}: {e.Message}");
        }

        if (projects.Count == 0)
        {
            workspace.Dispose();
            string why = failures.Count > 0 ? ": " + failures[0] : string.Empty;
            throw new ToolException($"{console.Paths.Of(path)} has no C# project that could be loaded{why}");
        }

        // A project MSBuild could not read still comes back, empty; reading it would report a misleading nothing.
        foreach (var project in projects)
        {
            if (project.FilePath is { } file && !project.Documents.Any()
                && failures.FirstOrDefault(f => f.Contains(file, StringComparison.Ordinal)) is { } failure)
            {
                workspace.Dispose();
                throw new ToolException($"Cannot load {console.Paths.Of(file)}: {failure}");
            }
        }

        foreach (string failure in failures.Distinct())
        {
            console.Error.WriteLine("warning: " + failure);
        }

        EnsureRestored(projects);
        console.Progress($"Loaded {projects.Count} project{(projects.Count == 1 ? string.Empty : "s")} in {watch.Elapsed.TotalSeconds:F1} s");
        return new LoadedProjects(workspace, path, projects);
    }

    /// <summary>A file, or a folder holding exactly one solution or else exactly one project (as <c>dotnet build</c> picks).</summary>
    private string ResolveInput(string input)
    {
        string path = console.Paths.Resolve(input);
        if (File.Exists(path))
        {
            return path;
        }

        if (!Directory.Exists(path))
        {
            throw new ToolException($"Project or solution not found: {input}");
        }

        foreach (var candidates in new[] { SolutionExtensions, [".csproj"] })
        {
            var found = Directory.EnumerateFiles(path).Where(f => candidates.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).ToList();
            if (found.Count == 1)
            {
                return found[0];
            }

            if (found.Count > 1)
            {
                throw new ToolException($"{input} holds more than one {string.Join(" or ", candidates)} file; name the one to read.");
            }
        }

        throw new ToolException($"No solution or C# project found in {input}");
    }

    private static bool IsSolution(string path) => SolutionExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>The project and the projects it references, directly or not: the code the service runs.</summary>
    private static List<Project> WithReferences(Project root)
    {
        var result = new List<Project>();
        var seen = new HashSet<ProjectId>();
        var pending = new Stack<Project>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var project = pending.Pop();
            if (!seen.Add(project.Id) || project.Language != LanguageNames.CSharp)
            {
                continue;
            }

            result.Add(project);
            foreach (var reference in project.ProjectReferences)
            {
                if (project.Solution.GetProject(reference.ProjectId) is { } referenced)
                {
                    pending.Push(referenced);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// A project that was never restored still loads (the design-time build tolerates it, as the IDE needs), but without
    /// its packages; its code then binds to nothing and its signals silently vanish. The SDK writes project.assets.json
    /// to the folder above the intermediate folder where the build wrote its analyzer config (obj/ by default).
    /// </summary>
    private void EnsureRestored(List<Project> projects)
    {
        var unrestored = new List<string>();
        foreach (var project in projects)
        {
            if (project.FilePath is null || unrestored.Contains(project.FilePath))
            {
                continue;
            }

            var generatedConfig = project.AnalyzerConfigDocuments.FirstOrDefault(d => d.FilePath?.EndsWith(".GeneratedMSBuildEditorConfig.editorconfig", StringComparison.OrdinalIgnoreCase) == true);
            if (generatedConfig?.FilePath is not { } configPath)
            {
                // Not an SDK-style project: nothing to check.
                continue;
            }

            if (!HasAssetsFileAbove(Path.GetDirectoryName(configPath)!, Path.GetDirectoryName(project.FilePath)!))
            {
                unrestored.Add(project.FilePath);
            }
        }

        if (unrestored.Count > 0)
        {
            var names = unrestored.Select(console.Paths.Of).ToList();
            throw new ToolException(
                $"{string.Join(", ", names)} {(names.Count == 1 ? "is" : "are")} not restored (no project.assets.json): run `dotnet restore {console.Paths.Of(unrestored.Count == 1 ? unrestored[0] : names[0])}` first.");
        }
    }

    private static bool HasAssetsFileAbove(string intermediateDirectory, string projectDirectory)
    {
        var current = new DirectoryInfo(intermediateDirectory);
        for (int level = 0; current is not null && level < 4; level++, current = current.Parent)
        {
            if (File.Exists(Path.Combine(current.FullName, "project.assets.json")))
            {
                return true;
            }

            if (string.Equals(current.FullName.TrimEnd(Path.DirectorySeparatorChar), projectDirectory.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
            {
                break;
            }
        }

        return false;
    }

    private sealed class LoadProgress(ToolConsole console) : IProgress<ProjectLoadProgress>
    {
        public void Report(ProjectLoadProgress value)
        {
            if (value.Operation == ProjectLoadOperation.Resolve)
            {
                string framework = value.TargetFramework is { Length: > 0 } tfm ? $" ({tfm})" : string.Empty;
                console.Progress($"  {console.Paths.Of(value.FilePath)}{framework}: {value.ElapsedTime.TotalSeconds:F1} s");
            }
        }
    }
}

/// <summary>The loaded projects and the workspace that owns them.</summary>
internal sealed class LoadedProjects(MSBuildWorkspace workspace, string inputPath, IReadOnlyList<Project> projects) : IDisposable
{
    public string InputPath { get; } = inputPath;

    public IReadOnlyList<Project> Projects { get; } = projects;

    public void Dispose() => workspace.Dispose();
}
