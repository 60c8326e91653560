using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SignalContract.Bench.Corpus;
using SignalContract.Bench.Hosting;

namespace SignalContract.Bench.Robustness;

internal enum CaseKind
{
    /// <summary>The file cut at <see cref="RobustnessCase.Position"/>, as if typed that far.</summary>
    Prefix,

    /// <summary>The file with one token removed.</summary>
    Deletion,

    /// <summary>The whole file with a broken or unusual contract.</summary>
    Contract,
}

/// <summary>One input to analyse; the text is made when the case runs, so a plan of thousands holds no copies.</summary>
internal sealed record RobustnessCase(int Number, CaseKind Kind, SourceInput Source, int Position, int Length, ContractVariant Contract, bool WholeCompilation)
{
    public string Text => Kind switch
    {
        CaseKind.Prefix => Source.Text[..Position],
        CaseKind.Deletion => Source.Text.Remove(Position, Length),
        _ => Source.Text,
    };

    public string Describe()
    {
        string where = Kind switch
        {
            CaseKind.Prefix => $"cut at offset {Position} (line {Line(Position)})",
            CaseKind.Deletion => $"token '{Source.Text.Substring(Position, Length)}' deleted at offset {Position} (line {Line(Position)})",
            _ => "whole file",
        };
        return $"case {Number}: {Kind.ToString().ToLowerInvariant()} of {Source.Path}, {where}, contract: {Contract.Name}, "
            + (WholeCompilation ? "whole-compilation analysis" : "single-document analysis");
    }

