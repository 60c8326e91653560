using System.Threading.Tasks;
using SignalContract.Analyzers.Catalog;
using SignalContract.CodeFixes.Pii;
using LogRedaction = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<SignalContract.Analyzers.Pii.LogPiiAnalyzer, SignalContract.CodeFixes.Pii.PiiRemovalCodeFix>;
using MembersFix = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<SignalContract.Analyzers.Pii.LogPiiAnalyzer, SignalContract.CodeFixes.Pii.LoggedObjectMembersCodeFix>;
using LogRemoval = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<SignalContract.Analyzers.Pii.LogPiiAnalyzer, SignalContract.CodeFixes.Pii.PiiRemovalCodeFix>;
using TagRedaction = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<SignalContract.Analyzers.Pii.TagPiiAnalyzer, SignalContract.CodeFixes.Pii.PiiRemovalCodeFix>;
using TagRemoval = SignalContract.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<SignalContract.Analyzers.Pii.TagPiiAnalyzer, SignalContract.CodeFixes.Pii.PiiRemovalCodeFix>;

namespace SignalContract.Analyzers.Tests.Pii;

/// <summary>The PII fixes: removal (OBS4001 scope entries, OBS4003, OBS4004) and the redactor wrap (OBS4001, OBS4003), each with two findings in one file.</summary>
public class PiiCodeFixTests
{
    private const string Members = """
        private static readonly System.Diagnostics.ActivitySource Source = new("shop.checkout");
        private static readonly System.Diagnostics.Metrics.Meter Meter = new("shop.checkout");
        private static readonly System.Diagnostics.Metrics.Counter<long> Orders = Meter.CreateCounter<long>("shop.checkout.orders");
        """;

    [Fact]
    public Task SpanAttributesAndLabels_AreRemoved() =>
        TagRemoval.VerifyCodeFixAsync(
            PiiTestCode.InService(
                """
                Orders.Add(2);
                System.Diagnostics.Activity.Current?.SetTag("{|#0:user.email|}", email);
                System.Diagnostics.Activity.Current?.SetTag("user.id", customer.Id).SetTag("contact", {|#1:customer.PhoneNumber|});
                Orders.Add(1, new KeyValuePair<string, object?>("tier", customer.Tier), new KeyValuePair<string, object?>("{|#2:customer_email|}", email));
                """,
                Members),
            PiiTestCode.InService(
                """
                Orders.Add(2);
                System.Diagnostics.Activity.Current?.SetTag("user.id", customer.Id);
                Orders.Add(1, new KeyValuePair<string, object?>("tier", customer.Tier));
                """,
                Members),
            PiiTestCode.ContractWithoutRedactor,
            PiiRemovalCodeFix.RemoveKey,
            TagRemoval.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(0).WithArguments("Span attribute 'user.email'", "email"),
            TagRemoval.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(1).WithArguments("'customer.PhoneNumber' (span attribute 'contact')", "phone"),
            TagRemoval.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(2).WithArguments("Metric label 'customer_email'", "email"));

    [Fact]
    public Task BaggageItems_AreRemoved() =>
        TagRemoval.VerifyCodeFixAsync(
            PiiTestCode.InService(
                """
                System.Diagnostics.Activity.Current?.AddBaggage("tenant.id", orderId);
                System.Diagnostics.Activity.Current?.AddBaggage("{|#0:user.email|}", email);
                OpenTelemetry.Baggage.SetBaggage("contact", {|#1:customer.PhoneNumber|});
                """,
                Members),
            PiiTestCode.InService(
                """
                System.Diagnostics.Activity.Current?.AddBaggage("tenant.id", orderId);
                """,
                Members),
            PiiTestCode.ContractWithoutRedactor,
            PiiRemovalCodeFix.RemoveKey,
            TagRemoval.Diagnostic(Descriptors.PiiInBaggage).WithLocation(0).WithArguments("Baggage item 'user.email'", "email"),
            TagRemoval.Diagnostic(Descriptors.PiiInBaggage).WithLocation(1).WithArguments("'customer.PhoneNumber' (baggage item 'contact')", "phone"));

    [Fact]
    public Task StartActivityTags_AreRemoved() =>
        TagRemoval.VerifyCodeFixAsync(
            PiiTestCode.InService(
                """
                using var activity = Source.StartActivity("sign_in", System.Diagnostics.ActivityKind.Server, default(System.Diagnostics.ActivityContext), tags: new Dictionary<string, object?> { ["{|#0:user.email|}"] = email, ["order.id"] = orderId, ["contact"] = {|#1:customer.PhoneNumber|} });
                """,
                Members),
            PiiTestCode.InService(
                """
                using var activity = Source.StartActivity("sign_in", System.Diagnostics.ActivityKind.Server, default(System.Diagnostics.ActivityContext), tags: new Dictionary<string, object?> { ["order.id"] = orderId });
                """,
                Members),
            PiiTestCode.ContractWithoutRedactor,
            PiiRemovalCodeFix.RemoveKey,
            TagRemoval.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(0).WithArguments("Span attribute 'user.email'", "email"),
            TagRemoval.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(1).WithArguments("'customer.PhoneNumber' (span attribute 'contact')", "phone"));

