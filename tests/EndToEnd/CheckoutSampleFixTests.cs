using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using SignalContract.Analyzers.Catalog;
using SignalContract.Analyzers.Contract;
using SignalContract.Analyzers.Logs;
using SignalContract.Analyzers.Metrics;
using SignalContract.Analyzers.Pii;
using SignalContract.Analyzers.Tests.Meta;
using SignalContract.Analyzers.Tests.Verifiers;
using SignalContract.Analyzers.Traces;
using SignalContract.CodeFixes.Logs;
using SignalContract.CodeFixes.Metrics;
using SignalContract.CodeFixes.Pii;
using SignalContract.CodeFixes.Traces;

namespace SignalContract.Analyzers.Tests.EndToEnd;

/// <summary>
/// Keeps samples/Checkout/README.md true: each fix runs on the real sample files against the repository's
/// contract.json, the fixed file must be the sample with the README's "before" excerpt replaced by its "after"
/// excerpt, and the README must show both excerpts as they are.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class CheckoutSampleFixTests
{
    private static readonly string SampleFolder = Path.Combine(Repository.Root, "samples", "Checkout");

    /// <summary>MetricNameAnalyzer reports both sample violations in every test of its fixes.</summary>
    private static DiagnosticResult RenamedMetric =>
        Expected(Descriptors.MetricRenamed, "QueuedOrderWorker.cs", "CreateCounter<long>(|\"checkout_orders_total\"", "checkout_orders_total", "shop.checkout.orders");

    private static DiagnosticResult MetricOutsideNamespaces =>
        Expected(Descriptors.MetricOutsideNamespaces, "PaymentClient.cs", "CreateCounter<long>(|\"payment_retries\"", "Metric", "payment_retries", "shop.checkout, shop.payments");

    [Fact]
    public Task LeakedSpanOnErrorPath_Fixes() =>
        VerifySampleFixAsync<SpanLifetimeAnalyzer, SpanLifetimeCodeFix>(
            "PaymentClient.cs",
            SpanLifetimeCodeFix.EquivalenceKey,
            Expected(
                Descriptors.SpanNotEnded,
                "PaymentClient.cs",
                "CheckoutTelemetry.Source.StartActivity(\"payments.authorize\"",
                "'activity' is not stopped on every path: an exception thrown before the end skips it; end it in a finally or with 'using'"),
            untouched: [],
            before: """
                    var activity = CheckoutTelemetry.Source.StartActivity("payments.authorize", ActivityKind.Client);
                    activity?.SetTag("payment_method", order.PaymentMethod);

                    using var response = await SendAsync(order, cancellationToken);
                    var result = await response.Content.ReadFromJsonAsync<AuthorizationResponse>(cancellationToken)
                        ?? throw new PaymentDeclinedException("the gateway sent no answer");
                    if (!result.Approved)
                    {
                        throw new PaymentDeclinedException(result.Reason ?? "no reason given");
                    }

                    logger.LogDebug("Authorized payment {authorization_id} for order {order_id}", result.AuthorizationId, order.Id);
                    activity?.Stop();
                    return result.AuthorizationId;
            """,
            after: """
                    using var activity = CheckoutTelemetry.Source.StartActivity("payments.authorize", ActivityKind.Client);
                    activity?.SetTag("payment_method", order.PaymentMethod);

                    using var response = await SendAsync(order, cancellationToken);
                    var result = await response.Content.ReadFromJsonAsync<AuthorizationResponse>(cancellationToken)
                        ?? throw new PaymentDeclinedException("the gateway sent no answer");
                    if (!result.Approved)
                    {
                        throw new PaymentDeclinedException(result.Reason ?? "no reason given");
                    }

                    logger.LogDebug("Authorized payment {authorization_id} for order {order_id}", result.AuthorizationId, order.Id);
                    return result.AuthorizationId;
            """);

    [Fact]
    public Task RenamedMetric_Fixes() =>
        VerifySampleFixAsync<MetricNameAnalyzer, MetricNameFixer>(
            "QueuedOrderWorker.cs",
            MetricNameFixer.RenameToCurrentKey,
            RenamedMetric,
            untouched: [MetricOutsideNamespaces],
            before: """
                private static readonly Counter<long> QueuedOrdersPlaced =
                    CheckoutTelemetry.Meter.CreateCounter<long>("checkout_orders_total", "{order}");
            """,
            after: """
                private static readonly Counter<long> QueuedOrdersPlaced =
                    CheckoutTelemetry.Meter.CreateCounter<long>("shop.checkout.orders", "{order}");
            """);

    [Fact]
    public Task MetricOutsideNamespaces_Fixes() =>
        VerifySampleFixAsync<MetricNameAnalyzer, MetricNameFixer>(
            "PaymentClient.cs",
            MetricNameFixer.MoveIntoNamespaceKeyPrefix + "1",
            MetricOutsideNamespaces,
            untouched: [RenamedMetric],

            // The new name is inside a namespace but not declared yet: OBS1003 takes over, with its own fix.
            introduced: [Expected(Descriptors.MetricNotDeclared, "PaymentClient.cs", "CreateCounter<long>(|\"payment_retries\"", "shop.payments.payment_retries")],
            before: """
                private static readonly Counter<long> Retries = PaymentsMeter.CreateCounter<long>("payment_retries", "{retry}");
            """,
            after: """
                private static readonly Counter<long> Retries = PaymentsMeter.CreateCounter<long>("shop.payments.payment_retries", "{retry}");
            """);

    [Fact]
    public Task UndeclaredLabel_Fixes() =>
        VerifySampleFixAsync<MetricLabelAnalyzer, MetricLabelFixer>(
            "OrderService.cs",
            MetricLabelFixer.UseDeclaredLabelsKey,
            Expected(
                Descriptors.MetricLabelSetMismatch,
                "OrderService.cs",
                "object?>(|\"region\", order.Region)",
                "shop.checkout.duration",
                "the contract's labels [outcome]",
                "'region' is not declared"),
            untouched: [],
            reportedAtCompilationEnd: true,
            before: """
                    CheckoutTelemetry.Duration.Record(
                        Stopwatch.GetElapsedTime(started).TotalSeconds,
                        new KeyValuePair<string, object?>("outcome", "cancelled"),
                        new KeyValuePair<string, object?>("region", order.Region));
            """,
            after: """
                    CheckoutTelemetry.Duration.Record(
                        Stopwatch.GetElapsedTime(started).TotalSeconds,
                        new KeyValuePair<string, object?>("outcome", "cancelled"));
            """);

    [Fact]
    public Task CatchWithoutErrorStatus_Fixes() =>
        VerifySampleFixAsync<SpanErrorAnalyzer, SpanErrorNotRecordedCodeFix>(
            "QueuedOrderWorker.cs",
            SpanErrorNotRecordedCodeFix.RecordErrorKey,
            Expected(Descriptors.SpanErrorNotRecorded, "QueuedOrderWorker.cs", "catch (HttpRequestException ex)", "activity"),
            untouched: [],
            before: """
                        catch (HttpRequestException ex)
                        {
                            logger.LogWarning(ex, "Payment gateway unreachable; order {order_id} stays queued", order.Id);
            """,
            after: """
                        catch (HttpRequestException ex)
                        {
                            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                            activity?.SetTag("error.type", ex.GetType().FullName);
                            logger.LogWarning(ex, "Payment gateway unreachable; order {order_id} stays queued", order.Id);
            """);

    [Fact]
    public Task ExceptionLoggedAsText_Fixes() =>
        VerifySampleFixAsync<LogCallAnalyzer, LogExceptionCodeFix>(
            "OrderService.cs",
            LogExceptionCodeFix.PassExceptionKey,
            Expected(Descriptors.LogExceptionNotPassed, "OrderService.cs", "order.Id, |ex.Message);", "ex"),
            untouched: [],
            before: """
                        logger.LogWarning("Payment for order {order_id} was declined: {reason}", order.Id, ex.Message);
            """,
            after: """
                        logger.LogWarning(ex, "Payment for order {order_id} was declined", order.Id);
            """);

    [Fact]
    public Task EmailInLogMessage_Fixes() =>
        VerifySampleFixAsync<LogPiiAnalyzer, PiiRemovalCodeFix>(
            "OrderService.cs",
            PiiRemovalCodeFix.RedactKey,
            Expected(Descriptors.PiiInLogMessage, "OrderService.cs", "for {|customer_email}", "Log field 'customer_email'", "email"),
            untouched: [],
            before: """
                        logger.LogInformation("Placed order {order_id} for {customer_email}", order.Id, order.CustomerEmail);
            """,
            after: """
                        logger.LogInformation("Placed order {order_id} for {customer_email_redacted}", order.Id, Privacy.Redact.Mask(order.CustomerEmail));
            """);

    /// <summary>
    /// Runs <typeparamref name="TAnalyzer"/> and <typeparamref name="TFix"/> on every sample file, compiled as the
    /// sample's project compiles them (net10.0, nullable, latest C#). The sample compiles under
    /// <see cref="TestReferences.Net100"/> as it is, so no stubs are needed.
    /// </summary>
    private static async Task VerifySampleFixAsync<TAnalyzer, TFix>(
        string fixedFile,
        string equivalenceKey,
        DiagnosticResult fixedDiagnostic,
        DiagnosticResult[] untouched,
        string before,
        string after,
        DiagnosticResult[]? introduced = null,
        bool reportedAtCompilationEnd = false)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        string readme = Normalize(File.ReadAllText(Path.Combine(SampleFolder, "README.md")));
        Assert.True(readme.Contains(Dedent(before), StringComparison.Ordinal), "README.md does not show the code before the fix:\n" + Dedent(before));
        Assert.True(readme.Contains(Dedent(after), StringComparison.Ordinal), "README.md does not show the code after the fix:\n" + Dedent(after));

        var test = new CSharpCodeFixVerifier<TAnalyzer, TFix>.Test(TestReferences.Net100)
        {
            CodeActionEquivalenceKey = equivalenceKey,

            // A label compared against an instrument created in another type is reported at compilation end, which the
            // testing library calls non-local; the fix itself only edits the record site.
            CodeFixTestBehaviors = reportedAtCompilationEnd ? CodeFixTestBehaviors.SkipLocalDiagnosticCheck : CodeFixTestBehaviors.None,
        };
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            return solution
                .WithProjectParseOptions(projectId, ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.Latest))
                .WithProjectCompilationOptions(projectId, ((CSharpCompilationOptions)project.CompilationOptions!).WithNullableContextOptions(NullableContextOptions.Enable));
        });

        string contract = File.ReadAllText(Path.Combine(Repository.Root, ContractSource.FileName));
        TestContract.AddTo(test.TestState, contract);
        TestContract.AddTo(test.FixedState, contract);
        foreach (string path in Directory.EnumerateFiles(SampleFolder, "*.cs").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(path);
            string source = Normalize(File.ReadAllText(path));
            test.TestState.Sources.Add(("/0/" + name, SourceText.From(source)));
            test.FixedState.Sources.Add(("/0/" + name, SourceText.From(name == fixedFile ? ReplaceOnce(source, Normalize(before), Normalize(after)) : source)));
        }

        // The analyzer's other findings in the sample stay; the fix may also reveal the next step.
        test.ExpectedDiagnostics.AddRange(InSourceOrder([fixedDiagnostic, .. untouched]));
        test.FixedState.ExpectedDiagnostics.AddRange(InSourceOrder([.. untouched, .. introduced ?? []]));
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// The diagnostic expected where <paramref name="marker"/> first occurs in the sample file, or where its
    /// <c>|</c> is when it has one: <c>Create(|"name"</c> finds the literal, not the comment that quotes it.
    /// </summary>
    private static DiagnosticResult Expected(DiagnosticDescriptor descriptor, string file, string marker, params object[] arguments)
    {
        string text = Normalize(File.ReadAllText(Path.Combine(SampleFolder, file)));
        int bar = Math.Max(marker.IndexOf('|', StringComparison.Ordinal), 0);
        int found = text.IndexOf(marker.Replace("|", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(found >= 0, $"'{marker}' is no longer in {file}");
        int index = found + bar;
        var position = SourceText.From(text).Lines.GetLinePosition(index);
        return new DiagnosticResult(descriptor).WithLocation("/0/" + file, position.Line + 1, position.Character + 1).WithArguments(arguments);
    }

    /// <summary>The testing library compares diagnostics in file and position order.</summary>
    private static IEnumerable<DiagnosticResult> InSourceOrder(IEnumerable<DiagnosticResult> results) =>
        results
            .OrderBy(r => r.Spans[0].Span.Path, StringComparer.Ordinal)
            .ThenBy(r => r.Spans[0].Span.StartLinePosition);

    private static string ReplaceOnce(string text, string before, string after)
    {
        int index = text.IndexOf(before, StringComparison.Ordinal);
        Assert.True(index >= 0 && text.IndexOf(before, index + 1, StringComparison.Ordinal) < 0, "The sample no longer holds this code exactly once:\n" + before);
        return string.Concat(text.AsSpan(0, index), after, text.AsSpan(index + before.Length));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>The excerpt as the README shows it: without the indentation its lines share.</summary>
    private static string Dedent(string excerpt)
    {
        string[] lines = Normalize(excerpt).Split('\n');
        int indent = int.MaxValue;
        foreach (string line in lines)
        {
            if (line.Trim().Length > 0)
            {
                indent = Math.Min(indent, line.Length - line.TrimStart().Length);
            }
        }

        var result = new List<string>(lines.Length);
        foreach (string line in lines)
        {
            result.Add(line.Trim().Length > 0 ? line[indent..] : string.Empty);
        }

        return string.Join('\n', result);
    }
}
