using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SignalContract.Analyzers.Pii;

/// <summary>
/// Keys of the data the PII analyzers hand their fixes in <c>Diagnostic.Properties</c>. Spans are written
/// <c>start:length</c> in the diagnostic's file.
/// </summary>
internal static class PiiDiagnosticProperties
{
    /// <summary>How a fix can take the field out (<see cref="Removals"/>); absent when it cannot.</summary>
    public const string Removal = "Removal";

    /// <summary>For <see cref="Removals.Placeholder"/>: the placeholder's index in the template.</summary>
    public const string Placeholder = "Placeholder";

    /// <summary>For <see cref="Removals.Entry"/> and <see cref="Removals.Call"/>: the span of the entry or call to remove.</summary>
    public const string RemovedSpan = "RemovedSpan";

    /// <summary>The span of the value expression, when a redactor can be wrapped around it (a string).</summary>
    public const string ValueSpan = "ValueSpan";

    /// <summary>The span of the name's characters in a literal, when a fix can rename the field.</summary>
    public const string NameSpan = "NameSpan";

    /// <summary>OBS4002: the object's members that are not personal data, comma-separated, when a fix can log them one by one.</summary>
    public const string Members = "Members";

    /// <summary>Values of <see cref="Removal"/>.</summary>
    public static class Removals
    {
        /// <summary>A placeholder of a literal template and the argument bound to it.</summary>
        public const string Placeholder = "Placeholder";

        /// <summary>An entry of a dictionary, pair array or tag collection written in place.</summary>
        public const string Entry = "Entry";

        /// <summary>A call that only adds the attribute or baggage item.</summary>
        public const string Call = "Call";
    }

    public static ImmutableDictionary<string, string?> WithSpan(this ImmutableDictionary<string, string?> properties, string key, Location? location) =>
        location is { IsInSource: true } ? properties.SetItem(key, Format(location.SourceSpan)) : properties;

    public static string Format(TextSpan span) =>
        span.Start.ToString(CultureInfo.InvariantCulture) + ":" + span.Length.ToString(CultureInfo.InvariantCulture);

    public static TextSpan? ReadSpan(ImmutableDictionary<string, string?> properties, string key)
    {
        if (!properties.TryGetValue(key, out string? text) || text is null)
        {
            return null;
        }

        int colon = text.IndexOf(':');
        return colon > 0
            && int.TryParse(text.Substring(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int start)
            && int.TryParse(text.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int length)
            ? new TextSpan(start, length)
            : null;
    }
}
