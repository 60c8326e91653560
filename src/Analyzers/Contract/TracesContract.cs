using System;
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

    public TracesContract(ImmutableArray<string> sources, ImmutableArray<SpanContract> spans, bool requireDeclared, bool recordErrors)
    {
        Sources = sources;
        Spans = spans;
        RequireDeclared = requireDeclared;
        RecordErrors = recordErrors;
    }

    /// <summary>Approved ActivitySource and tracer name namespaces; empty when not enforced.</summary>
    public ImmutableArray<string> Sources { get; }

    public ImmutableArray<SpanContract> Spans { get; }

    public bool RequireDeclared { get; }

    public bool RecordErrors { get; }

    public bool IsApprovedSource(string name) => ContractNames.IsInsideAny(name, Sources);

    /// <summary>True when some declared span lists its attributes, so OBS3006 has something to check.</summary>
    public bool HasSpanAttributes
    {
        get
        {
            foreach (var span in Spans)
            {
                if (span.Attributes is not null)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public SpanContract? FindSpan(string name)
    {
        foreach (var span in Spans)
        {
            if (string.Equals(span.Name, name, StringComparison.Ordinal))
            {
                return span;
            }
        }

        return null;
    }
}
