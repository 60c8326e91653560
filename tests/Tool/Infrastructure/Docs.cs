using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using SignalContract.Analyzers.Tests.Meta;

namespace SignalContract.Tool.Tests.Infrastructure;

/// <summary>Code blocks of the repository's Markdown pages, for tests that keep the docs true.</summary>
internal static partial class Docs
{
    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Repository.Root, relativePath)).Replace("\r\n", "\n");

    /// <summary>The <c>```json</c> blocks of docs/<paramref name="page"/>.</summary>
    public static IEnumerable<string> JsonBlocks(string page)
    {
        foreach (Match match in JsonBlock().Matches(Read(Path.Combine("docs", page))))
        {
            yield return match.Groups["json"].Value;
        }
    }

    [GeneratedRegex(@"```json\n(?<json>.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
