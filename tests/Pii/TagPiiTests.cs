using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Tests.Verifiers;
using Verify = SignalContract.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SignalContract.Analyzers.Pii.TagPiiAnalyzer>;

namespace SignalContract.Analyzers.Tests.Pii;

/// <summary>OBS4003 (span attributes, event attributes, metric labels) and OBS4004 (baggage) in every API shape.</summary>
public class TagPiiTests
{
    private const string Members = """
        private static readonly System.Diagnostics.ActivitySource Source = new("shop.checkout");
        private static readonly System.Diagnostics.Metrics.Meter Meter = new("shop.checkout");
        private static readonly System.Diagnostics.Metrics.Counter<long> Orders = Meter.CreateCounter<long>("shop.checkout.orders");
        private static readonly Prometheus.Counter SignIns = Prometheus.Metrics.CreateCounter("shop_sign_ins_total", "Sign-ins", "method");
        """;

    [Theory]
    [InlineData("""System.Diagnostics.Activity.Current?.SetTag("{|#0:user.email|}", email);""", "Span attribute 'user.email'", "email")]
    [InlineData("""using var activity = Source.StartActivity("sign_in"); activity?.AddTag("{|#0:customer_phone|}", customer.PhoneNumber);""", "Span attribute 'customer_phone'", "phone")]
    [InlineData("""using var activity = Source.StartActivity("sign_in"); activity?.SetTag("contact", {|#0:customer.Email|});""", "'customer.Email' (span attribute 'contact')", "email")]
    [InlineData("""using var activity = Source.StartActivity("sign_in", System.Diagnostics.ActivityKind.Server, default(System.Diagnostics.ActivityContext), tags: new Dictionary<string, object?> { ["{|#0:user.email|}"] = email });""", "Span attribute 'user.email'", "email")]
    [InlineData("""using var activity = Source.StartActivity("sign_in", System.Diagnostics.ActivityKind.Server, default(System.Diagnostics.ActivityContext), tags: new[] { new KeyValuePair<string, object?>("card", {|#0:request.CardNumber|}) });""", "'request.CardNumber' (span attribute 'card')", "card_number")]
    [InlineData("""System.Diagnostics.Activity.Current?.AddEvent(new System.Diagnostics.ActivityEvent("signed_in", tags: new System.Diagnostics.ActivityTagsCollection { { "{|#0:email|}", email } }));""", "Event attribute 'email'", "email")]
    [InlineData("""var link = new System.Diagnostics.ActivityLink(default, new System.Diagnostics.ActivityTagsCollection { { "{|#0:email|}", email } });""", "Event attribute 'email'", "email")]
    [InlineData("""Orders.Add(1, new KeyValuePair<string, object?>("{|#0:customer_email|}", email));""", "Metric label 'customer_email'", "email")]
    [InlineData("""Orders.Add(1, new KeyValuePair<string, object?>("customer", {|#0:customer.Email|}));""", "'customer.Email' (metric label 'customer')", "email")]
    [InlineData("""var tags = new System.Diagnostics.TagList(); tags.Add("{|#0:phone|}", customer.PhoneNumber); Orders.Add(1, tags);""", "Metric label 'phone'", "phone")]
    [InlineData("""Orders.Add(1, new System.Diagnostics.TagList { { "{|#0:email|}", email } });""", "Metric label 'email'", "email")]
    [InlineData("""SignIns.WithLabels({|#0:customer.Email|}).Inc();""", "'customer.Email' (metric label #1)", "email")]
    [InlineData("""Prometheus.Metrics.CreateCounter("shop_resets_total", "Resets", "{|#0:email|}");""", "Metric label 'email'", "email")]
    public Task PiiTagOrLabel_Triggers(string statement, string what, string entry) =>
        VerifyAsync(PiiTestCode.InService(statement, Members), Verify.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(0).WithArguments(what, entry));

    [Fact]
    public Task TelemetrySpan_Triggers() =>
        VerifyAsync(
            PiiTestCode.InService(
                """
                using var span = _tracer.StartActiveSpan("sign_in", OpenTelemetry.Trace.SpanKind.Server, initialAttributes: new OpenTelemetry.Trace.SpanAttributes(new Dictionary<string, object?> { ["{|#0:user.email|}"] = email }));
                span.SetAttribute("{|#1:password|}", password);
                span.SetAttribute("attempts", passwordAttempts);
                span.AddEvent("signed_in", new OpenTelemetry.Trace.SpanAttributes(new[] { new KeyValuePair<string, object?>("contact", {|#2:customer.PhoneNumber|}) }));
                """,
                "private readonly OpenTelemetry.Trace.Tracer _tracer = OpenTelemetry.Trace.TracerProvider.Default.GetTracer(\"shop.checkout\");"),
            Verify.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(0).WithArguments("Span attribute 'user.email'", "email"),
            Verify.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(1).WithArguments("Span attribute 'password'", "password"),
            Verify.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(2).WithArguments("'customer.PhoneNumber' (event attribute 'contact')", "phone"));

