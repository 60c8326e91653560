using Microsoft.CodeAnalysis.Text;
using SignalContract.Analyzers.Contract.Json;

namespace SignalContract.Analyzers.Tests.Contract;

public class JsonParserTests
{
    [Fact]
    public void NestedDocument_KeepsValuesAndSpans()
    {
        const string text = """{ "a": [1, -2.5e3, true, false, null], "b": { "c": "d\"\u00e9\n" } }""";
        var result = JsonParser.Parse(text);

        var root = Assert.IsType<JsonObject>(result.Root);
        Assert.Null(result.Error);
        Assert.Equal(2, root.Properties.Length);
        var a = Assert.IsType<JsonArray>(root.Properties[0].Value);
        Assert.Equal(new[] { JsonKind.Number, JsonKind.Number, JsonKind.Boolean, JsonKind.Boolean, JsonKind.Null }, a.Items.Select(i => i.Kind));
        Assert.Equal("-2.5e3", ((JsonNumber)a.Items[1]).Text);
        var c = Assert.IsType<JsonString>(Assert.IsType<JsonObject>(root.Properties[1].Value).Properties[0].Value);
        Assert.Equal("d\"é\n", c.Value);
        Assert.Equal("\"b\"", text.Substring(root.Properties[1].NameSpan.Start, root.Properties[1].NameSpan.Length));
        Assert.Equal("[1, -2.5e3, true, false, null]", text.Substring(a.Span.Start, a.Span.Length));
    }

    [Fact]
    public void ByteOrderMark_IsSkipped()
    {
        var result = JsonParser.Parse("\uFEFF{}");
        Assert.IsType<JsonObject>(result.Root);
    }

    [Theory]
    [InlineData("", "empty", 1, 1)]
    [InlineData("   \n  ", "empty", 1, 1)]
    [InlineData("{ \"a\": 1,\n  }", "Trailing comma", 2, 3)]
    [InlineData("{ \"a\" 1 }", "Expected ':'", 1, 7)]
    [InlineData("{ a: 1 }", "double quotes", 1, 3)]
    [InlineData("{ \"a\": 'x' }", "Unexpected character", 1, 8)]
    [InlineData("{ \"a\": tru }", "Unexpected 'tru'", 1, 8)]
    [InlineData("{ \"a\": \"abc }", "Unterminated string", 1, 8)]
    [InlineData("{ \"a\": \"a\nb\" }", "line break", 1, 10)]
    [InlineData("{ \"a\": \"\\q\" }", "Invalid escape", 1, 9)]
    [InlineData("{ \"a\": \"\\u12\" }", "\\u escape", 1, 9)]
    [InlineData("{ \"a\": 01 }", "leading zeros", 1, 9)]
    [InlineData("{ \"a\": 1. }", "decimal point", 1, 10)]
    [InlineData("{ \"a\": - }", "expected a digit", 1, 9)]
    [InlineData("{ \"a\": 1e }", "exponent", 1, 10)]
    [InlineData("[1, 2,]", "Trailing comma", 1, 7)]
    [InlineData("[1 2]", "Expected ',' or ']'", 1, 4)]
    [InlineData("{} {}", "after the end", 1, 4)]
    [InlineData("{ // note\n}", "Comments", 1, 3)]
    [InlineData("{ \"a\": 1", "Expected ',' or '}'", 1, 9)]
    public void SyntaxError_ReportsMessageLineAndColumn(string text, string messagePart, int line, int column)
    {
        var result = JsonParser.Parse(text);

        Assert.Null(result.Root);
        Assert.Contains(messagePart, result.Error, StringComparison.Ordinal);
        var position = SourceText.From(text).Lines.GetLinePosition(result.ErrorSpan.Start);
        Assert.Equal((line, column), (position.Line + 1, position.Character + 1));
    }

    [Fact]
    public void DeepNesting_IsAnErrorNotAStackOverflow()
    {
        string text = new string('[', 100_000) + new string(']', 100_000);
        var result = JsonParser.Parse(text);

        Assert.Null(result.Root);
        Assert.Contains("nested more than", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void NestingAtTheLimit_Parses()
    {
        string text = new string('[', JsonParser.MaxDepth) + new string(']', JsonParser.MaxDepth);
        Assert.NotNull(JsonParser.Parse(text).Root);
    }

    [Fact]
    public void DuplicateKeys_AreKeptForTheReaderToReport()
    {
        var root = Assert.IsType<JsonObject>(JsonParser.Parse("""{ "a": 1, "a": 2 }""").Root);
        Assert.Equal(2, root.Properties.Length);
    }
}
