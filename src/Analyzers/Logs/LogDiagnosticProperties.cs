namespace SignalContract.Analyzers.Logs;

/// <summary>Keys of the data the logging analyzers hand their fixes in <c>Diagnostic.Properties</c>.</summary>
internal static class LogDiagnosticProperties
{
    /// <summary>OBS2001: the missing required fields, comma-separated, in contract order.</summary>
    public const string MissingFields = "MissingFields";

    /// <summary>OBS2002: the spelling to rename the field to.</summary>
    public const string NewName = "NewName";

    /// <summary>OBS2002: what the field is (<see cref="FieldKinds"/>), which decides how a fix renames it.</summary>
    public const string FieldKind = "FieldKind";

    /// <summary>OBS2002: for a <c>[LoggerMessage]</c> placeholder or parameter, the parameter's name.</summary>
    public const string ParameterName = "ParameterName";

    /// <summary>OBS2004: the index of the argument that repeats the exception, among the template's arguments.</summary>
    public const string RepeatingArgument = "RepeatingArgument";

    /// <summary>Values of <see cref="FieldKind"/>.</summary>
    public static class FieldKinds
    {
        /// <summary>A placeholder or key written as a literal at the diagnostic's location: renamed in place.</summary>
        public const string InPlace = "InPlace";

        /// <summary>A placeholder of a <c>[LoggerMessage]</c> template, bound to the parameter <see cref="ParameterName"/>.</summary>
        public const string LoggerMessagePlaceholder = "LoggerMessagePlaceholder";

        /// <summary>A <c>[LoggerMessage]</c> parameter no placeholder names: the parameter is the field.</summary>
        public const string LoggerMessageParameter = "LoggerMessageParameter";
    }
}
