using System;
using System.IO;
using Microsoft.CodeAnalysis;

namespace SignalContract.Tool.Reports;

/// <summary>
/// Paths as reports show them: relative to the directory the tool runs in, with '/' separators, so that an inventory,
/// a baseline or a report made on one machine reads the same on another; absolute only for files outside it.
/// </summary>
internal sealed class PathDisplay(string baseDirectory)
{
    public string BaseDirectory { get; } = Path.GetFullPath(baseDirectory);

    public string Of(string path)
    {
        string full = Path.GetFullPath(path, BaseDirectory);
        string relative = Path.GetRelativePath(BaseDirectory, full);
        bool outside = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative);
        return (outside ? full : relative).Replace('\\', '/');
    }

    public string Of(Location location) => Of(location.GetLineSpan().Path);

    /// <summary>A path a user gave, resolved against the base directory.</summary>
    public string Resolve(string path) => Path.GetFullPath(path, BaseDirectory);
}
