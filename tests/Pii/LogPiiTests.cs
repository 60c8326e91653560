using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Tests.Verifiers;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Pii.LogPiiAnalyzer>;

namespace SignalContract.Analyzers.Tests.Pii;

/// <summary>OBS4001 and OBS4002 in every API shape of the logging family.</summary>
public class LogPiiTests
{
    [Theory]
    [InlineData("""_logger.LogInformation("Customer {{|#0:Email|}} signed in", email);""", "Log field 'Email'", "email")]
    [InlineData("""_logger.LogWarning(new EventId(3), "Reset for {{|#0:customer_email|}}", customer.Email);""", "Log field 'customer_email'", "email")]
    [InlineData("""_logger.Log(LogLevel.Information, "Sign-in {{|#0:Password|}}", request.Password);""", "Log field 'Password'", "password")]
    [InlineData("""_logger.LogInformation("Card {{|#0:CardNumber|}}", (object)request.CardNumber);""", "Log field 'CardNumber'", "card_number")]
    [InlineData("""_serilog.Information("Customer {{|#0:Email|}} signed in", email);""", "Log field 'Email'", "email")]
    [InlineData("""Serilog.Log.Warning("Customer {@{|#0:PhoneNumber|}}", customer.PhoneNumber);""", "Log field 'PhoneNumber'", "phone")]
    [InlineData("""using (_logger.BeginScope("Customer {{|#0:Email|}}", email)) { }""", "Log field 'Email'", "email")]
    [InlineData("""using (_logger.BeginScope(new Dictionary<string, object> { ["{|#0:customer_email|}"] = email })) { }""", "Log field 'customer_email'", "email")]
    [InlineData("""using (_logger.BeginScope(new Dictionary<string, object> { { "{|#0:customer_email|}", email } })) { }""", "Log field 'customer_email'", "email")]
    [InlineData("""using (_logger.BeginScope(new[] { new KeyValuePair<string, object>("{|#0:user.email|}", email) })) { }""", "Log field 'user.email'", "email")]
    [InlineData("""using (Serilog.Context.LogContext.PushProperty("{|#0:Email|}", email)) { }""", "Log field 'Email'", "email")]
    [InlineData("""_serilog.ForContext("{|#0:Email|}", email).Information("Signed in");""", "Log field 'Email'", "email")]
    public Task PiiFieldName_Triggers(string statement, string field, string entry) =>
        VerifyAsync(PiiTestCode.InService(statement), Verify.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(0).WithArguments(field, entry));

    [Theory]
    [InlineData("""_logger.LogInformation("Customer {Contact} signed in", {|#0:customer.Email|});""", "'customer.Email' (logged as 'Contact')", "email")]
    [InlineData("""_logger.LogInformation("Attempt with {Attempt}", {|#0:password|});""", "'password' (logged as 'Attempt')", "password")]
    [InlineData("""_logger.LogInformation("Charging {Card}", {|#0:request.CardNumber|});""", "'request.CardNumber' (logged as 'Card')", "card_number")]
    [InlineData("""_logger.LogInformation("Charging {0}", {|#0:request.CardNumber|});""", "'request.CardNumber' (written into the message text)", "card_number")]
    [InlineData("""_logger.LogInformation("Contact {Contact}", {|#0:customer.GetEmail()|});""", "'customer.GetEmail()' (logged as 'Contact')", "email")]
    [InlineData("""_logger.LogInformation("Contact {Contact}", {|#0:email.Trim().ToLowerInvariant()|});""", "'email.Trim().ToLowerInvariant()' (logged as 'Contact')", "email")]
    [InlineData("""_logger.LogInformation("Contact {Contact}", {|#0:$"<{email}>"|});""", "'$\"<{email}>\"' (logged as 'Contact')", "email")]
    [InlineData("""_serilog.Information("Contact {Contact}", {|#0:customer?.Email|});""", "'customer?.Email' (logged as 'Contact')", "email")]
    [InlineData("""_logger.LogInformation($"Signed in {{|#0:customer.Email|}}");""", "'customer.Email' (written into the message text)", "email")]
    [InlineData("""_logger.LogInformation("Signed in " + {|#0:email|});""", "'email' (written into the message text)", "email")]
    [InlineData("""using (_logger.BeginScope({|#0:customer.Email|})) { }""", "'customer.Email' (written into the message text)", "email")]
    [InlineData("""using (_logger.BeginScope(new Dictionary<string, object> { ["contact"] = {|#0:customer.Email|} })) { }""", "'customer.Email' (logged as 'contact')", "email")]
    [InlineData("""using (Serilog.Context.LogContext.PushProperty("Contact", {|#0:customer.Email|})) { }""", "'customer.Email' (logged as 'Contact')", "email")]
    public Task PiiValueUnderInnocentName_Triggers(string statement, string what, string entry) =>
        VerifyAsync(PiiTestCode.InService(statement), Verify.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(0).WithArguments(what, entry));

