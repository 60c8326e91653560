using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Tests.Meta;
using SignalContract.Analyzers.Tests.Verifiers;

namespace SignalContract.Analyzers.Tests.EndToEnd;

/// <summary>
/// samples/Checkout against the repository's contract.json: every <c>// OBSxxxx:</c> comment marks a deliberate
/// violation that must be reported in the lines it heads (up to the next blank line), and nothing else in the
/// sample may be reported. A comment's rule is only expected once an analyzer in the package supports it.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class CheckoutSampleTests
{
    private static readonly string SampleFolder = Path.Combine(Repository.Root, "samples", "Checkout");

    [Fact]
    public async Task Sample_ReportsExactlyItsMarkedViolations()
    {
        var analyzers = AllAnalyzers();
        var supported = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var compilation = await CompileSampleAsync();
        var contract = new ContractFile(Path.Combine(Repository.Root, ContractSource.FileName));

        var exceptions = new List<string>();
        var withAnalyzers = compilation.WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions([contract]),
                onAnalyzerException: (exception, analyzer, _) => exceptions.Add($"{analyzer.GetType().Name}: {exception}"),
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false));
        var reported = (await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None))
            .Where(d => d.Id.StartsWith("OBS", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(exceptions);
        var marks = MarkedViolations(supported);
        var problems = new List<string>();
        foreach (var mark in marks)
        {
            if (!reported.Any(d => mark.Covers(d) && d.Id == mark.Id))
            {
                problems.Add($"missing {mark.Id} in {mark.File} lines {mark.FirstLine}-{mark.LastLine}");
            }
        }

        foreach (var diagnostic in reported)
        {
            if (!marks.Any(m => m.Covers(diagnostic) && m.Id == diagnostic.Id))
            {
                problems.Add("unexpected " + diagnostic);
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers() =>
    [
        .. typeof(ContractSource).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!),
    ];

    /// <summary>The sample compiled as its project does: net10.0, nullable, the same packages.</summary>
    private static async Task<Compilation> CompileSampleAsync()
    {
        var references = TestReferences.Net100.References;
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = SampleFiles().Select(path => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(path)), parseOptions, path));
        var compilation = CSharpCompilation.Create(
            "Checkout",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The sample does not compile: " + string.Join(Environment.NewLine, errors));
        return compilation;
    }

    private static IEnumerable<string> SampleFiles()
    {
        string bin = Path.Combine(SampleFolder, "bin") + Path.DirectorySeparatorChar;
        string obj = Path.Combine(SampleFolder, "obj") + Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(SampleFolder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.StartsWith(bin, StringComparison.Ordinal) && !path.StartsWith(obj, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
    }

    /// <summary>Each <c>// OBSxxxx, OBSyyyy: why</c> comment, for the rules some analyzer supports.</summary>
    private static List<MarkedViolation> MarkedViolations(HashSet<string> supported)
    {
        var marks = new List<MarkedViolation>();
        foreach (string path in SampleFiles())
        {
            string[] lines = File.ReadAllLines(path);
            for (int i = 0; i < lines.Length; i++)
            {
                var match = MarkComment().Match(lines[i]);
                if (!match.Success)
                {
                    continue;
                }

                int last = i;
                while (last + 1 < lines.Length && lines[last + 1].Trim().Length > 0)
                {
                    last++;
                }

                foreach (Capture id in match.Groups["id"].Captures)
                {
                    if (supported.Contains(id.Value))
                    {
                        // Lines are 1-based in messages; the span covers the comment and the code below it.
                        marks.Add(new MarkedViolation(id.Value, path, i + 1, last + 1));
                    }
                }
            }
        }

        return marks;
    }

    [GeneratedRegex(@"^\s*// (?:(?<id>OBS\d{4})(?:, )?)+:")]
    private static partial Regex MarkComment();

    private sealed record MarkedViolation(string Id, string File, int FirstLine, int LastLine)
    {
        public bool Covers(Diagnostic diagnostic)
        {
            var span = diagnostic.Location.GetLineSpan();
            int line = span.StartLinePosition.Line + 1;
            return diagnostic.Location.IsInSource && span.Path == File && line >= FirstLine && line <= LastLine;
        }
    }

    private sealed class ContractFile(string path) : AdditionalText
    {
        private readonly SourceText text = SourceText.From(File.ReadAllText(path));

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => text;
    }
}