    [Fact]
    public Task ScopeEntries_AreRemoved() =>
        LogRemoval.VerifyCodeFixAsync(
            PiiTestCode.InService(
                """
                using (_logger.BeginScope(new Dictionary<string, object> { ["{|#0:customer_email|}"] = email, ["order_id"] = orderId, ["contact"] = {|#1:customer.PhoneNumber|} })) { }
                """),
            PiiTestCode.InService(
                """
                using (_logger.BeginScope(new Dictionary<string, object> { ["order_id"] = orderId })) { }
                """),
            PiiTestCode.ContractWithoutRedactor,
            PiiRemovalCodeFix.RemoveKey,
            LogRemoval.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(0).WithArguments("Log field 'customer_email'", "email"),
            LogRemoval.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(1).WithArguments("'customer.PhoneNumber' (logged as 'contact')", "phone"));

    [Fact]
    public Task LogFields_AreRemovedWithTheirValues() =>
        LogRemoval.VerifyCodeFixAsync(
            PiiTestCode.InService(
                """
                _logger.LogInformation("Customer {{|#0:Email|}} signed in for order {OrderId}", email, orderId);
                _serilog.Information("Order {OrderId} paid: {Card}", orderId, {|#1:request.CardNumber|});
                """),
            PiiTestCode.InService(
                """
                _logger.LogInformation("Customer signed in for order {OrderId}", orderId);
                _serilog.Information("Order {OrderId} paid", orderId);
                """),
            PiiTestCode.ContractWithoutRedactor,
            PiiRemovalCodeFix.RemoveKey,
            LogRemoval.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(0).WithArguments("Log field 'Email'", "email"),
            LogRemoval.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(1).WithArguments("'request.CardNumber' (logged as 'Card')", "card_number"));

    [Fact]
    public Task LoggedObjects_LogTheirOtherMembers() =>
        MembersFix.VerifyCodeFixAsync(
            PiiTestCode.InService(
                """
                _logger.LogInformation("Order {Order} placed", {|#0:order|});
                _serilog.Information("Placed {@Placed} at {Time}", {|#1:order|}, DateTime.UtcNow);
                """),
            PiiTestCode.InService(
                """
                _logger.LogInformation("Order {order_id}, {order_total} placed", order.Id, order.Total);
                _serilog.Information("Placed {order_id}, {order_total} at {Time}", order.Id, order.Total, DateTime.UtcNow);
                """),
            PiiTestCode.ContractWithoutRedactor,
            LoggedObjectMembersCodeFix.LogMembersKey,
            MembersFix.Diagnostic(Descriptors.PiiInLoggedObject).WithLocation(0).WithArguments("order", "as text (a record prints every property)", "in 'CustomerEmail'"),
            MembersFix.Diagnostic(Descriptors.PiiInLoggedObject).WithLocation(1).WithArguments("order", "with its structure", "in 'CustomerEmail'"));

    /// <summary>Each finding's fix is for its own placeholder, also when an earlier one in the call is innocent.</summary>
    [Fact]
    public Task LoggedObjectsAfterOtherPlaceholders_LogTheirOtherMembers() =>
        MembersFix.VerifyCodeFixAsync(
            PiiTestCode.InService(
                """
                _logger.LogInformation("At {Time} order {Order} placed", DateTime.UtcNow, {|#0:order|});
                _serilog.Information("{Time}: {OrderId} {@Placed}", DateTime.UtcNow, orderId, {|#1:order|});
                """),
            PiiTestCode.InService(
                """
                _logger.LogInformation("At {Time} order {order_id}, {order_total} placed", DateTime.UtcNow, order.Id, order.Total);
                _serilog.Information("{Time}: {OrderId} {order_id}, {order_total}", DateTime.UtcNow, orderId, order.Id, order.Total);
                """),
            PiiTestCode.ContractWithoutRedactor,
            LoggedObjectMembersCodeFix.LogMembersKey,
            MembersFix.Diagnostic(Descriptors.PiiInLoggedObject).WithLocation(0).WithArguments("order", "as text (a record prints every property)", "in 'CustomerEmail'"),
            MembersFix.Diagnostic(Descriptors.PiiInLoggedObject).WithLocation(1).WithArguments("order", "with its structure", "in 'CustomerEmail'"));

