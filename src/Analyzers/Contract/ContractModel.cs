using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Text;

namespace SignalContract.Analyzers.Contract;

internal enum ContractProblemKind
{
    /// <summary>OBS0002: the contract cannot be trusted.</summary>
    Invalid,

    /// <summary>OBS0003: a key this version does not know, most often a typo.</summary>
    UnknownKey,

    /// <summary>OBS0005: a value the rest of the contract rules out; each part is still read, and the rules keep running.</summary>
    Contradiction,
}

internal sealed class ContractProblem
{
    public ContractProblem(ContractProblemKind kind, string message, TextSpan span, string? suggestion = null)
    {
        Kind = kind;
        Message = message;
        Span = span;
        Suggestion = suggestion;
    }

    public ContractProblemKind Kind { get; }

    public string Message { get; }

    public TextSpan Span { get; }

    /// <summary>For an unknown key, the known key that was most likely meant; the OBS0003 fix renames to it.</summary>
    public string? Suggestion { get; }
}

/// <summary>
/// The signal contract, parsed and validated once per distinct file content and shared by every rule.
/// Rules ask it questions; they never see JSON.
/// </summary>
internal sealed class ContractModel
{
    public const int SupportedVersion = 1;

    /// <summary>The defaults of every section: what contract-free rules see when no usable contract exists.</summary>
    public static readonly ContractModel Default = new(
        SupportedVersion,
        service: null,
        MetricsContract.Default,
        LogsContract.Default,
        TracesContract.Default,
        PiiContract.Default,
        ImmutableArray<ContractProblem>.Empty);

    public ContractModel(
        int version,
        string? service,
        MetricsContract metrics,
        LogsContract logs,
        TracesContract traces,
        PiiContract pii,
        ImmutableArray<ContractProblem> problems)
    {
        Version = version;
        Service = service;
        Metrics = metrics;
        Logs = logs;
        Traces = traces;
        Pii = pii;
        Problems = problems;
        foreach (var problem in problems)
        {
            if (problem.Kind == ContractProblemKind.Invalid)
            {
                IsValid = false;
                return;
            }
        }

        IsValid = true;
    }

    public int Version { get; }

    public string? Service { get; }

    public MetricsContract Metrics { get; }

    public LogsContract Logs { get; }

    public TracesContract Traces { get; }

    public PiiContract Pii { get; }

    /// <summary>Everything wrong with the file, in document order.</summary>
    public ImmutableArray<ContractProblem> Problems { get; }

    /// <summary>False when the file has an OBS0002 problem; contract-driven rules are then off.</summary>
    public bool IsValid { get; }
}
