using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using SignalContract.Analyzers.Tests.EndToEnd;
using SignalContract.Analyzers.Tests.Meta;

namespace SignalContract.Tool.Tests.Infrastructure;

/// <summary>
/// A throwaway copy of some of the repository's projects (the samples, the tests' logging project), laid out as in the
/// repository (contract.json, Directory.*.props and global.json at the top, each project at its own path below) and
/// restored, so the tool loads real projects without touching the repository's folders, and a test may edit them. The sample's analyzer ProjectReferences are left out of the copy:
/// the tool runs its own analyzers, and the package's props and targets (imported from the repository) still hand the
/// build its contract.
/// </summary>
public sealed partial class SampleCopy
{
    public static readonly TimeSpan RestoreTimeout = TimeSpan.FromMinutes(4);

    private SampleCopy(string root) => Root = root;

    public string Root { get; }

    /// <param name="folders">The projects' folders, relative to the repository: <c>samples/Checkout</c>.</param>
    public static async Task<SampleCopy> CreateAsync(string name, params string[] folders)
    {
        string root = Path.Combine(Path.GetTempPath(), $"signalcontract-tool-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        foreach (string file in new[] { "contract.json", "Directory.Build.props", "Directory.Packages.props", "global.json" })
        {
            File.Copy(Path.Combine(Repository.Root, file), Path.Combine(root, file));
        }

        var projects = new List<string>();
        foreach (string folder in folders)
        {
            string source = Path.Combine(Repository.Root, folder);
            string target = Path.Combine(root, folder);
            foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(source, file);
                if (relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
                string text = File.ReadAllText(file);
                if (file.EndsWith(".csproj", StringComparison.Ordinal))
                {
                    text = AnalyzerReferences().Replace(text, string.Empty).Replace(@"..\..\src\", Path.Combine(Repository.Root, "src") + Path.DirectorySeparatorChar);
                    projects.Add(Path.Combine(folder, Path.GetFileName(file)).Replace('\\', '/'));
                }

                File.WriteAllText(Path.Combine(target, relative), text);
            }
        }

        File.WriteAllText(Path.Combine(root, "Samples.slnx"), "<Solution>\n" + string.Concat(projects.Select(p => $"  <Project Path=\"{p}\" />\n")) + "</Solution>\n");
        var restore = await DotnetCli.RunAsync(root, ["restore", "Samples.slnx", "-nodeReuse:false"], environment: null, RestoreTimeout);
        if (!restore.Succeeded)
        {
            throw new InvalidOperationException("Restoring the sample copy failed. " + restore.Describe());
        }

        return new SampleCopy(root);
    }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public Task<ToolResult> RunAsync(params string[] args) => ToolRun.RunAsync(Root, args);

    /// <summary>The 1-based line of the only line of <paramref name="file"/> that contains <paramref name="text"/>.</summary>
    public int LineOf(string file, string text)
    {
        var lines = LinesOf(file, text);
        Assert.True(lines.Count == 1, $"{file} has {lines.Count} lines with {text}");
        return lines[0];
    }

    /// <summary>The 1-based lines of <paramref name="file"/> that contain <paramref name="text"/>, in order.</summary>
    public List<int> LinesOf(string file, string text) =>
        File.ReadAllLines(PathOf(file)).Select((line, index) => (line, index)).Where(l => l.line.Contains(text, StringComparison.Ordinal)).Select(l => l.index + 1).ToList();

    public void Delete()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open must not turn a passing run red; the folder is under the temp directory.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"\s*<ItemGroup>\s*(<ProjectReference[^>]*OutputItemType=""Analyzer""[^>]*/>\s*)+</ItemGroup>", RegexOptions.Singleline)]
    private static partial Regex AnalyzerReferences();
}
