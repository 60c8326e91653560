using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SignalContract.Bench.Corpus;
using SignalContract.Bench.Hosting;

namespace SignalContract.Bench.Robustness;

/// <summary>
/// A file whose prefixes and deletions are analysed, with the other files of its project that stay intact around it
/// (a generated module's siblings), as the IDE sees a file being typed in a project.
/// </summary>
internal sealed record SourceInput(string Origin, string Path, string Text, ImmutableArray<SyntaxTree> Context);

/// <summary>Finds everything the robustness mode cuts up: the corpus, the repository's tests and samples, and the snippets inside the tests.</summary>
internal static partial class SourceInputs
{
    public static IReadOnlyList<SourceInput> FromCorpus(GeneratedCorpus corpus)
    {
        var byFolder = corpus.Files.GroupBy(f => f.Path[..(f.Path.LastIndexOf('/') + 1)]);
        var inputs = new List<SourceInput>();
        foreach (var module in byFolder)
        {
            var files = module.ToList();
            var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, CorpusCompiler.ParseOptions, "/corpus/" + f.Path)).ToList();
            for (int i = 0; i < files.Count; i++)
            {
                var context = trees.Where((_, j) => j != i).ToImmutableArray();
                inputs.Add(new SourceInput("corpus", "/corpus/" + files[i].Path, files[i].Text, context));
            }
        }

        return inputs;
    }

    /// <summary>Every .cs file under tests/ and samples/ of the repository (build output excluded).</summary>
    public static IReadOnlyList<SourceInput> FromRepository(string root)
    {
        var inputs = new List<SourceInput>();
        foreach (string folder in new[] { "tests", "samples" })
        {
            string path = Path.Combine(root, folder);
            if (!Directory.Exists(path))
            {
                continue;
            }

            foreach (string file in Directory.EnumerateFiles(path, "*.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal))
                {
                    continue;
                }

                inputs.Add(new SourceInput(folder, relative, File.ReadAllText(file), ImmutableArray<SyntaxTree>.Empty));
            }
        }

        return inputs;
    }

    /// <summary>
    /// The C# sources and the contracts written as string literals inside the tests: each rule's own edge cases.
    /// Test markup (<c>[|...|]</c>, <c>{|#0:...|}</c>) is removed from the sources.
    /// </summary>
    public static (IReadOnlyList<SourceInput> Sources, IReadOnlyList<ContractVariant> Contracts) SnippetsFrom(IEnumerable<SourceInput> testFiles)
    {
        var sources = new List<SourceInput>();
        var contracts = new List<ContractVariant>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in testFiles)
        {
            var root = CSharpSyntaxTree.ParseText(file.Text, CorpusCompiler.ParseOptions).GetRoot();
            int index = 0;
            foreach (var token in root.DescendantTokens())
            {
                if (!token.IsKind(SyntaxKind.StringLiteralToken) && !token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken)
                    && !token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
                {
                    continue;
                }

                string value = token.ValueText;
                if (value.Length < 8 || !seen.Add(value))
                {
                    continue;
                }

                int line = token.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                string trimmed = value.TrimStart();
                if (trimmed.StartsWith('{') && trimmed.Contains("\"version\"", StringComparison.Ordinal))
                {
                    contracts.Add(new ContractVariant($"{file.Path}:{line}", value));
                }
                else if (LooksLikeCSharp(value))
                {
                    sources.Add(new SourceInput("snippet", $"{file.Path}:{line}#{index++}", RemoveMarkup(value), ImmutableArray<SyntaxTree>.Empty));
                }
            }
        }

        return (sources, contracts);
    }

    private static bool LooksLikeCSharp(string value) =>
        value.Contains("class ", StringComparison.Ordinal) || value.Contains("namespace ", StringComparison.Ordinal)
        || value.Contains("using ", StringComparison.Ordinal) || value.Contains("void ", StringComparison.Ordinal);

    private static string RemoveMarkup(string value) => MarkupEnd().Replace(MarkupStart().Replace(value, string.Empty), string.Empty);

    [GeneratedRegex(@"\{\|[^:|{}\s]*:|\[\|")]
    private static partial Regex MarkupStart();

    [GeneratedRegex(@"\|\}|\|\]")]
    private static partial Regex MarkupEnd();
}