    [Theory]
    // Whole words only: phoneticKey is not phone, emailaddress is one word.
    [InlineData("""_logger.LogInformation("Key {PhoneticKey}", orderId);""")]
    [InlineData("""_logger.LogInformation("Key {emailaddress}", orderId);""")]
    // Types that cannot carry personal data, whatever they are called.
    [InlineData("""_logger.LogInformation("Sent {EmailSent}, attempts {PasswordAttempts}", emailSent, passwordAttempts);""")]
    [InlineData("""_logger.LogInformation("Verified {EmailVerified} after {PasswordAttempts} at tier {PhoneTier}", customer.EmailVerified, customer.PasswordAttempts, customer.Tier);""")]
    [InlineData("""_logger.LogInformation("Retry in {PasswordRetryDelay}", TimeSpan.FromSeconds(3));""")]
    [InlineData("""_logger.LogInformation("{EmailCount} emails", orders.Count);""")]
    // Constants and configuration keys.
    [InlineData("""_logger.LogInformation("Reading {PasswordKey}", PasswordKey);""")]
    [InlineData("""_logger.LogInformation("Missing setting {Password}", nameof(SignInRequest.Password));""")]
    [InlineData("""_logger.LogInformation("Missing setting {Password}", "ConnectionStrings:Password");""")]
    // Sanitized values.
    [InlineData("""_logger.LogInformation("Customer {Email} signed in", Redact.Mask(email));""")]
    [InlineData("""_logger.LogInformation("Customer {email_redacted} signed in", Redact.Mask(customer.Email));""")]
    // The allow list.
    [InlineData("""_logger.LogInformation("Customer from {email_domain}", email.Split('@')[1].Length.ToString());""")]
    [InlineData("""_logger.LogInformation("Customer from {EmailDomain}", orderId);""")]
    [InlineData("""_logger.LogInformation("Customer from {EmailDomain}", email.Substring(email.IndexOf('@') + 1));""")]
    // Innocent names with innocent values.
    [InlineData("""_logger.LogInformation("Order {OrderId} for {CustomerId}", order.Id, customer.Id);""")]
    [InlineData("""_logger.LogInformation("Order {@Summary}", new OrderSummary(order.Id, order.Total, 3));""")]
    [InlineData("""_logger.LogInformation("Customer {Customer}", customer);""")]
    [InlineData("""_logger.LogInformation("Lengths {Length}", email.Length);""")]
    [InlineData("""using (_logger.BeginScope(new Dictionary<string, object> { ["order_id"] = orderId, ["email_sent"] = emailSent })) { }""")]
    public Task SafeLogging_DoesNotTrigger(string statement) =>
        VerifyAsync(PiiTestCode.InService(statement));

    [Fact]
    /// <summary>
    /// A field named for personal data is safe when its value comes from a listed sanitizer; an unlisted helper's result
    /// is not known to be safe under such a name. Under an innocent name a helper's result is the helper's business.
    /// </summary>
    public Task Sanitizers_FromEditorConfig_DoNotTrigger()
    {
        var test = new Verify.Test
        {
            TestCode = PiiTestCode.InService("""
                _logger.LogInformation("Customer {Email} signed in", Hashing.Sha256(email));
                _logger.LogInformation("Customer {EmailHash} signed in", Hashing.Sha256(customer.Email));
                _logger.LogInformation("Customer {{|#0:EmailHash|}} signed in", customer.Email.GetHashCode().ToString());
                _logger.LogInformation("Customer {Contact} signed in", Masking.Partial(customer.Email));
                _logger.LogInformation("Customer {Contact} signed in", Masking.Other(customer.Email));
                """, """
                private static class Masking
                {
                    public static string Partial(string value) => value.Substring(0, 1) + "***";
                    public static string Other(string value) => value;
                }
                """),
        };
        TestContract.AddTo(test.TestState, PiiTestCode.Contract);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(0).WithArguments("Log field 'EmailHash'", "email"));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nsignal_contract.pii.sanitizers = Shop.Privacy.Hashing.Sha256, OrderService.Masking.Partial\n"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task ComplianceRedactor_DoesNotTrigger() =>
        VerifyAsync(PiiTestCode.InService(
            """
            _logger.LogInformation("Customer {Email} signed in", _redactor.Redact(email));
            _logger.LogInformation("Customer {Contact} signed in", _redactor.Redact(customer.Email));
            using (_logger.BeginScope(new Dictionary<string, object> { ["user_phone"] = _redactor.Redact(customer.PhoneNumber) })) { }
            """,
            "private readonly Microsoft.Extensions.Compliance.Redaction.Redactor _redactor = Microsoft.Extensions.Compliance.Redaction.NullRedactor.Instance;"));

