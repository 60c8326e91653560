using System.Collections.Immutable;

namespace SignalContract.Analyzers.Contract;

/// <summary>Log levels in the order Microsoft.Extensions.Logging gives them, so they compare as numbers.</summary>
internal enum LogLevelThreshold
{
    Trace,
    Debug,
    Information,
    Warning,
    Error,
    Critical,
}

/// <summary>The <c>logs</c> section.</summary>
internal sealed class LogsContract
{
    public static readonly LogsContract Default = new(
        ImmutableArray<string>.Empty,
        NamingStyle.SnakeCase,
        ImmutableArray<string>.Empty,
        LogLevelThreshold.Information,
        ImmutableArray<string>.Empty,
        ImmutableArray<string>.Empty);

    public LogsContract(
        ImmutableArray<string> requiredFields,
        NamingStyle fieldStyle,
        ImmutableArray<string> fields,
        LogLevelThreshold minimumLevel,
        ImmutableArray<string> scopeProviders,
        ImmutableArray<string> ambientIn)
    {
        RequiredFields = requiredFields;
        FieldStyle = fieldStyle;
        Fields = fields;
        MinimumLevel = minimumLevel;
        ScopeProviders = scopeProviders;
        AmbientIn = ambientIn;
    }

    public ImmutableArray<string> RequiredFields { get; }

    public NamingStyle FieldStyle { get; }

    /// <summary>Canonical spellings of further log fields.</summary>
    public ImmutableArray<string> Fields { get; }

    public LogLevelThreshold MinimumLevel { get; }

    /// <summary>Fully-qualified methods (<c>Namespace.Type.Method</c>) whose returned scope supplies every required field.</summary>
    public ImmutableArray<string> ScopeProviders { get; }

    /// <summary>
    /// Fully-qualified base types, interfaces or attributes whose code runs inside a host-supplied scope, or methods
    /// (<c>Namespace.Type.Method</c>) whose lambda arguments do.
    /// </summary>
    public ImmutableArray<string> AmbientIn { get; }

    /// <summary>The canonical spelling (from <c>requiredFields</c> or <c>fields</c>) with the same words as <paramref name="name"/>, or null.</summary>
    public string? FindCanonicalField(string name) =>
        ContractNames.FindByWords(name, RequiredFields) ?? ContractNames.FindByWords(name, Fields);
}
