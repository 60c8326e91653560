using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis.Text;

namespace SignalContract.Analyzers.Contract.Json;

internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    Boolean,
    Null,
}

/// <summary>A parsed JSON value that remembers where it stands in the text, so problems can be reported at their line and column.</summary>
internal abstract class JsonValue
{
    protected JsonValue(TextSpan span) => Span = span;

    public TextSpan Span { get; }

    public abstract JsonKind Kind { get; }

    /// <summary>The JSON type name used in messages ("a string", "an array", ...).</summary>
    public string Description => DescribeKind(Kind);

    public static string DescribeKind(JsonKind kind) => kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.Boolean => "a boolean",
        _ => "null",
    };
}

internal sealed class JsonObject : JsonValue
{
    public JsonObject(TextSpan span, ImmutableArray<JsonProperty> properties)
        : base(span) => Properties = properties;

    public ImmutableArray<JsonProperty> Properties { get; }

    public override JsonKind Kind => JsonKind.Object;
}

internal sealed class JsonProperty
{
    public JsonProperty(string name, TextSpan nameSpan, JsonValue value)
    {
        Name = name;
        NameSpan = nameSpan;
        Value = value;
    }

    public string Name { get; }

    /// <summary>The span of the quoted key, quotes included.</summary>
    public TextSpan NameSpan { get; }

    public JsonValue Value { get; }
}

internal sealed class JsonArray : JsonValue
{
    public JsonArray(TextSpan span, ImmutableArray<JsonValue> items)
        : base(span) => Items = items;

    public ImmutableArray<JsonValue> Items { get; }

    public override JsonKind Kind => JsonKind.Array;
}

internal sealed class JsonString : JsonValue
{
    public JsonString(TextSpan span, string value)
        : base(span) => Value = value;

    public string Value { get; }

    public override JsonKind Kind => JsonKind.String;
}

internal sealed class JsonNumber : JsonValue
{
    public JsonNumber(TextSpan span, string text)
        : base(span) => Text = text;

    /// <summary>The number exactly as written.</summary>
    public string Text { get; }

    public override JsonKind Kind => JsonKind.Number;

    public bool TryGetInt32(out int value) =>
        int.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}

internal sealed class JsonBoolean : JsonValue
{
    public JsonBoolean(TextSpan span, bool value)
        : base(span) => Value = value;

    public bool Value { get; }

    public override JsonKind Kind => JsonKind.Boolean;
}

internal sealed class JsonNull : JsonValue
{
    public JsonNull(TextSpan span)
        : base(span)
    {
    }

    public override JsonKind Kind => JsonKind.Null;
}
