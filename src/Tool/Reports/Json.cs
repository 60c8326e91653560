using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using SignalContract.Tool.Cli;

namespace SignalContract.Tool.Reports;

/// <summary>The one JSON style of every file the tool writes: camelCase keys, nulls written out, two-space indents.</summary>
internal static class Json
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // Units such as {order} and names with quotes read as written, not as \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options) + "\n";

    /// <summary>A file of ours read back, or a <see cref="ToolException"/> that says where it is wrong.</summary>
    public static T Read<T>(string path, string what, ToolConsole console)
        where T : class
    {
        string text = console.ReadInput(path, what);
        try
        {
            return JsonSerializer.Deserialize<T>(text, Options) ?? throw new ToolException($"{path}: not a valid {what.ToLowerInvariant()}: the file holds null.");
        }
        catch (JsonException e)
        {
            throw new ToolException($"{path}: not a valid {what.ToLowerInvariant()}: {e.Message}");
        }
    }
}
