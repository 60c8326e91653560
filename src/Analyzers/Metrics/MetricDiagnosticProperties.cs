namespace SignalContract.Analyzers.Metrics;

/// <summary>Keys of <c>Diagnostic.Properties</c> that carry what the metrics fixers need.</summary>
internal static class MetricDiagnosticProperties
{
    /// <summary>The name a fix writes instead (OBS1002, OBS1009); for OBS1001 several, separated by <see cref="Separator"/>.</summary>
    public const string NewName = "NewName";

    /// <summary>OBS1004: the contract's unit.</summary>
    public const string Unit = "Unit";

    /// <summary>OBS1003: the instrument kind as contract.json spells it.</summary>
    public const string Kind = "Kind";

    /// <summary>OBS1005 / OBS1007: what the fix does to the label at the location.</summary>
    public const string LabelAction = "LabelAction";

    /// <summary>OBS1005: the declared labels the record site misses, separated by <see cref="Separator"/>.</summary>
    public const string MissingLabels = "MissingLabels";

    /// <summary>OBS1005: every undeclared label key at the record site, separated by <see cref="Separator"/>.</summary>
    public const string UndeclaredLabels = "UndeclaredLabels";

    public const string RemoveLabel = "Remove";

    public const string AddLabels = "Add";

    public const char Separator = '|';
}
