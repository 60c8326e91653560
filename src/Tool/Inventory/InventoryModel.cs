using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace SignalContract.Tool.Inventory;

/// <summary>
/// A signal inventory, format version 1: every metric, span and log event one service emits, with where. The format
/// is language-neutral (docs/inventory.md, docs/inventory.schema.json): a Go or Rust service's tooling writes the same
/// file, and <c>parity</c> compares any two. A section that is null was not extracted by the producer; an empty one
/// was extracted and holds nothing.
/// </summary>
internal sealed record SignalInventory
{
    public const int CurrentVersion = 1;

    public const string SchemaId = "https://signalcontract.dev/schema/inventory-v1.json";

    [JsonPropertyName("$schema")]
    public string? Schema { get; init; } = SchemaId;

    public required int InventoryVersion { get; init; }

    /// <summary>The service's name: the contract's <c>service</c>, else the first project's name.</summary>
    public string? Service { get; init; }

    public required InventoryProducer Producer { get; init; }

    /// <summary>The projects, solutions or other inputs read, relative to the directory the producer ran in.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>The contract the signals were matched against, or null when none was used.</summary>
    public string? Contract { get; init; }

    public IReadOnlyList<MetricSignal>? Metrics { get; init; }

    public IReadOnlyList<SpanSignal>? Spans { get; init; }

    public IReadOnlyList<LogEvent>? Logs { get; init; }

    /// <summary>Places that emit a signal the producer could not name or link, with the reason.</summary>
    public IReadOnlyList<UnresolvedSite> Unresolved { get; init; } = [];

    /// <summary>Declared signals never emitted and emitted signals never declared; null without a contract.</summary>
    public ContractCoverage? Coverage { get; init; }
}

internal sealed record InventoryProducer
{
    public required string Tool { get; init; }

    public string? Version { get; init; }

    /// <summary>The language of the code read: <c>csharp</c>, <c>go</c>, <c>rust</c>, ...</summary>
    public required string Language { get; init; }

    /// <summary>What the producer wants readers to know, such as a section it does not extract yet.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>One instrument: a name as the code exports it, with its kind, unit and labels.</summary>
internal sealed record MetricSignal
{
    public required string Name { get; init; }

    /// <summary><c>otel</c> for an OpenTelemetry name (dots allowed), <c>prometheus</c> for a Prometheus client's name.</summary>
    public required string NameStyle { get; init; }

    /// <summary>A contract kind (<c>counter</c>, <c>histogram</c>, ...), or <c>summary</c> for a Prometheus summary.</summary>
    public required string Kind { get; init; }

    public string? Unit { get; init; }

    /// <summary>The name a Prometheus exporter shows: the OpenTelemetry-to-Prometheus translation, or the name itself.</summary>
    public required string PrometheusName { get; init; }

    /// <summary>The meter (instrumentation scope) that creates it, when known.</summary>
    public string? Meter { get; init; }

    /// <summary>The contract instrument this is, or null when the contract does not declare it.</summary>
    public string? DeclaredAs { get; init; }

    /// <summary>The contract instrument that lists this name in <c>renamedFrom</c>, or null.</summary>
    public string? RenamedTo { get; init; }

    /// <summary>Every label key of its readable record sites, sorted.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>The distinct label-key sets of its readable record sites, each sorted.</summary>
    public IReadOnlyList<IReadOnlyList<string>> LabelSets { get; init; } = [];

    public IReadOnlyList<MetricSite> Sites { get; init; } = [];
}

internal sealed record MetricSite
{
    /// <summary><c>creation</c> or <c>record</c>.</summary>
    public required string Role { get; init; }

    public required string File { get; init; }

    public required int Line { get; init; }

    /// <summary>A record site's label keys; null at a creation, or when the code builds them in a way not readable.</summary>
    public IReadOnlyList<string>? Labels { get; init; }
}

/// <summary>One span name started from one source with one kind.</summary>
internal sealed record SpanSignal
{
    public required string Name { get; init; }

    /// <summary>The ActivitySource or tracer name, when known.</summary>
    public string? Source { get; init; }

    /// <summary>OpenTelemetry span kind, lowercase: <c>internal</c>, <c>server</c>, <c>client</c>, <c>producer</c>, <c>consumer</c>.</summary>
    public string? Kind { get; init; }

    public string? DeclaredAs { get; init; }

    /// <summary>Every attribute key set on it (at the start or later), sorted.</summary>
    public IReadOnlyList<string> Attributes { get; init; } = [];