    private int Line(int offset)
    {
        int line = 1;
        for (int i = 0; i < offset && i < Source.Text.Length; i++)
        {
            if (Source.Text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }
}

/// <summary>
/// Which cases to try, in which order: every broken contract first, then prefixes and deletions dealt round-robin over
/// the files, so that a run stopped by its case budget or time limit has still touched every file.
/// </summary>
internal sealed class RobustnessPlan
{
    private RobustnessPlan(IReadOnlyList<RobustnessCase> cases, int sources, int contracts)
    {
        Cases = cases;
        SourceCount = sources;
        ContractCount = contracts;
    }

    public IReadOnlyList<RobustnessCase> Cases { get; }

    public int SourceCount { get; }

    public int ContractCount { get; }

    public static RobustnessPlan Build(GeneratedCorpus corpus, string repositoryRoot, int budget, int seed)
    {
        var corpusInputs = SourceInputs.FromCorpus(corpus);
        var repository = SourceInputs.FromRepository(repositoryRoot);
        var (snippets, testContracts) = SourceInputs.SnippetsFrom(repository.Where(s => s.Origin == "tests"));
        // Interleaved by origin, so a run cut short by its budget has still tried the tests' snippets and the samples.
        var sources = Interleave(corpusInputs, repository, snippets);

        var normal = new ContractVariant("corpus contract", corpus.Contract);
        var rotation = new List<ContractVariant> { normal, new("no contract", null), new("minimal", "{ \"version\": 1 }") };
        rotation.AddRange(testContracts);

        var cases = new List<RobustnessCase>();
        int number = 0;

        // Broken contracts, each with a few telemetry-heavy files and one test snippet.
        var targets = corpusInputs.Where(s => s.Path.EndsWith("Service.cs", StringComparison.Ordinal)).Take(1)
            .Concat(corpusInputs.Where(s => s.Path.EndsWith("Worker.cs", StringComparison.Ordinal)).Take(1))
            .Concat(corpusInputs.Where(s => s.Path.EndsWith("Telemetry.cs", StringComparison.Ordinal)).Take(1))
            .Concat(snippets.Take(1))
            .ToList();
        var contracts = BrokenContracts.All(corpus.Contract).Concat(testContracts).ToList();

        // Every contract with at least one target, but no more than a third of the budget, so small runs still cut files.
        int perContract = Math.Clamp(budget / 3 / Math.Max(1, contracts.Count), 1, Math.Max(1, targets.Count));
        for (int c = 0; c < contracts.Count && targets.Count > 0; c++)
        {
            for (int t = 0; t < perContract; t++)
            {
                var target = targets[(c + t) % targets.Count];
                cases.Add(new RobustnessCase(++number, CaseKind.Contract, target, 0, 0, contracts[c], WholeCompilation: true));
            }
        }

        // Prefixes and deletions, dealt out round-robin.
        int perSource = Math.Max(2, (budget - cases.Count) / Math.Max(1, sources.Count));
        var queues = new List<Queue<(CaseKind Kind, int Position, int Length, SourceInput Source)>>();
        for (int s = 0; s < sources.Count; s++)
        {
            var random = new Random(unchecked((seed * 397) ^ s));
            queues.Add(new Queue<(CaseKind, int, int, SourceInput)>(Mutations(sources[s], perSource, random, deletionFirst: s % 2 == 1)));
        }

        int dealt = 0;
        for (bool any = true; any;)
        {
            any = false;
            foreach (var queue in queues)
            {
                if (queue.Count == 0)
                {
                    continue;
                }

                any = true;
                var (kind, position, length, source) = queue.Dequeue();
                var contract = (dealt % 10) switch
                {
                    3 => rotation[1],
                    7 => rotation[2 + ((dealt / 10) % (rotation.Count - 2))],
                    _ => normal,
                };
                cases.Add(new RobustnessCase(++number, kind, source, position, length, contract, WholeCompilation: dealt % 8 == 0));
                dealt++;
            }
        }

        return new RobustnessPlan(cases, sources.Count, contracts.Count);
    }

    private static List<SourceInput> Interleave(params IReadOnlyList<SourceInput>[] groups)
    {
        var result = new List<SourceInput>();
        for (int i = 0; result.Count < groups.Sum(g => g.Count); i++)
        {
            foreach (var group in groups)
            {
                if (i < group.Count)
                {
                    result.Add(group[i]);
                }
            }
        }

        return result;
    }

    /// <summary>Cut points spread over the file (jittered so reruns with another seed land elsewhere) and random token deletions.</summary>
    private static IEnumerable<(CaseKind, int, int, SourceInput)> Mutations(SourceInput source, int count, Random random, bool deletionFirst)
    {
        int length = source.Text.Length;
        // About two cuts for every deletion, and at least one of each.
        int prefixes = Math.Min(length, count - Math.Max(1, count / 3));
        var tokens = CSharpSyntaxTree.ParseText(source.Text, CorpusCompiler.ParseOptions).GetRoot()
            .DescendantTokens().Where(t => t.Span.Length > 0).ToList();
        int deletions = Math.Min(tokens.Count, Math.Max(1, count / 3));

        var cuts = new List<(CaseKind, int, int, SourceInput)>();
        for (int i = 0; i < prefixes; i++)
        {
            double step = (double)length / (prefixes + 1);
            int position = (int)Math.Clamp((step * (i + 1)) + ((random.NextDouble() - 0.5) * step), 0, length);
            cuts.Add((CaseKind.Prefix, position, 0, source));
        }

        var chosen = new SortedSet<int>();
        while (chosen.Count < deletions)
        {
            chosen.Add(random.Next(tokens.Count));
        }

        var removals = new List<(CaseKind, int, int, SourceInput)>();
        foreach (int index in chosen)
        {
            removals.Add((CaseKind.Deletion, tokens[index].Span.Start, tokens[index].Span.Length, source));
        }

        // Alternate the two kinds, starting with either, so a short run tries both on every other file.
        var first = deletionFirst ? removals : cuts;
        var second = deletionFirst ? cuts : removals;
        for (int i = 0; i < Math.Max(cuts.Count, removals.Count); i++)
        {
            if (i < first.Count)
            {
                yield return first[i];
            }

            if (i < second.Count)
            {
                yield return second[i];
            }
        }
    }
}
