using System.IO;
using Microsoft.CodeAnalysis.Text;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Tests.Meta;

namespace SignalContract.Analyzers.Tests.Contract;

public class ContractReaderTests
{
    [Fact]
    public void AmbientInMethodNames_AreReadBesideTypeNames()
    {
        var model = ContractReader.Read("""
            { "version": 1, "logs": { "ambientIn": ["Microsoft.AspNetCore.Mvc.ControllerBase", "Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet"] } }
            """);

        Assert.Empty(model.Problems);
        Assert.Equal(new[] { "Microsoft.AspNetCore.Mvc.ControllerBase", "Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet" }, model.Logs.AmbientIn);
    }

    [Fact]
    public void RepositoryContract_ReadsEverySection()
    {
        var model = ContractReader.Read(File.ReadAllText(Path.Combine(Repository.Root, "contract.json")));

        Assert.Empty(model.Problems);
        Assert.True(model.IsValid);
        Assert.Equal("checkout", model.Service);
        Assert.Equal(new[] { "shop.checkout", "shop.payments" }, model.Metrics.Namespaces);
        Assert.Equal(MetricNameStyle.Otel, model.Metrics.NameStyle);
        Assert.True(model.Metrics.RequireDeclared);
        var orders = model.Metrics.FindInstrument("shop.checkout.orders");
        Assert.NotNull(orders);
        Assert.Equal(InstrumentKind.Counter, orders!.Kind);
        Assert.Equal("{order}", orders.Unit);
        Assert.Equal(new[] { "payment_method", "region" }, orders.Labels!.Value);
        Assert.Same(orders, model.Metrics.FindRenamed("checkout_orders_total"));
        Assert.Equal("user_id", model.Metrics.FindForbiddenLabel("UserId"));
        Assert.Equal(new[] { "request_id", "correlation_id" }, model.Logs.RequiredFields);
        Assert.Equal(LogLevelThreshold.Information, model.Logs.MinimumLevel);
        Assert.Equal("request_id", model.Logs.FindCanonicalField("RequestId"));
        Assert.Equal("tenant_id", model.Logs.FindCanonicalField("tenant-id"));
        Assert.Equal(new[] { "Microsoft.AspNetCore.Mvc.ControllerBase" }, model.Logs.AmbientIn);
        Assert.True(model.Traces.IsApprovedSource("shop.checkout.api"));
        Assert.False(model.Traces.IsApprovedSource("shop.checkoutx"));
        Assert.Equal(new[] { "payment_method" }, model.Traces.FindSpan("checkout.place_order")!.Attributes!.Value);
        Assert.True(model.Traces.RecordErrors);
        Assert.Equal("Shop.Privacy.Redact.Mask", model.Pii.Redactor);
    }

    [Fact]
    public void MinimalContract_GetsDocumentedDefaults()
    {
        var model = ContractReader.Read("""{ "version": 1 }""");

        Assert.True(model.IsValid);
        Assert.Empty(model.Metrics.Namespaces);
        Assert.True(model.Metrics.IsApprovedName("anything.at.all"));
        Assert.Equal(MetricNameStyle.Otel, model.Metrics.NameStyle);
        Assert.Equal(NamingStyle.SnakeCase, model.Metrics.LabelStyle);
        Assert.False(model.Metrics.RequireDeclared);
        Assert.Empty(model.Logs.RequiredFields);
        Assert.Equal(NamingStyle.SnakeCase, model.Logs.FieldStyle);
        Assert.Equal(LogLevelThreshold.Information, model.Logs.MinimumLevel);
        Assert.False(model.Traces.RequireDeclared);
        Assert.True(model.Traces.RecordErrors);
        Assert.Equal(PiiContract.BuiltInFields, model.Pii.Fields);
        Assert.Contains("api_key", model.Pii.Fields);
    }

    [Fact]
    public void PiiFields_ReplaceTheBuiltInList()
    {
        var model = ContractReader.Read("""{ "version": 1, "pii": { "fields": ["tax_number"] } }""");

        Assert.Equal("tax_number", model.Pii.FindPiiField("CustomerTaxNumber"));
        Assert.Null(model.Pii.FindPiiField("email"));
    }

    [Theory]
    [InlineData("customer_email", "email")]
    [InlineData("UserEmailAddress", "email")]
    [InlineData("CreditCardNumber", "credit_card")]
    [InlineData("user.ip_address", "ip_address")]
    [InlineData("email_domain", null)]
    [InlineData("EmailDomain", null)]
    [InlineData("user.email_domain", null)]
    [InlineData("CustomerEmailDomainHash", null)]
    [InlineData("email_domain_or_email", "email")]
    [InlineData("domain_email", "email")]
    [InlineData("emails_sent", null)]
    [InlineData("card", null)]
    [InlineData("phoneticKey", null)]
    [InlineData("PhoneNumber", "phone")]
    [InlineData("ClientIPAddress", "ip_address")]
    [InlineData("shipping_region", null)]
    public void PiiMatching_IsByContainedWords(string name, string? expected)
    {
        var model = ContractReader.Read("""{ "version": 1, "pii": { "allow": ["email_domain"] } }""");
        Assert.Equal(expected, model.Pii.FindPiiField(name));
    }

