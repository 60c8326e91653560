using System.Collections.Immutable;

namespace SignalContract.Analyzers.Contract;

/// <summary>
/// The keys of contract format version 1, object by object. docs/contract.md and docs/contract.schema.json
/// document the same keys; a test keeps the three in step.
/// </summary>
internal static class ContractKeys
{
    /// <summary>Allowed in any object and ignored: JSON has no comments.</summary>
    public const string Comment = "$comment";

    public static readonly ImmutableArray<string> Root = ImmutableArray.Create("$schema", "version", "service", "metrics", "logs", "traces", "pii");

    public static readonly ImmutableArray<string> Metrics = ImmutableArray.Create("namespaces", "nameStyle", "labelStyle", "forbiddenLabels", "requireDeclared", "instruments");

    public static readonly ImmutableArray<string> Instrument = ImmutableArray.Create("name", "kind", "unit", "labels", "renamedFrom");

    public static readonly ImmutableArray<string> Logs = ImmutableArray.Create("requiredFields", "fieldStyle", "fields", "minimumLevel", "scopeProviders", "ambientIn");

    public static readonly ImmutableArray<string> Traces = ImmutableArray.Create("sources", "spans", "requireDeclared", "recordErrors");

    public static readonly ImmutableArray<string> Span = ImmutableArray.Create("name", "attributes");

    public static readonly ImmutableArray<string> Pii = ImmutableArray.Create("fields", "allow", "redactor");
}
