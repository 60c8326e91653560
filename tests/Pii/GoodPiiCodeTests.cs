using System.Threading;
using System.Threading.Tasks;
using SignalContract.Analyzers.Tests.Verifiers;
using LogVerify = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Pii.LogPiiAnalyzer>;
using TagVerify = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Pii.TagPiiAnalyzer>;

namespace SignalContract.Analyzers.Tests.Pii;

/// <summary>
/// An accounts service that handles email addresses, phone numbers and passwords and keeps them out of its signals:
/// IDs, counts, enums and flags, hashed values through a listed sanitizer, values through the contract's redactor and
/// the compliance <c>Redactor</c>, allowed names, configuration keys, a <c>[LogProperties]</c> type whose personal
/// members the generator redacts; in MEL calls, <c>[LoggerMessage]</c> methods, scopes, Serilog, span attributes,
/// metric labels and baggage. Neither PII analyzer may say a word about it.
/// </summary>
public class GoodPiiCodeTests
{
    public const string Contract = """
        {
          "version": 1,
          "service": "accounts",
          "pii": {
            "fields": ["email", "phone", "password", "card_number", "ip_address", "date_of_birth", "access_token"],
            "allow": ["email_domain"],
            "redactor": "Shop.Privacy.Redact.Mask"
          }
        }
        """;

    public const string EditorConfig = "root = true\n\n[*.cs]\nsignal_contract.pii.sanitizers = Shop.Privacy.Hashing.Sha256, Shop.Privacy.Hashing.Fingerprint\n";

    public const string Model = """
        using System;
        using Microsoft.Extensions.Compliance.Classification;

        namespace Shop.Accounts;

        public enum SignInOutcome { Succeeded, Failed, LockedOut }

        public static class ShopTaxonomy
        {
            public static DataClassification Private { get; } = new("Shop", "Private");
        }

        public sealed class PrivateDataAttribute : DataClassificationAttribute
        {
            public PrivateDataAttribute() : base(ShopTaxonomy.Private) { }
        }

        public sealed class Account
        {
            public string Id { get; set; } = "";
            public string TenantId { get; set; } = "";
            [PrivateData] public string Email { get; set; } = "";
            [PrivateData] public string PhoneNumber { get; set; } = "";
            public bool EmailVerified { get; set; }
            public bool PhoneVerified { get; set; }
            public int PasswordAttempts { get; set; }
            public int EmailSent { get; set; }
            public DateTimeOffset CreatedAt { get; set; }
        }

        public sealed class SignInRequest
        {
            public string Email { get; set; } = "";
            public string Password { get; set; } = "";
        }

        public sealed record SignInAttempt(string AccountId, SignInOutcome Outcome, int PasswordAttempts, TimeSpan Elapsed);
        """;

    public const string Privacy = """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        namespace Shop.Privacy;

        /// <summary>The contract's redactor.</summary>
        public static class Redact
        {
            public static string Mask(string value) => value.Length <= 2 ? "**" : value[0] + new string('*', value.Length - 2) + value[^1];
        }

        /// <summary>Listed in signal_contract.pii.sanitizers.</summary>
        public static class Hashing
        {
            public static string Sha256(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

            public static string Fingerprint(string value, int length = 12) => Sha256(value)[..length];
        }

        public static class Emails
        {
            public static string DomainOf(string address) => address[(address.IndexOf('@') + 1)..];
        }
        """;

    public const string SignInService = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using Microsoft.Extensions.Compliance.Classification;
        using Microsoft.Extensions.Compliance.Redaction;
        using Microsoft.Extensions.Logging;
        using Shop.Privacy;

        namespace Shop.Accounts;

        public sealed class SignInService
        {
            private const string PasswordKey = "ConnectionStrings:Password";
            private readonly ILogger<SignInService> _logger;
            private readonly Redactor _redactor;
            private readonly Dictionary<string, string> _settings;

            public SignInService(ILogger<SignInService> logger, IRedactorProvider redactors, Dictionary<string, string> settings)
            {
                _logger = logger;
                _redactor = redactors.GetRedactor(new DataClassificationSet(ShopTaxonomy.Private));
                _settings = settings;
            }