    [Fact]
    public void EveryProblem_IsReportedAtItsValue()
    {
        const string text = """
            {
              "version": 1,
              "metrics": {
                "requireDeclared": "yes",
                "nameStyle": "camel",
                "namespaces": ["shop", 3, ""],
                "instruments": [ { "kind": "timer" }, { "name": "a" }, { "name": "a" } ]
              },
              "logs": { "minimumLevel": "Info", "requiredFeilds": ["request_id"] },
              "traces": []
            }
            """;
        var model = ContractReader.Read(text);

        Assert.False(model.IsValid);
        var found = model.Problems.Select(p => (p.Kind, Snippet(text, p.Span), Position(text, p.Span))).ToArray();
        Assert.Equal(
            new[]
            {
                (ContractProblemKind.Invalid, "\"yes\"", "4:24"),
                (ContractProblemKind.Invalid, "\"camel\"", "5:18"),
                (ContractProblemKind.Invalid, "3", "6:28"),
                (ContractProblemKind.Invalid, "\"\"", "6:31"),
                (ContractProblemKind.Invalid, "{", "7:22"),
                (ContractProblemKind.Invalid, "\"timer\"", "7:32"),
                (ContractProblemKind.Invalid, "\"a\"", "7:70"),
                (ContractProblemKind.Invalid, "\"Info\"", "9:29"),
                (ContractProblemKind.UnknownKey, "\"requiredFeilds\"", "9:37"),
                (ContractProblemKind.Invalid, "[]", "10:13"),
            },
            found);
        Assert.Contains(model.Problems, p => p.Message.Contains("did you mean \"requiredFields\"?", StringComparison.Ordinal));
        Assert.Contains(model.Problems, p => p.Message.Contains("must be one of \"otel\", \"prometheus\", but is the string \"camel\"", StringComparison.Ordinal));
        Assert.Contains(model.Problems, p => p.Message.Contains("declared more than once", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ }""", "has no \"version\"")]
    [InlineData("""{ "version": 2 }""", "version 2 is not supported")]
    [InlineData("""{ "version": "1" }""", "must be the integer 1")]
    [InlineData("""{ "version": 1.5 }""", "must be the integer 1")]
    [InlineData("""[1]""", "must be a JSON object")]
    [InlineData("""{ "version": 1, "version": 1 }""", "Duplicate key \"version\"")]
    [InlineData("""{ "version": 1, "pii": { "redactor": 5 } }""", "\"pii.redactor\" must be a string")]
    [InlineData("""{ "version": 1, "traces": { "spans": [ { "name": "x", "attributes": "a" } ] } }""", "\"traces.spans[0].attributes\" must be an array")]
    [InlineData("""{ "version": 1, "logs": { "fields": ["a", "a"] } }""", "listed more than once")]
    [InlineData("""{ "version": 1, "$comment": 5 }""", "\"$comment\" must be a string")]
    [InlineData("""{ "version": 1 """, "Expected ',' or '}'")]
    public void InvalidContract_IsReportedAndMarkedInvalid(string text, string messagePart)
    {
        var model = ContractReader.Read(text);

        Assert.False(model.IsValid);
        Assert.Contains(model.Problems, p => p.Kind == ContractProblemKind.Invalid && p.Message.Contains(messagePart, StringComparison.Ordinal));
    }

    [Fact]
    public void Contradictions_AreWarningsThatKeepTheContractValid()
    {
        var model = ContractReader.Read("""{ "version": 1, "metrics": { "namespaces": ["shop"], "forbiddenLabels": ["user_id"], "instruments": [ { "name": "cart.items", "labels": ["user_id"] } ] } }""");

        Assert.True(model.IsValid);
        Assert.Equal(2, model.Problems.Length);
        Assert.All(model.Problems, p => Assert.Equal(ContractProblemKind.Contradiction, p.Kind));
        Assert.Equal(new[] { "user_id" }, model.Metrics.FindInstrument("cart.items")!.Labels!.Value);
    }

    [Fact]
    public void UnknownKeys_AreWarningsThatKeepTheContractValid()
    {
        var model = ContractReader.Read("""{ "version": 1, "$comment": "owned by platform", "extra": true, "metrics": { "nameStile": "otel", "$comment": "x" } }""");

        Assert.True(model.IsValid);
        Assert.Equal(2, model.Problems.Length);
        Assert.All(model.Problems, p => Assert.Equal(ContractProblemKind.UnknownKey, p.Kind));
        Assert.Contains("known keys are", model.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("did you mean \"nameStyle\"?", model.Problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonAsciiNames_AreRead()
    {
        var model = ContractReader.Read("""{ "version": 1, "metrics": { "namespaces": ["boutique.caisse", "магазин"] } }""");

        Assert.True(model.IsValid);
        Assert.True(model.Metrics.IsApprovedName("магазин.заказы"));
    }

    private static string Snippet(string text, TextSpan span) => text.Substring(span.Start, span.Length);

    private static string Position(string text, TextSpan span)
    {
        var position = SourceText.From(text).Lines.GetLinePosition(span.Start);
        return $"{position.Line + 1}:{position.Character + 1}";
    }
}
