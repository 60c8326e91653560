using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace SignalContract.Analyzers.Contract;

/// <summary>One entry of <c>traces.spans</c>.</summary>
internal sealed class SpanContract
{
    public SpanContract(string name, ImmutableArray<string>? attributes)
    {
        Name = name;
        Attributes = attributes;
    }

    public string Name { get; }

    /// <summary>The only attribute keys allowed on the span (besides error recording); null when the contract does not say.</summary>
    public ImmutableArray<string>? Attributes { get; }

    /// <summary>
    /// True when the span may carry <paramref name="key"/>: attributes are not checked, the key is one that error
    /// recording adds, or it has the words of a declared attribute.
    /// </summary>
    public bool AllowsAttribute(string key) =>
        Attributes is not { } declared
        || IsErrorRecordingKey(key)
        || ContractNames.FindByWords(key, declared) is not null;

    /// <summary>Keys the OpenTelemetry error conventions add: <c>error.type</c>, <c>exception.*</c>, <c>otel.status_*</c>.</summary>
    public static bool IsErrorRecordingKey(string key) =>
        key == "error.type"
        || key.StartsWith("exception.", StringComparison.Ordinal)
        || key.StartsWith("otel.status_", StringComparison.Ordinal);
}

/// <summary>The <c>traces</c> section.</summary>
internal sealed class TracesContract
{
    public static readonly TracesContract Default = new(
        ImmutableArray<string>.Empty,
        ImmutableArray<SpanContract>.Empty,
        requireDeclared: false,
        recordErrors: true);

    private readonly Dictionary<string, SpanContract> _byName = new(StringComparer.Ordinal);

    public TracesContract(ImmutableArray<string> sources, ImmutableArray<SpanContract> spans, bool requireDeclared, bool recordErrors)
    {
        Sources = sources;
        Spans = spans;
        RequireDeclared = requireDeclared;
        RecordErrors = recordErrors;

        // Asked at every span start and tag call: answered from a table built once per contract, not a scan.
        foreach (var span in spans)
        {
            if (!_byName.ContainsKey(span.Name))
            {
                _byName.Add(span.Name, span);
            }

            HasSpanAttributes |= span.Attributes is not null;
        }
    }

    /// <summary>Approved ActivitySource and tracer name namespaces; empty when not enforced.</summary>
    public ImmutableArray<string> Sources { get; }

    public ImmutableArray<SpanContract> Spans { get; }

    public bool RequireDeclared { get; }

    public bool RecordErrors { get; }

    public bool IsApprovedSource(string name) => ContractNames.IsInsideAny(name, Sources);

    /// <summary>True when some declared span lists its attributes, so OBS3006 has something to check.</summary>
    public bool HasSpanAttributes { get; }

    /// <summary>The declared span with exactly this name (the first, if the contract repeats it), or null.</summary>
    public SpanContract? FindSpan(string name) => _byName.TryGetValue(name, out var span) ? span : null;
}