            public SignInOutcome SignIn(Account account, SignInRequest request)
            {
                var started = Stopwatch.GetTimestamp();
                using var activity = SignInTelemetry.StartSignIn(account, "password");
                using (_logger.BeginScope(new Dictionary<string, object> { ["account_id"] = account.Id, ["tenant_id"] = account.TenantId }))
                {
                    _logger.LogInformation("Sign-in for account {AccountId} created {CreatedAt}", account.Id, account.CreatedAt);
                    _logger.LogDebug("Customer {Email} from {email_domain}", _redactor.Redact(request.Email), Emails.DomainOf(request.Email));
                    _logger.LogDebug("Customer {email_redacted} hashed {EmailHash}", Redact.Mask(account.Email), Hashing.Sha256(account.Email));

                    if (!_settings.ContainsKey(PasswordKey))
                    {
                        _logger.LogWarning("Setting {PasswordKey} is missing", PasswordKey);
                        _logger.LogWarning("Setting {Setting} is missing, see {Password}", nameof(SignInRequest.Password), nameof(request.Password));
                    }

                    try
                    {
                        var outcome = Check(account, request.Password);
                        var attempt = new SignInAttempt(account.Id, outcome, account.PasswordAttempts, Stopwatch.GetElapsedTime(started));
                        _logger.LogInformation("Sign-in {Outcome} after {PasswordAttempts} attempts", outcome, account.PasswordAttempts);
                        _logger.LogInformation("Attempt {Attempt}", attempt);
                        _logger.LogDebug("Email verified {EmailVerified}, phone verified {PhoneVerified}, emails sent {EmailSent}", account.EmailVerified, account.PhoneVerified, account.EmailSent);
                        AccountLog.SignedIn(_logger, account.Id, account.PasswordAttempts);
                        SignInTelemetry.Finished(activity, account, outcome);
                        return outcome;
                    }
                    catch (InvalidOperationException ex)
                    {
                        _logger.LogError(ex, "Sign-in failed for {AccountId} after {PasswordRetryDelay}", account.Id, TimeSpan.FromSeconds(account.PasswordAttempts));
                        return SignInOutcome.Failed;
                    }
                }
            }

            public void ChangeContact(Account account, string email, string phoneNumber)
            {
                account.Email = email;
                account.PhoneNumber = phoneNumber;
                AccountLog.Updated(_logger, account);
                AccountLog.ContactChanged(_logger, email);
                AccountLog.VerificationQueued(_logger, account.Id, emailSent: true, phoneVerified: account.PhoneVerified);
                AccountLog.FromDomain(_logger, Emails.DomainOf(email));
                _logger.LogInformation("Contact of {AccountId} changed, fingerprint {ContactFingerprint}", account.Id, Hashing.Fingerprint(email));
            }

            public void Queued(IReadOnlyCollection<Account> pending) =>
                _logger.LogInformation("{EmailCount} verification emails queued", pending.Count);

            private static SignInOutcome Check(Account account, string password) =>
                password.Length == 0 ? SignInOutcome.Failed : account.PasswordAttempts > 5 ? SignInOutcome.LockedOut : SignInOutcome.Succeeded;
        }
        """;

    public const string LogMessages = """
        using Microsoft.Extensions.Logging;

        namespace Shop.Accounts;

        internal static partial class AccountLog
        {
            [LoggerMessage(1, LogLevel.Information, "Account {AccountId} signed in after {PasswordAttempts} attempts")]
            public static partial void SignedIn(ILogger logger, string accountId, int passwordAttempts);

            [LoggerMessage(2, LogLevel.Information, "Account updated")]
            public static partial void Updated(ILogger logger, [LogProperties] Account account);

            [LoggerMessage(3, LogLevel.Information, "Contact changed to {Email}")]
            public static partial void ContactChanged(ILogger logger, [PrivateData] string email);

            [LoggerMessage(4, LogLevel.Information, "Verification for {AccountId}: email sent {EmailSent}, phone verified {PhoneVerified}")]
            public static partial void VerificationQueued(ILogger logger, string accountId, bool emailSent, bool phoneVerified);

            [LoggerMessage(5, LogLevel.Debug, "Contact from {email_domain}")]
            public static partial void FromDomain(ILogger logger, string email_domain);
        }
        """;

    /// <summary>The generator's half (reduced): generated code, never analysed.</summary>
    public const string GeneratedLogMessages = """
        // <auto-generated/>
        #nullable enable

        namespace Shop.Accounts
        {
            partial class AccountLog
            {
                public static partial void SignedIn(global::Microsoft.Extensions.Logging.ILogger logger, string accountId, int passwordAttempts) { }
                public static partial void Updated(global::Microsoft.Extensions.Logging.ILogger logger, global::Shop.Accounts.Account account) { }
                public static partial void ContactChanged(global::Microsoft.Extensions.Logging.ILogger logger, string email) { }
                public static partial void VerificationQueued(global::Microsoft.Extensions.Logging.ILogger logger, string accountId, bool emailSent, bool phoneVerified) { }
                public static partial void FromDomain(global::Microsoft.Extensions.Logging.ILogger logger, string email_domain) { }
            }
        }
        """;

    public const string PasswordResetJob = """
        using Serilog;
        using Serilog.Context;
        using Shop.Privacy;

        namespace Shop.Accounts;