    [Fact]
    public Task GeneratedMetricTags_Trigger() =>
        VerifyAsync(
            """
            using System.Diagnostics.Metrics;
            using Microsoft.Extensions.Diagnostics.Metrics;

            public static partial class SignInMetrics
            {
                [Counter("method", {|#0:"user_email"|}, Name = "shop.sign_ins")]
                public static partial SignInCounter CreateSignIns(Meter meter);

                [Counter("method", "region", Name = "shop.orders")]
                public static partial OrderCounter CreateOrders(Meter meter);
            }

            public sealed class SignInCounter { }
            public sealed class OrderCounter { }

            public static partial class SignInMetrics
            {
                public static partial SignInCounter CreateSignIns(Meter meter) => new();
                public static partial OrderCounter CreateOrders(Meter meter) => new();
            }
            """,
            Verify.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(0).WithArguments("Metric label 'user_email'", "email"));

    /// <summary>A TagList's labels are judged where they are added: once, whichever record sites read the list.</summary>
    [Fact]
    public Task TagListReadByTwoSites_TriggersOnce() =>
        VerifyAsync(
            PiiTestCode.InService(
                """
                var tags = new System.Diagnostics.TagList { { "{|#0:user.email|}", email } };
                tags.Add("contact", {|#1:customer.PhoneNumber|});
                tags.Add(KeyValuePair.Create<string, object?>("{|#2:password|}", password));
                Orders.Add(1, tags);
                Latency.Record(2.5, tags);
                Orders.Add(1, new KeyValuePair<string, object?>("{|#3:phone|}", customer.PhoneNumber));
                Orders.Add(1, new KeyValuePair<string, object?>("tier", customer.Tier), new KeyValuePair<string, object?>("customer", {|#4:customer.Email|}));
                Latency.Record(1.0, new[] { new KeyValuePair<string, object?>("{|#5:card_number|}", request.CardNumber) });
                """,
                Members + "\nprivate static readonly System.Diagnostics.Metrics.Histogram<double> Latency = Meter.CreateHistogram<double>(\"shop.checkout.latency\");"),
            Verify.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(0).WithArguments("Metric label 'user.email'", "email"),
            Verify.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(1).WithArguments("'customer.PhoneNumber' (metric label 'contact')", "phone"),
            Verify.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(2).WithArguments("Metric label 'password'", "password"),
            Verify.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(3).WithArguments("Metric label 'phone'", "phone"),
            Verify.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(4).WithArguments("'customer.Email' (metric label 'customer')", "email"),
            Verify.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(5).WithArguments("Metric label 'card_number'", "card_number"));

    /// <summary>A TagList handed in by the caller: the labels added here are judged here, the caller's where it adds them.</summary>
    [Fact]
    public Task TagListFromParameter_Triggers() =>
        VerifyAsync(
            PiiTestCode.InService(
                """
                var tags = new System.Diagnostics.TagList { { "tier", customer.Tier } };
                Record(tags, email);
                """,
                Members + """

                private static void Record(System.Diagnostics.TagList tags, string email)
                {
                    Orders.Add(1, tags);
                    tags.Add("{|#0:email|}", email);
                    Orders.Add(1, tags);
                    Orders.Add(1, in tags);
                }
                """),
            Verify.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(0).WithArguments("Metric label 'email'", "email"));

    /// <summary>An observable instrument's measurements: labels written in the callback, in place or in a TagList.</summary>
    [Fact]
    public Task ObservableMeasurements_Trigger() =>
        VerifyAsync(
            PiiTestCode.InService(
                """
                Meter.CreateObservableGauge("shop.checkout.open_carts", () => new System.Diagnostics.Metrics.Measurement<int>(1, new KeyValuePair<string, object?>("{|#0:user.email|}", email)));
                Meter.CreateObservableGauge("shop.checkout.open_orders", () =>
                {
                    var tags = new System.Diagnostics.TagList();
                    tags.Add("owner", {|#1:customer.Email|});
                    return new[] { new System.Diagnostics.Metrics.Measurement<int>(1, tags), new System.Diagnostics.Metrics.Measurement<int>(2, tags) };
                });
                """,
                Members),
            Verify.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(0).WithArguments("Metric label 'user.email'", "email"),
            Verify.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(1).WithArguments("'customer.Email' (metric label 'owner')", "email"));

