using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SignalContract.Bench.Corpus;

namespace SignalContract.Bench.Hosting;

/// <summary>Builds <see cref="CSharpCompilation"/>s of the corpus the way a build would: parse, generators, bind.</summary>
internal static class CorpusCompiler
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Parse);

    /// <summary>
    /// The options every compilation uses. Analyzer rules that are off by default are switched on, so that a rule
    /// is measured whether or not it ships enabled (the peer's CA1848 family ships as suggestions).
    /// </summary>
    public static CSharpCompilationOptions Options(IEnumerable<DiagnosticAnalyzer> analyzers)
    {
        var specific = new Dictionary<string, ReportDiagnostic>();
        foreach (var analyzer in analyzers)
        {
            foreach (var descriptor in analyzer.SupportedDiagnostics)
            {
                if (!descriptor.IsEnabledByDefault || descriptor.DefaultSeverity < DiagnosticSeverity.Warning)
                {
                    specific[descriptor.Id] = ReportDiagnostic.Warn;
                }
            }
        }

        return new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                concurrentBuild: true)
            .WithSpecificDiagnosticOptions(specific);
    }

    public static ImmutableArray<SyntaxTree> Parse(IReadOnlyList<CorpusFile> files)
    {
        var trees = new SyntaxTree[files.Count];
        Parallel.For(0, files.Count, i =>
            trees[i] = CSharpSyntaxTree.ParseText(SourceText.From(files[i].Text, System.Text.Encoding.UTF8), ParseOptions, "/corpus/" + files[i].Path));
        return ImmutableArray.Create(trees);
    }

    /// <summary>A fresh compilation of the trees, with the source generators' output added.</summary>
    public static Compilation Compile(IEnumerable<SyntaxTree> trees, CSharpCompilationOptions options, bool runGenerators = true)
    {
        Compilation compilation = CSharpCompilation.Create("Shop.Service", trees, ReferenceSet.Create(), options);
        var generators = SourceGenerators.All;
        if (runGenerators && !generators.IsEmpty)
        {
            var driver = CSharpGeneratorDriver.Create(generators, parseOptions: ParseOptions);
            driver.RunGeneratorsAndUpdateCompilation(compilation, out compilation, out _);
        }

        return compilation;
    }
}