    [Fact]
    public Task EmbeddedStatement_IsNotRemoved() =>
        TagRemoval.VerifyCodeFixAsync(
            PiiTestCode.InService("""if (emailSent) System.Diagnostics.Activity.Current?.SetTag("{|#0:user.email|}", email);""", Members),
            PiiTestCode.InService("""if (emailSent) System.Diagnostics.Activity.Current?.SetTag("{|#0:user.email|}", email);""", Members),
            PiiTestCode.ContractWithoutRedactor,
            PiiRemovalCodeFix.RemoveKey,
            TagRemoval.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(0).WithArguments("Span attribute 'user.email'", "email"));

    [Fact]
    public Task LogValues_AreRedacted() =>
        LogRedaction.VerifyCodeFixAsync(
            PiiTestCode.InService(
                """
                _logger.LogInformation("Customer {{|#0:Email|}} signed in", email);
                _logger.LogInformation("Customer {Contact} signed in", {|#1:customer.Email|});
                using (_logger.BeginScope(new Dictionary<string, object> { ["{|#2:user_phone|}"] = customer.PhoneNumber })) { }
                """),
            PiiTestCode.InService(
                """
                _logger.LogInformation("Customer {EmailRedacted} signed in", Redact.Mask(email));
                _logger.LogInformation("Customer {Contact} signed in", Redact.Mask(customer.Email));
                using (_logger.BeginScope(new Dictionary<string, object> { ["user_phone_redacted"] = Redact.Mask(customer.PhoneNumber) })) { }
                """),
            PiiTestCode.Contract,
            PiiRemovalCodeFix.RedactKey,
            LogRedaction.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(0).WithArguments("Log field 'Email'", "email"),
            LogRedaction.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(1).WithArguments("'customer.Email' (logged as 'Contact')", "email"),
            LogRedaction.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(2).WithArguments("Log field 'user_phone'", "phone"));

    /// <summary>Each finding's redaction wraps its own value and renames its own placeholder.</summary>
    [Fact]
    public Task LogValuesAfterOtherPlaceholders_AreRedacted() =>
        LogRedaction.VerifyCodeFixAsync(
            PiiTestCode.InService(
                """
                _logger.LogInformation("Order {OrderId} for {{|#0:Email|}} and {Contact}", orderId, email, {|#1:customer.PhoneNumber|});
                _serilog.ForContext("{|#2:Email|}", email).Information("Signed in");
                """),
            PiiTestCode.InService(
                """
                _logger.LogInformation("Order {OrderId} for {EmailRedacted} and {Contact}", orderId, Redact.Mask(email), Redact.Mask(customer.PhoneNumber));
                _serilog.ForContext("EmailRedacted", Redact.Mask(email)).Information("Signed in");
                """),
            PiiTestCode.Contract,
            PiiRemovalCodeFix.RedactKey,
            LogRedaction.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(0).WithArguments("Log field 'Email'", "email"),
            LogRedaction.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(1).WithArguments("'customer.PhoneNumber' (logged as 'Contact')", "phone"),
            LogRedaction.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(2).WithArguments("Log field 'Email'", "email"));

    [Fact]
    public Task SpanAttributes_AreRedacted() =>
        TagRedaction.VerifyCodeFixAsync(
            PiiTestCode.InService(
                """
                System.Diagnostics.Activity.Current?.SetTag("{|#0:user.email|}", email);
                System.Diagnostics.Activity.Current?.SetTag("contact", {|#1:customer.PhoneNumber|});
                """,
                Members),
            PiiTestCode.InService(
                """
                System.Diagnostics.Activity.Current?.SetTag("user.email_redacted", Redact.Mask(email));
                System.Diagnostics.Activity.Current?.SetTag("contact", Redact.Mask(customer.PhoneNumber));
                """,
                Members),
            PiiTestCode.Contract,
            PiiRemovalCodeFix.RedactKey,
            TagRedaction.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(0).WithArguments("Span attribute 'user.email'", "email"),
            TagRedaction.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(1).WithArguments("'customer.PhoneNumber' (span attribute 'contact')", "phone"));

    [Fact]
    public Task NoRedactor_NoRedaction() =>
        LogRedaction.VerifyCodeFixAsync(
            PiiTestCode.InService("""_logger.LogInformation("Customer {{|#0:Email|}} signed in", email);"""),
            PiiTestCode.InService("""_logger.LogInformation("Customer {{|#0:Email|}} signed in", email);"""),
            PiiTestCode.ContractWithoutRedactor,
            PiiRemovalCodeFix.RedactKey,
            LogRedaction.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(0).WithArguments("Log field 'Email'", "email"));
}