    [Fact]
    public Task DefinedScope_Triggers() =>
        VerifyAsync(
            """
            using System;
            using Microsoft.Extensions.Logging;

            public static class SignInScopes
            {
                public static readonly Func<ILogger, string, IDisposable?> ForCustomer =
                    LoggerMessage.DefineScope<string>("Customer {{|#0:CustomerEmail|}}");

                public static readonly Func<ILogger, int, IDisposable?> ForAttempts =
                    LoggerMessage.DefineScope<int>("Attempts {PasswordAttempts}");

                public static void Use(ILogger logger, string contact, string email)
                {
                    using (ForCustomer(logger, email)) { }
                    using (ForAttempts(logger, 3)) { }
                }
            }
            """,
            Verify.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(0).WithArguments("Log field 'CustomerEmail'", "email"));

    [Fact]
    public Task LoggerMessage_Triggers() =>
        VerifyAsync(
            """
            using System;
            using Microsoft.Extensions.Compliance.Classification;
            using Microsoft.Extensions.Logging;
            using Shop;

            public static partial class SignInLog
            {
                [LoggerMessage(1, LogLevel.Information, "Customer {{|#0:Email|}} signed in")]
                public static partial void SignedIn(ILogger logger, string email);

                [LoggerMessage(2, LogLevel.Warning, "Sign-in failed")]
                public static partial void Failed(ILogger logger, string {|#1:password|});

                // Not personal data: a bool, a count, a classified value the generator redacts.
                [LoggerMessage(3, LogLevel.Information, "Verification sent {EmailSent} after {PasswordAttempts}")]
                public static partial void Sent(ILogger logger, bool emailSent, int passwordAttempts);

                [LoggerMessage(4, LogLevel.Information, "Contact {Contact}")]
                public static partial void Contact(ILogger logger, string contact);

                public static readonly Action<ILogger, string, Exception?> Reset =
                    LoggerMessage.Define<string>(LogLevel.Information, new EventId(5), "Reset for {{|#2:Email|}}");

                public static readonly Action<ILogger, bool, Exception?> Verified =
                    LoggerMessage.Define<bool>(LogLevel.Information, new EventId(6), "Verified {EmailVerified}");

                public static readonly Action<ILogger, string, Exception?> Contacted =
                    LoggerMessage.Define<string>(LogLevel.Information, new EventId(7), "Contacted {Contact}");

                public static void Use(ILogger logger, Customer customer)
                {
                    Contact(logger, {|#3:customer.Email|});
                    Contact(logger, customer.Id);
                    Contacted(logger, {|#4:customer.PhoneNumber|}, null);
                    Reset(logger, customer.Email, null);
                }
            }

            public static partial class SignInLog
            {
                public static partial void SignedIn(ILogger logger, string email) { }
                public static partial void Failed(ILogger logger, string password) { }
                public static partial void Sent(ILogger logger, bool emailSent, int passwordAttempts) { }
                public static partial void Contact(ILogger logger, string contact) { }
            }
            """ + PiiTestCode.Model,
            Verify.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(0).WithArguments("Log field 'Email'", "email"),
            Verify.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(1).WithArguments("Log field 'password'", "password"),
            Verify.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(2).WithArguments("Log field 'Email'", "email"),
            Verify.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(3).WithArguments("'customer.Email' (logged as 'Contact')", "email"),
            Verify.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(4).WithArguments("'customer.PhoneNumber' (logged as 'Contact')", "phone"));

    [Fact]
    public Task Wrapper_Triggers() =>
        VerifyAsync(
            """
            using Serilog.Core;
            using Shop;

            public static class AuditLog
            {
                [MessageTemplateFormatMethod("template")]
                public static void Audit(this Serilog.ILogger logger, string template, params object[] values) => logger.Information(template, values);

                public static void Use(Serilog.ILogger logger, Customer customer)
                {
                    logger.Audit("Customer {{|#0:Email|}} changed", customer.Email);
                    logger.Audit("Customer {Contact} changed", {|#1:customer.PhoneNumber|});
                    logger.Audit("Customer {CustomerId} changed", customer.Id);
                }
            }
            """ + PiiTestCode.Model,
            Verify.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(0).WithArguments("Log field 'Email'", "email"),
            Verify.Diagnostic(Descriptors.PiiInLogMessage).WithLocation(1).WithArguments("'customer.PhoneNumber' (logged as 'Contact')", "phone"));