    public IReadOnlyList<SpanSite> Sites { get; init; } = [];
}

internal sealed record SpanSite
{
    /// <summary><c>start</c> or <c>attribute</c>.</summary>
    public required string Role { get; init; }

    public required string File { get; init; }

    public required int Line { get; init; }

    /// <summary>For an attribute site, the key set there.</summary>
    public string? Key { get; init; }
}

/// <summary>One log event: a level and a message template with the fields the event carries.</summary>
internal sealed record LogEvent
{
    /// <summary><c>trace</c>, <c>debug</c>, <c>information</c>, <c>warning</c>, <c>error</c> or <c>critical</c>; null when not constant.</summary>
    public string? Level { get; init; }

    /// <summary>A stable event name, when the code gives one (an EventId name, a logging method's name, a Go event constant).</summary>
    public string? Event { get; init; }

    /// <summary>The message template or message; null when it is built at run time.</summary>
    public string? Template { get; init; }

    /// <summary>Every field the event carries: template placeholders, enclosing scopes, context properties; sorted.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    public IReadOnlyList<LogSite> Sites { get; init; } = [];
}

internal sealed record LogSite
{
    public required string File { get; init; }

    public required int Line { get; init; }

    /// <summary><c>call</c>, or <c>declaration</c> where a logging method or message is declared; absent means a call.</summary>
    public string? Role { get; init; }

    /// <summary>The fields the event carries here, sorted; null when the producer cannot tell.</summary>
    public IReadOnlyList<string>? Fields { get; init; }

    /// <summary>Where each field comes from: the message, the call, the logger, a scope, the host or the pipeline.</summary>
    public IReadOnlyList<FieldOrigin>? Origins { get; init; }
}

/// <summary>One field of a log site and what supplies it there.</summary>
internal sealed record FieldOrigin
{
    public required string Field { get; init; }

    /// <summary><c>message</c>, <c>call</c>, <c>logger</c>, <c>scope</c>, <c>provider</c>, <c>host</c> or <c>pipeline</c>.</summary>
    public required string From { get; init; }

    /// <summary>Where the scope or logger that supplies it is written, when it is code.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? File { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Line { get; init; }

    /// <summary>What supplies it, by name, where no code does: a contract entry, a setting.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? By { get; init; }
}

internal sealed record UnresolvedSite
{
    /// <summary><c>metric</c>, <c>span</c> or <c>log</c>.</summary>
    public required string Signal { get; init; }

    public required string Role { get; init; }

    public required string File { get; init; }

    public required int Line { get; init; }

    public required string Reason { get; init; }
}

internal sealed record ContractCoverage
{
    public required string Contract { get; init; }

    public SectionCoverage? Metrics { get; init; }

    public SectionCoverage? Spans { get; init; }

    /// <summary>Log coverage: the required fields, and the events that lack them. Null when log events are not extracted.</summary>
    public LogCoverage? Logs { get; init; }
}

internal sealed record SectionCoverage
{
    /// <summary>How many the contract declares.</summary>
    public required int Declared { get; init; }

    /// <summary>Declared names the code never emits.</summary>
    public IReadOnlyList<string> NotEmitted { get; init; } = [];

    /// <summary>Emitted names the contract does not declare (and that are not renamed ones).</summary>
    public IReadOnlyList<string> Undeclared { get; init; } = [];

    /// <summary>Emitted names the contract lists as renamed, each with the name it became.</summary>
    public IReadOnlyList<RenamedName> Renamed { get; init; } = [];
}

internal sealed record RenamedName
{
    public required string Name { get; init; }

    public required string RenamedTo { get; init; }
}

internal sealed record LogCoverage
{
    public IReadOnlyList<string> RequiredFields { get; init; } = [];

    /// <summary>Required fields that some event at or above the contract's minimum level lacks, with no caller that could supply them.</summary>
    public IReadOnlyList<string> MissingOnSomeEvents { get; init; } = [];

    /// <summary>Each log site at or above the minimum level that lacks a required field where it is written.</summary>
    public IReadOnlyList<LackingSite> Lacking { get; init; } = [];
}

/// <summary>A log site that lacks required fields where it is written.</summary>
internal sealed record LackingSite
{
    public string? Level { get; init; }

    public string? Event { get; init; }

    public string? Template { get; init; }

    public required string File { get; init; }

    public required int Line { get; init; }

    public IReadOnlyList<string> Missing { get; init; } = [];

    /// <summary>True when the code runs for callers that may open the scope: OBS2001 follows them, the inventory does not.</summary>
    public bool CallersMaySupply { get; init; }
}