        public sealed class PasswordResetJob(ILogger log)
        {
            public void Run(Account account, SignInAttempt lastAttempt)
            {
                using (LogContext.PushProperty("account_id", account.Id))
                using (LogContext.PushProperty("email_hash", Hashing.Sha256(account.Email)))
                {
                    var logger = log.ForContext<PasswordResetJob>().ForContext("tenant_id", account.TenantId);
                    logger.Information("Password reset requested after {PasswordAttempts} attempts, last {@Attempt}", account.PasswordAttempts, lastAttempt);
                    logger.Information("Reset link sent {EmailSent} to {Email}", true, Redact.Mask(account.Email));
                    Log.ForContext("email_domain", Emails.DomainOf(account.Email)).Debug("Reset for {AccountId}", account.Id);
                }
            }
        }
        """;

    public const string Telemetry = """
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;
        using Shop.Privacy;

        namespace Shop.Accounts;

        public static class SignInTelemetry
        {
            public static readonly ActivitySource Source = new("shop.accounts");
            private static readonly Meter Meter = new("shop.accounts");
            private static readonly Counter<long> SignIns = Meter.CreateCounter<long>("shop.accounts.sign_ins", "{sign_in}");
            private static readonly Counter<long> EmailsSent = Meter.CreateCounter<long>("shop.accounts.emails_sent", "{email}");
            private static readonly Prometheus.Counter Resets = Prometheus.Metrics.CreateCounter("shop_password_resets_total", "Password resets", "outcome", "email_domain");

            public static Activity? StartSignIn(Account account, string method)
            {
                var activity = Source.StartActivity("sign_in", ActivityKind.Server, default(ActivityContext),
                    tags: new Dictionary<string, object?> { ["enduser.id"] = account.Id, ["tenant.id"] = account.TenantId });
                activity?.SetTag("auth.method", method);
                activity?.SetTag("user.email_verified", account.EmailVerified);
                activity?.SetTag("user.email_domain", Emails.DomainOf(account.Email));
                activity?.SetTag("user.email_hash", Hashing.Sha256(account.Email));
                activity?.SetTag("user.email", Redact.Mask(account.Email));
                activity?.SetTag("config.password_key", "ConnectionStrings:Password");
                activity?.AddBaggage("tenant.id", account.TenantId);
                OpenTelemetry.Baggage.SetBaggage("enduser.id", account.Id);
                return activity;
            }

            public static void Finished(Activity? activity, Account account, SignInOutcome outcome)
            {
                activity?.SetTag("auth.outcome", outcome.ToString());
                activity?.SetTag("auth.password_attempts", account.PasswordAttempts);
                activity?.AddEvent(new ActivityEvent("signed_in", tags: new ActivityTagsCollection { { "auth.outcome", outcome }, { "phone.verified", account.PhoneVerified } }));
                SignIns.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("tenant", account.TenantId));
                EmailsSent.Add(account.EmailSent, new TagList { { "email_domain", Emails.DomainOf(account.Email) }, { "phone_verified", account.PhoneVerified } });
                Resets.WithLabels(outcome.ToString(), Emails.DomainOf(account.Email)).Inc();
            }

            public static void Traced(OpenTelemetry.Trace.Tracer tracer, Account account)
            {
                using var span = tracer.StartActiveSpan("verify_contact");
                span.SetAttribute("enduser.id", account.Id);
                span.SetAttribute("user.email_verified", account.EmailVerified);
                span.SetAttribute("user.phone_hash", Hashing.Fingerprint(account.PhoneNumber));
            }
        }
        """;

    [Fact]
    public Task AccountsService_LogPii_DoesNotTrigger() => RunAsync<LogVerify.Test>();

    [Fact]
    public Task AccountsService_TagPii_DoesNotTrigger() => RunAsync<TagVerify.Test>();

    private static Task RunAsync<TTest>()
        where TTest : Microsoft.CodeAnalysis.Testing.AnalyzerTest<Microsoft.CodeAnalysis.Testing.DefaultVerifier>, new()
    {
        var test = new TTest();
        test.TestState.Sources.Add(("/0/Model.cs", Model));
        test.TestState.Sources.Add(("/0/Privacy.cs", Privacy));
        test.TestState.Sources.Add(("/0/SignInService.cs", SignInService));
        test.TestState.Sources.Add(("/0/AccountLog.cs", LogMessages));
        test.TestState.Sources.Add(("/0/AccountLog.g.cs", GeneratedLogMessages));
        test.TestState.Sources.Add(("/0/PasswordResetJob.cs", PasswordResetJob));
        test.TestState.Sources.Add(("/0/SignInTelemetry.cs", Telemetry));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig));
        TestContract.AddTo(test.TestState, Contract);
        return test.RunAsync(CancellationToken.None);
    }
}