    [Theory]
    [InlineData("""_logger.LogInformation("Order {Order} placed", {|#0:order|});""", "order", "as text (a record prints every property)", "in 'CustomerEmail'")]
    [InlineData("""_serilog.Information("Order {@Customer} signed in", {|#0:customer|});""", "customer", "with its structure", "in 'Email', 'PhoneNumber'")]
    [InlineData("""_logger.LogInformation("Orders {Orders}", {|#0:orders|});""", "orders", "as text", "in 'CustomerEmail'")]
    [InlineData("""_logger.LogInformation("Request {Request}", {|#0:new { order.Id, customer.Email }|});""", "new { order.Id, customer.Email }", "as an anonymous object", "in 'Email'")]
    [InlineData("""_logger.LogInformation("Request {Request}", {|#0:new { order.Id, Contact = customer.PhoneNumber }|});""", "new { order.Id, Contact = customer.PhoneNumber }", "as an anonymous object", "in 'Contact'")]
    [InlineData("""_logger.LogInformation("Shipped {Shipment}", {|#0:new Shipment(orderId, new Address("Main St", "555"))|});""", "new Shipment(orderId, new Address(\"Main St\", \"555\"))", "as text (a record prints every property)", "in 'Destination.PhoneNumber'")]
    [InlineData("""using (_logger.BeginScope({|#0:order|})) { }""", "order", "as text (a record prints every property)", "in 'CustomerEmail'")]
    [InlineData("""_serilog.ForContext("Customer", {|#0:customer|}, destructureObjects: true).Information("Signed in");""", "customer", "with its structure", "in 'Email', 'PhoneNumber'")]
    public Task LoggedObjectExposingPii_Triggers(string statement, string value, string how, string members) =>
        VerifyAsync(PiiTestCode.InService(statement), Verify.Diagnostic(Descriptors.PiiInLoggedObject).WithLocation(0).WithArguments(value, how, members));

    [Fact]
    public Task LogProperties_TriggersForUnredactedMembersOnly() =>
        VerifyAsync(
            """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.Extensions.Compliance.Classification;
            using Microsoft.Extensions.Logging;

            public sealed class PrivateDataAttribute : DataClassificationAttribute
            {
                public PrivateDataAttribute() : base(new DataClassification("Shop", "Private")) { }
            }

            public sealed class Account
            {
                public string Id { get; set; } = "";
                [PrivateData] public string Email { get; set; } = "";
                [PersonalData] public string DisplayName { get; set; } = "";
            }

            public sealed class Profile
            {
                public string Id { get; set; } = "";
                [PrivateData] public string Email { get; set; } = "";
                [PrivateData] public string PhoneNumber { get; set; } = "";
                [LogPropertyIgnore] public string Password { get; set; } = "";
                public bool EmailVerified { get; set; }
            }

            public sealed class Contact
            {
                public string Id { get; set; } = "";
                [NoDataClassification] public string SupportEmail { get; set; } = "";
            }

            public sealed class Login
            {
                public string UserName { get; set; } = "";
                public string Password { get; set; } = "";
            }

            public static partial class AccountLog
            {
                [LoggerMessage(1, LogLevel.Information, "Account opened")]
                public static partial void Opened(ILogger logger, [LogProperties] Account {|#0:account|});

                [LoggerMessage(2, LogLevel.Information, "Profile changed")]
                public static partial void Changed(ILogger logger, [LogProperties] Profile profile);

                [LoggerMessage(3, LogLevel.Information, "Login")]
                public static partial void LoggedIn(ILogger logger, [LogProperties] Login {|#1:login|});

                [LoggerMessage(4, LogLevel.Information, "Contact {Email}")]
                public static partial void Contact(ILogger logger, [PrivateData] string email);

                [LoggerMessage(5, LogLevel.Information, "Support contact")]
                public static partial void Support(ILogger logger, [LogProperties] Contact contact);
            }

            public static partial class AccountLog
            {
                public static partial void Opened(ILogger logger, Account account) { }
                public static partial void Changed(ILogger logger, Profile profile) { }
                public static partial void LoggedIn(ILogger logger, Login login) { }
                public static partial void Contact(ILogger logger, string email) { }
                public static partial void Support(ILogger logger, Contact contact) { }
            }
            """,
            Verify.Diagnostic(Descriptors.PiiInLoggedObject).WithLocation(0).WithArguments("account", "with its properties ([LogProperties])", "in 'DisplayName'"),
            Verify.Diagnostic(Descriptors.PiiInLoggedObject).WithLocation(1).WithArguments("login", "with its properties ([LogProperties])", "in 'Password'"));

    [Fact]
    public Task NoPiiWords_DoesNotTrigger() =>
        VerifyAsync(PiiTestCode.InService("""_logger.LogInformation("Customer {Email} signed in", email);"""), contract: """{ "version": 1, "pii": { "fields": [] } }""");

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected) => VerifyAsync(source, PiiTestCode.Contract, expected);

    private static Task VerifyAsync(string source, string contract, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source };
        TestContract.AddTo(test.TestState, contract);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }
}
