using System.IO;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SignalContract.Analyzers.Catalog;
using SignalContract.CodeFixes.Infrastructure;

namespace SignalContract.Analyzers.Tests.Meta;

/// <summary>Every rule has its doc page, README row, help link and analyzer; docs, README and code say the same.</summary>
public class RuleCatalogTests
{
    private static readonly string[] DocSections =
    {
        "## Cause",
        "## Why it matters",
        "## How to fix",
        "## Examples",
        "## Configuration",
        "## How to suppress",
    };

    public static TheoryData<string> Ids => RuleCatalog.Ids();

    [Fact]
    public void Catalog_IsNotEmptyAndIdsAreUnique()
    {
        Assert.NotEmpty(RuleCatalog.Descriptors);
        Assert.Equal(RuleCatalog.Descriptors.Length, RuleCatalog.Descriptors.Select(d => d.Id).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_IdRangeMatchesCategory(string id)
    {
        var descriptor = RuleCatalog.Descriptor(id);
        Assert.Matches("^OBS[0-4][0-9]{3}$", id);
        string expected = id[3] switch
        {
            '0' => Categories.Contract,
            '1' => Categories.Metrics,
            '2' => Categories.Logs,
            '3' => Categories.Traces,
            _ => Categories.Pii,
        };
        Assert.Equal(expected, descriptor.Category);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_HelpLinkPointsToItsDocPage(string id)
    {
        var descriptor = RuleCatalog.Descriptor(id);
        Assert.Equal(Descriptors.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
        Assert.DoesNotMatch(@"\.$", descriptor.Title.ToString());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_HasDocPageWithEverySection(string id)
    {
        var descriptor = RuleCatalog.Descriptor(id);
        string path = Path.Combine(Repository.Root, "docs", "rules", id + ".md");
        Assert.True(File.Exists(path), $"docs/rules/{id}.md is missing");
        string doc = File.ReadAllText(path);

        Assert.StartsWith($"# {id}: {descriptor.Title}\n", doc.Replace("\r\n", "\n"), StringComparison.Ordinal);
        Assert.Contains($"| Category | {descriptor.Category} |", doc, StringComparison.Ordinal);
        Assert.Contains($"| Default severity | {descriptor.DefaultSeverity} |", doc, StringComparison.Ordinal);
        Assert.Contains($"| Code fix | {(RuleCatalog.FixableIds().Contains(id) ? "Yes" : "No")} |", doc, StringComparison.Ordinal);
        int previous = -1;
        foreach (string section in DocSections)
        {
            int at = doc.IndexOf("\n" + section + "\n", StringComparison.Ordinal);
            Assert.True(at > previous, $"docs/rules/{id}.md: '{section}' is missing or out of order");
            previous = at;
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_HasReadmeRow(string id)
    {
        var descriptor = RuleCatalog.Descriptor(id);
        string readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        string fix = RuleCatalog.FixableIds().Contains(id) ? "Yes" : "No";
        string row = $"| [{id}](docs/rules/{id}.md) | {descriptor.Title} | {descriptor.Category} | {descriptor.DefaultSeverity} | {fix} |";
        Assert.Contains(row, readme, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_IsReportedByAnAnalyzer(string id) =>
        Assert.Contains(RuleCatalog.Analyzers, a => a.SupportedDiagnostics.Any(d => d.Id == id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_IsInTheReleaseTracking(string id)
    {
        var descriptor = RuleCatalog.Descriptor(id);
        string shipped = File.ReadAllText(Path.Combine(Repository.Root, "src", "Analyzers", "AnalyzerReleases.Shipped.md"));
        string unshipped = File.ReadAllText(Path.Combine(Repository.Root, "src", "Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.Matches(new Regex($@"^{id} \| {descriptor.Category} \| {descriptor.DefaultSeverity} \|", RegexOptions.Multiline), shipped + "\n" + unshipped);
    }

    [Fact]
    public void EveryDocPage_BelongsToARule()
    {
        var ids = RuleCatalog.Descriptors.Select(d => d.Id).ToHashSet();
        var pages = Directory.GetFiles(Path.Combine(Repository.Root, "docs", "rules"), "OBS*.md").Select(p => Path.GetFileNameWithoutExtension(p)!);
        Assert.All(pages, page => Assert.Contains(page, ids));
    }

    [Fact]
    public void EveryReadmeRow_BelongsToARule()
    {
        var ids = RuleCatalog.Descriptors.Select(d => d.Id).ToHashSet();
        string readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var rows = Regex.Matches(readme, @"^\| \[(OBS\d{4})\]", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(rows.Distinct().Count(), rows.Count);
        Assert.All(rows, row => Assert.Contains(row, ids));
    }

    [Fact]
    public void EveryCodeFix_FixesKnownRulesAndSupportsFixAll()
    {
        var ids = RuleCatalog.Descriptors.Select(d => d.Id).ToHashSet();
        foreach (var fix in RuleCatalog.CodeFixes)
        {
            Assert.All(fix.FixableDiagnosticIds, id => Assert.Contains(id, ids));

            // Fix All in Roslyn 4.8 reaches C# documents only; a fix of contract.json alone cannot offer it.
            var export = fix.GetType().GetCustomAttribute<ExportCodeFixProviderAttribute>()!;
            bool additionalFilesOnly = export.DocumentKinds is { Length: > 0 } kinds && kinds.All(k => k == nameof(TextDocumentKind.AdditionalDocument));
            Assert.True(additionalFilesOnly || fix.GetFixAllProvider() is not null, $"{fix.GetType().Name} should support Fix All");

            // dotnet format asks for Fix All with another rule's key, or none; only the shared provider copes with that.
            Assert.True(
                fix.GetFixAllProvider() is null or FixAllFindings,
                $"{fix.GetType().Name}'s Fix All should come from {nameof(FixAllFindings)}, which copes with any equivalence key");
            Assert.True(fix.GetType().IsSealed, $"{fix.GetType().Name} should be sealed");
        }
    }

    [Fact]
    public void EveryAnalyzer_IsSealedAndReportsOnlyCatalogRules()
    {
        var catalog = RuleCatalog.Descriptors.ToHashSet();
        Assert.NotEmpty(RuleCatalog.Analyzers);
        foreach (var analyzer in RuleCatalog.Analyzers)
        {
            Assert.True(analyzer.GetType().IsSealed, $"{analyzer.GetType().Name} should be sealed");
            Assert.All(analyzer.SupportedDiagnostics, d => Assert.Contains(d, catalog));
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_HasItsFilesListedByID(string id)
    {
        string map = File.ReadAllText(Path.Combine(Repository.Root, "docs", "rules", "README.md"));
        var row = Regex.Match(map, $@"^\| {id} \| `(?<analyzer>[^`]+)` \| (`(?<fix>[^`]+)`)? ?\| `(?<tests>[^`]+)` \| \[{id}\]\({id}\.md\) \|$", RegexOptions.Multiline);
        Assert.True(row.Success, $"docs/rules/README.md has no well-formed row for {id}");

        string analyzerPath = row.Groups["analyzer"].Value;
        Assert.True(File.Exists(Path.Combine(Repository.Root, analyzerPath)), analyzerPath);
        Assert.Contains(RuleCatalog.Analyzers, a => a.GetType().Name == Path.GetFileNameWithoutExtension(analyzerPath) && a.SupportedDiagnostics.Any(d => d.Id == id));

        var fixers = RuleCatalog.CodeFixes.Where(f => f.FixableDiagnosticIds.Contains(id)).Select(f => f.GetType().Name).ToList();
        string fixPath = row.Groups["fix"].Value;
        if (fixers.Count == 0)
        {
            Assert.Equal(string.Empty, fixPath);
        }
        else
        {
            Assert.True(File.Exists(Path.Combine(Repository.Root, fixPath)), fixPath);
            Assert.Contains(Path.GetFileNameWithoutExtension(fixPath), fixers);
        }

        string testsPath = row.Groups["tests"].Value;
        Assert.True(File.Exists(Path.Combine(Repository.Root, testsPath)), testsPath);
        string field = typeof(Descriptors).GetFields().Single(f => f.GetValue(null) == RuleCatalog.Descriptor(id)).Name;
        string tests = File.ReadAllText(Path.Combine(Repository.Root, testsPath));
        Assert.True(tests.Contains("Descriptors." + field, StringComparison.Ordinal) || tests.Contains(id, StringComparison.Ordinal), $"{testsPath} does not test {id}");
    }
}
