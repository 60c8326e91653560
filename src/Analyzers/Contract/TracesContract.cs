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
