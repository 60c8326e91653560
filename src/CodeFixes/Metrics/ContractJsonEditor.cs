using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using SignalContract.Analyzers.Contract.Json;

namespace SignalContract.CodeFixes.Metrics;

/// <summary>An instrument to add to <c>metrics.instruments</c>; null members are left out of the entry.</summary>
internal sealed class InstrumentEntry
{
    public InstrumentEntry(string name, string? kind, string? unit, ImmutableArray<string>? labels)
    {
        Name = name;
        Kind = kind;
        Unit = unit;
        Labels = labels;
    }

    public string Name { get; }

    public string? Kind { get; }

    public string? Unit { get; }

    public ImmutableArray<string>? Labels { get; }

    public string ToJson()
    {
        var builder = new StringBuilder("{ \"name\": ").Append(Quote(Name));
        if (Kind is not null)
        {
            builder.Append(", \"kind\": ").Append(Quote(Kind));
        }

        if (Unit is not null)
        {
            builder.Append(", \"unit\": ").Append(Quote(Unit));
        }

        if (Labels is { } labels)
        {
            builder.Append(", \"labels\": [");
            for (int i = 0; i < labels.Length; i++)
            {
                builder.Append(i == 0 ? string.Empty : ", ").Append(Quote(labels[i]));
            }

            builder.Append(']');
        }

        return builder.Append(" }").ToString();
    }

    private static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                default:
                    if (c < ' ')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}

/// <summary>
/// Adds instruments to contract.json as a text edit, so the file keeps its own layout: new entries copy the
/// indentation of their neighbours, and missing <c>metrics</c> or <c>instruments</c> keys are added in the same style.
/// </summary>
internal static class ContractJsonEditor
{
    /// <summary>The new text, or null when the contract is not a JSON object (a broken file is not edited).</summary>
    public static string? AddInstruments(string text, IReadOnlyList<InstrumentEntry> entries)
    {
        var parsed = JsonParser.Parse(text);
        if (parsed.Root is not JsonObject root)
        {
            return null;
        }

        string unit = IndentUnit(text, root);
        var metrics = Property(root, "metrics");
        var instruments = metrics?.Value is JsonObject metricsObject ? Property(metricsObject, "instruments") : null;

        var declared = new HashSet<string>(System.StringComparer.Ordinal);
        if (instruments?.Value is JsonArray existing)
        {
            foreach (var item in existing.Items)
            {
                if (item is JsonObject entry && Property(entry, "name")?.Value is JsonString name)
                {
                    declared.Add(name.Value);
                }
            }
        }

        var items = new List<string>();
        foreach (var entry in entries)
        {
            if (declared.Add(entry.Name))
            {
                items.Add(entry.ToJson());
            }
        }

        if (items.Count == 0)
        {
            return text;
        }

        if (metrics is null)
        {
            return InsertProperty(text, root, "metrics", indent => "{\n" + indent + unit + "\"instruments\": " + ArrayText(items, indent + unit, unit) + "\n" + indent + "}", unit);
        }

        if (metrics.Value is not JsonObject metricsSection)
        {
            return null;
        }

        if (instruments is null)
        {
            return InsertProperty(text, metricsSection, "instruments", indent => ArrayText(items, indent, unit), unit);
        }

        if (instruments.Value is not JsonArray array)
        {
            return null;
        }

        if (array.Items.IsEmpty)
        {
            string indent = LineIndent(text, instruments.NameSpan.Start);
            return Replace(text, array.Span.Start, array.Span.End, ArrayText(items, indent, unit));
        }

        var last = array.Items[array.Items.Length - 1];
        string separator = StartsLine(text, last.Span.Start) ? ",\n" + LineIndent(text, last.Span.Start) : ", ";
        var insertion = new StringBuilder();
        foreach (string item in items)
        {
            insertion.Append(separator).Append(item);
        }

        return Replace(text, last.Span.End, last.Span.End, insertion.ToString());
    }

    private static JsonProperty? Property(JsonObject value, string name)
    {
        foreach (var property in value.Properties)
        {
            if (property.Name == name)
            {
                return property;
            }
        }

        return null;
    }

    /// <summary><c>[ item, item ]</c> over lines, closing bracket at <paramref name="indent"/>.</summary>
    private static string ArrayText(List<string> items, string indent, string unit)
    {
        var builder = new StringBuilder("[");
        for (int i = 0; i < items.Count; i++)
        {
            builder.Append(i == 0 ? "\n" : ",\n").Append(indent).Append(unit).Append(items[i]);
        }

        return builder.Append('\n').Append(indent).Append(']').ToString();
    }

    private static string InsertProperty(string text, JsonObject target, string name, System.Func<string, string> valueAt, string unit)
    {
        if (target.Properties.IsEmpty)
        {
            string outer = LineIndent(text, target.Span.Start);
            string inner = outer + unit;
            return Replace(text, target.Span.Start, target.Span.End, "{\n" + inner + "\"" + name + "\": " + valueAt(inner) + "\n" + outer + "}");
        }

        var last = target.Properties[target.Properties.Length - 1];
        string indent = LineIndent(text, last.NameSpan.Start);
        return Replace(text, last.Value.Span.End, last.Value.Span.End, ",\n" + indent + "\"" + name + "\": " + valueAt(indent));
    }

    /// <summary>The file's indentation step: how far the root's first property is indented, two spaces by default.</summary>
    private static string IndentUnit(string text, JsonObject root)
    {
        if (!root.Properties.IsEmpty && StartsLine(text, root.Properties[0].NameSpan.Start))
        {
            string indent = LineIndent(text, root.Properties[0].NameSpan.Start);
            if (indent.Length > 0)
            {
                return indent;
            }
        }

        return "  ";
    }

    private static string LineIndent(string text, int position)
    {
        int start = LineStart(text, position);
        int end = start;
        while (end < text.Length && (text[end] == ' ' || text[end] == '\t'))
        {
            end++;
        }

        return text.Substring(start, end - start);
    }

    private static bool StartsLine(string text, int position)
    {
        for (int i = LineStart(text, position); i < position; i++)
        {
            if (text[i] != ' ' && text[i] != '\t')
            {
                return false;
            }
        }

        return true;
    }

    private static int LineStart(string text, int position)
    {
        int start = position;
        while (start > 0 && text[start - 1] != '\n')
        {
            start--;
        }

        return start;
    }

    /// <summary>Inserted text is written with "\n" and takes the file's own line ending.</summary>
    private static string Replace(string text, int start, int end, string replacement)
    {
        if (text.IndexOf("\r\n", System.StringComparison.Ordinal) >= 0)
        {
            replacement = replacement.Replace("\n", "\r\n");
        }

        return text.Substring(0, start) + replacement + text.Substring(end);
    }
}
