using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SignalContract.Analyzers.Logs;

namespace SignalContract.Analyzers.Tests.Logs;

/// <summary>The message-template parser and the map from a template literal's characters to their source positions.</summary>
public class MessageTemplateTests
{
    [Fact]
    public void NamesCaptureAlignmentAndFormat_AreRead()
    {
        var template = MessageTemplate.Parse("Order {@Order} of {$Customer} total {Total,10:N2} at {At:O} by {0}");

        Assert.Collection(
            template.Placeholders,
            p => Assert.Equal(("Order", PlaceholderCapture.Destructure, (string?)null, (string?)null), (p.Name, p.Capture, p.Alignment, p.Format)),
            p => Assert.Equal(("Customer", PlaceholderCapture.Stringify, (string?)null, (string?)null), (p.Name, p.Capture, p.Alignment, p.Format)),
            p => Assert.Equal(("Total", PlaceholderCapture.Default, "10", "N2"), (p.Name, p.Capture, p.Alignment, p.Format)),
            p => Assert.Equal(("At", PlaceholderCapture.Default, (string?)null, "O"), (p.Name, p.Capture, p.Alignment, p.Format)),
            p => Assert.True(p.IsPositional));
    }

    [Fact]
    public void Offsets_PointAtTheHoleAndTheName()
    {
        const string text = "Paid {@Amount,-8:C} now";
        var placeholder = Assert.Single(MessageTemplate.Parse(text).Placeholders);

        Assert.Equal("{@Amount,-8:C}", text.Substring(placeholder.Start, placeholder.Length));
        Assert.Equal("Amount", text.Substring(placeholder.NameStart, placeholder.Name.Length));
    }

    [Theory]
    [InlineData("Literal {{braces}} only")]
    [InlineData("Unclosed {brace")]
    [InlineData("Empty {} hole")]
    [InlineData("")]
    public void EscapedBracesAndBrokenHoles_AreText(string text) =>
        Assert.Empty(MessageTemplate.Parse(text).Placeholders);

    [Fact]
    public void EscapedBracesBesideAHole_LeaveTheHole()
    {
        var template = MessageTemplate.Parse("{{literal}} {Name} }}");
        Assert.Equal("Name", Assert.Single(template.Placeholders).Name);
    }

    [Fact]
    public void Escape_DoublesBraces() => Assert.Equal("a {{b}} c", MessageTemplate.Escape("a {b} c"));

    [Theory]
    [InlineData("\"Order {OrderId} placed\"")]
    [InlineData("\"Tab\\tthen {OrderId} \\u00e9 \\\"q\\\"\"")]
    [InlineData("@\"C:\\temp \"\"quoted\"\" {OrderId}\"")]
    [InlineData("\"\"\"Raw \"quoted\" {OrderId}\"\"\"")]
    [InlineData("\"\"\"\n        Multi\n        line {OrderId}\n          indented\n        \"\"\"")]
    [InlineData("\"\"\"\r\n    Windows\r\n    lines {OrderId}\r\n    \"\"\"")]
    public void SourceMap_PointsAtTheNameInEveryLiteralKind(string literal)
    {
        string source = "class C { string S = " + literal + "; }";
        var token = SyntaxFactory.ParseSyntaxTree(source).GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>().Single().Token;
        var map = TemplateSourceMap.Read(token);
        var placeholder = Assert.Single(MessageTemplate.Parse(token.ValueText).Placeholders);

        Assert.NotNull(map);
        Assert.Equal("OrderId", source.Substring(map!.SpanOf(placeholder.NameStart, placeholder.Name.Length).Start, "OrderId".Length));
        Assert.Equal("{OrderId}", source.Substring(map.SpanOf(placeholder.Start, placeholder.Length).Start, map.SpanOf(placeholder.Start, placeholder.Length).Length));
    }
}