    [Theory]
    [InlineData("""System.Diagnostics.Activity.Current?.AddBaggage("{|#0:user.email|}", email);""", "Baggage item 'user.email'", "email")]
    [InlineData("""System.Diagnostics.Activity.Current?.SetBaggage("contact", {|#0:customer.Email|});""", "'customer.Email' (baggage item 'contact')", "email")]
    [InlineData("""OpenTelemetry.Baggage.SetBaggage("{|#0:phone|}", customer.PhoneNumber);""", "Baggage item 'phone'", "phone")]
    [InlineData("""OpenTelemetry.Baggage.Current = OpenTelemetry.Baggage.Current.SetBaggage("{|#0:user.email|}", email);""", "Baggage item 'user.email'", "email")]
    [InlineData("""OpenTelemetry.Baggage.Current = OpenTelemetry.Baggage.Create(new Dictionary<string, string> { ["{|#0:email|}"] = email });""", "Baggage item 'email'", "email")]
    [InlineData("""OpenTelemetry.Baggage.SetBaggage(new[] { new KeyValuePair<string, string>("{|#0:password|}", password) });""", "Baggage item 'password'", "password")]
    public Task PiiBaggage_Triggers(string statement, string what, string entry) =>
        VerifyAsync(PiiTestCode.InService(statement, Members), Verify.Diagnostic(Descriptors.PiiInBaggage).WithLocation(0).WithArguments(what, entry));

    [Theory]
    [InlineData("""System.Diagnostics.Activity.Current?.SetTag("user.id", customer.Id);""")]
    [InlineData("""System.Diagnostics.Activity.Current?.SetTag("user.email_verified", customer.EmailVerified);""")]
    [InlineData("""System.Diagnostics.Activity.Current?.SetTag("email.sent", emailSent);""")]
    [InlineData("""System.Diagnostics.Activity.Current?.SetTag("user.email_domain", email.Substring(email.IndexOf('@') + 1).Length);""")]
    [InlineData("""System.Diagnostics.Activity.Current?.SetTag("user.email", Redact.Mask(email));""")]
    [InlineData("""System.Diagnostics.Activity.Current?.SetTag("config.key", PasswordKey);""")]
    [InlineData("""System.Diagnostics.Activity.Current?.SetTag("password.key", "ConnectionStrings:Password");""")]
    [InlineData("""System.Diagnostics.Activity.Current?.SetTag("phonetic.key", orderId);""")]
    [InlineData("""System.Diagnostics.Activity.Current?.SetTag("email_domain", email.Substring(email.IndexOf('@') + 1));""")]
    [InlineData("""System.Diagnostics.Activity.Current?.AddBaggage("password.key", nameof(SignInRequest.Password));""")]
    [InlineData("""System.Diagnostics.Activity.Current?.SetTag("retry.password_delay", TimeSpan.FromSeconds(1));""")]
    [InlineData("""System.Diagnostics.Activity.Current?.AddBaggage("tenant.id", orderId);""")]
    [InlineData("""Orders.Add(1, new KeyValuePair<string, object?>("tier", customer.Tier), new KeyValuePair<string, object?>("password_attempts", passwordAttempts));""")]
    [InlineData("""SignIns.WithLabels("password").Inc();""")]
    [InlineData("""var tags = new System.Diagnostics.TagList { { "payment_method", "card" } }; Orders.Add(1, tags);""")]
    [InlineData("""var list = new List<string>(); list.Add(email);""")]
    public Task SafeTags_DoNotTrigger(string statement) =>
        VerifyAsync(PiiTestCode.InService(statement, Members));

    [Fact]
    public Task Sanitizers_DoNotTrigger()
    {
        var test = new Verify.Test
        {
            TestCode = PiiTestCode.InService(
                """
                System.Diagnostics.Activity.Current?.SetTag("user.email", _redactor.Redact(email));
                System.Diagnostics.Activity.Current?.SetTag("user.email_hash", Hashing.Sha256(email));
                System.Diagnostics.Activity.Current?.AddBaggage("user.email", Redact.Mask(email));
                Orders.Add(1, new KeyValuePair<string, object?>("customer", Hashing.Sha256(customer.Email)));
                System.Diagnostics.Activity.Current?.SetTag("{|#0:user.phone|}", customer.PhoneNumber.GetHashCode().ToString());
                """,
                Members + "\nprivate readonly Microsoft.Extensions.Compliance.Redaction.Redactor _redactor = Microsoft.Extensions.Compliance.Redaction.NullRedactor.Instance;"),
        };
        TestContract.AddTo(test.TestState, PiiTestCode.Contract);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nsignal_contract.pii.sanitizers = Shop.Privacy.Hashing.Sha256\n"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(Descriptors.PiiInTagOrLabel).WithLocation(0).WithArguments("Span attribute 'user.phone'", "phone"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task NoPiiWords_DoesNotTrigger()
    {
        var test = new Verify.Test { TestCode = PiiTestCode.InService("""System.Diagnostics.Activity.Current?.SetTag("user.email", email);""", Members) };
        TestContract.AddTo(test.TestState, """{ "version": 1, "pii": { "fields": [] } }""");
        return test.RunAsync(CancellationToken.None);
    }

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source };
        TestContract.AddTo(test.TestState, PiiTestCode.Contract);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }
}
