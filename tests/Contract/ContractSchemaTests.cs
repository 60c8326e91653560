using System.Collections.Immutable;
using System.IO;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Tests.Meta;

namespace SignalContract.Analyzers.Tests.Contract;

/// <summary>docs/contract.schema.json, docs/contract.md and the reader describe one format.</summary>
public class ContractSchemaTests
{
    private static readonly string SchemaPath = Path.Combine(Repository.Root, "docs", "contract.schema.json");

    private static readonly Lazy<Task<JsonSchema>> Schema = new(() => JsonSchema.FromFileAsync(SchemaPath));

    public static TheoryData<string> SchemaObjects => new() { "root", "metrics", "instrument", "logs", "traces", "span", "pii" };

    [Fact]
    public async Task RepositoryContract_ValidatesAgainstTheSchema()
    {
        var schema = await Schema.Value;
        var errors = schema.Validate(File.ReadAllText(Path.Combine(Repository.Root, "contract.json")));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("""{ "version": 1 }""", true)]
    [InlineData("""{ "version": 1, "$comment": "x", "metrics": { "$comment": "y", "nameStyle": "prometheus" } }""", true)]
    [InlineData("""{ "version": 1, "traces": { "spans": [ { "name": "a", "attributes": [] } ] }, "pii": { "fields": [] } }""", true)]
    [InlineData("""{ }""", false)]
    [InlineData("""{ "version": 2 }""", false)]
    [InlineData("""{ "version": 1, "logs": { "requiredFeilds": ["request_id"] } }""", false)]
    [InlineData("""{ "version": 1, "metrics": { "requireDeclared": "yes" } }""", false)]
    [InlineData("""{ "version": 1, "metrics": { "instruments": [ { "name": "a", "kind": "timer" } ] } }""", false)]
    [InlineData("""{ "version": 1, "metrics": { "instruments": [ { "kind": "counter" } ] } }""", false)]
    [InlineData("""{ "version": 1, "logs": { "minimumLevel": "information" } }""", false)]
    [InlineData("""{ "version": 1, "metrics": { "namespaces": ["a", "a"] } }""", false)]
    [InlineData("""{ "version": 1, "traces": { "sources": [""] } }""", false)]
    [InlineData("""{ "version": 1, "service": null }""", false)]
    [InlineData("""{ "version": 1, "service": "" }""", false)]
    [InlineData("""{ "version": 1, "metrics": { "instruments": [ { "name": "a", "unit": "" } ] } }""", false)]
    [InlineData("""{ "version": 1, "metrics": { "instruments": [ { "name": "" } ] } }""", false)]
    [InlineData("""{ "version": 1, "pii": { "redactor": "" } }""", false)]
    [InlineData("""{ "$schema": "", "version": 1 }""", true)]
    [InlineData("""{ "version": 1, "logs": { "ambientIn": ["Microsoft.AspNetCore.Mvc.ControllerBase", "Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet"] } }""", true)]
    [InlineData("""{ "version": 1, "logs": { "ambientIn": [""] } }""", false)]
    public async Task SchemaAndReader_AgreeOnValidity(string contract, bool valid)
    {
        var schema = await Schema.Value;
        var model = ContractReader.Read(contract);

        Assert.Equal(valid, schema.Validate(contract).Count == 0);
        Assert.Equal(valid, model.Problems.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(SchemaObjects))]
    public void Schema_DefinesExactlyTheKeysTheReaderKnows(string name)
    {
        var schema = JObject.Parse(File.ReadAllText(SchemaPath));
        var properties = name switch
        {
            "root" => schema["properties"],
            "instrument" => schema["$defs"]!["instrument"]!["properties"],
            "span" => schema["$defs"]!["span"]!["properties"],
            _ => schema["properties"]![name]!["properties"],
        };
        var schemaKeys = ((JObject)properties!).Properties().Select(p => p.Name).Where(k => k != ContractKeys.Comment).OrderBy(k => k, StringComparer.Ordinal);

        Assert.Equal(ReaderKeys(name).OrderBy(k => k, StringComparer.Ordinal), schemaKeys);
    }

    [Theory]
    [MemberData(nameof(SchemaObjects))]
    public void Docs_DescribeEveryKey(string name)
    {
        string docs = File.ReadAllText(Path.Combine(Repository.Root, "docs", "contract.md")).Replace("\r\n", "\n");
        string prefix = name switch
        {
            "root" => "",
            "instrument" => "metrics.instruments[].",
            "span" => "traces.spans[].",
            _ => name + ".",
        };
        Assert.All(ReaderKeys(name), key => Assert.Matches($@"(?m)^#+ `{System.Text.RegularExpressions.Regex.Escape(prefix + key)}`$", docs));
    }

    private static ImmutableArray<string> ReaderKeys(string name) => name switch
    {
        "root" => ContractKeys.Root,
        "metrics" => ContractKeys.Metrics,
        "instrument" => ContractKeys.Instrument,
        "logs" => ContractKeys.Logs,
        "traces" => ContractKeys.Traces,
        "span" => ContractKeys.Span,
        _ => ContractKeys.Pii,
    };
}
