using Microsoft.CodeAnalysis;

namespace SignalContract.Analyzers.Catalog;

/// <summary>
/// Every diagnostic this package reports, in ID order. IDs by range: OBS0xxx contract, OBS1xxx metrics,
/// OBS2xxx logs, OBS3xxx traces, OBS4xxx PII. Each has a page at docs/rules/&lt;ID&gt;.md and a README row.
/// </summary>
internal static class Descriptors
{
    public const string HelpLinkBase = "https://github.com/signalcontract/SignalContract.Analyzers/blob/main/docs/rules/";

    // OBS0xxx: the contract itself

    public static readonly DiagnosticDescriptor NoContractFound = Create(
        "OBS0001",
        "No signal contract found",
        "No signal contract found{0}; contract rules are off, contract-free rules still run",
        Categories.Contract,
        DiagnosticSeverity.Warning,
        "The analyzers look for a contract.json among the AdditionalFiles (the package adds the nearest one above the project), or for the file the MSBuild property SignalContractPath names.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor InvalidContract = Create(
        "OBS0002",
        "Signal contract is invalid",
        "{0}",
        Categories.Contract,
        DiagnosticSeverity.Error,
        "contract.json has a JSON syntax error, a value of the wrong type, an unknown enumeration value, or a missing or unsupported version. Contract rules are off until it is fixed.");

    public static readonly DiagnosticDescriptor UnknownContractKey = Create(
        "OBS0003",
        "Unknown key in the signal contract",
        "{0}",
        Categories.Contract,
        DiagnosticSeverity.Warning,
        "A key that contract format version 1 does not define is ignored; most often it is a typo of a key that was meant.");

    public static readonly DiagnosticDescriptor ServiceNameMismatch = Create(
        "OBS0004",
        "Service name differs from the contract",
        "Service name '{0}' differs from the contract's service '{1}'",
        Categories.Contract,
        DiagnosticSeverity.Warning,
        "The OpenTelemetry resource's service.name must be the contract's service, so dashboards, alerts and traces keyed by service find this implementation under the same name as the others.");

    public static readonly DiagnosticDescriptor ContractContradiction = Create(
        "OBS0005",
        "Signal contract contradicts itself",
        "{0}",
        Categories.Contract,
        DiagnosticSeverity.Warning,
        "contract.json declares something it also rules out: a label that metrics.forbiddenLabels forbids, an instrument outside every metrics.namespaces entry, or a renamedFrom name that is still declared as an instrument. The rules keep running, but code cannot satisfy both sides.");

    // OBS1xxx: metrics

    public static readonly DiagnosticDescriptor MetricOutsideNamespaces = Create(
        "OBS1001",
        "Metric or meter name outside the approved namespaces",
        "{0} name '{1}' is not inside an approved namespace ({2})",
        Categories.Metrics,
        DiagnosticSeverity.Warning,
        "Meter and instrument names must start with one of the contract's metrics.namespaces, so every service's metrics land under the names dashboards expect.");

    public static readonly DiagnosticDescriptor MetricNamingStyle = Create(
        "OBS1002",
        "Metric name does not follow the naming style",
        "{0} '{1}' does not follow the {2} style; use '{3}'",
        Categories.Metrics,
        DiagnosticSeverity.Warning,
        "Metric names follow metrics.nameStyle and label keys follow metrics.labelStyle, so that the same metric is spelled the same in every language.");

    public static readonly DiagnosticDescriptor MetricNotDeclared = Create(
        "OBS1003",
        "Metric is not declared in the contract",
        "Metric '{0}' is not declared in the contract's metrics.instruments",
        Categories.Metrics,
        DiagnosticSeverity.Warning,
        "With metrics.requireDeclared, every instrument must be listed in the contract, where its kind, unit and labels are agreed for every service.");

    public static readonly DiagnosticDescriptor MetricKindOrUnitMismatch = Create(
        "OBS1004",
        "Instrument kind or unit differs from the contract",
        "Metric '{0}' is declared with {1} '{2}' in the contract, but created here with {3}",
        Categories.Metrics,
        DiagnosticSeverity.Warning,
        "A metric created as another kind or with another unit than the contract declares breaks queries and alerts that rely on the declared shape.");

    public static readonly DiagnosticDescriptor MetricLabelSetMismatch = Create(
        "OBS1005",
        "Label set differs from the contract",
        "Labels of metric '{0}' differ from {1}: {2}",
        Categories.Metrics,
        DiagnosticSeverity.Warning,
        "Every record site of a declared instrument must use exactly the label keys the contract lists; a missing or extra label splits or breaks the time series.",
        // Record sites of an instrument another type creates are checked when the whole compilation has been seen.
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor MetricLabelSetUnstable = Create(
        "OBS1006",
        "Label set differs between record sites of the same instrument",
        "Metric '{0}' is recorded with labels {1} here, but with {2} at another record site",
        Categories.Metrics,
        DiagnosticSeverity.Warning,
        "Record sites of one instrument that use different label keys produce series that cannot be aggregated together.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor MetricLabelHighCardinality = Create(
        "OBS1007",
        "Forbidden or high-cardinality label",
        "Label '{0}' on metric '{1}' {2}",
        Categories.Metrics,
        DiagnosticSeverity.Warning,
        "Labels with unbounded values (identifiers, timestamps, GUIDs, formatted strings) create a time series per value and overload the metrics backend.");

    public static readonly DiagnosticDescriptor MetricNameNotConstant = Create(
        "OBS1008",
        "Metric name or label key is not constant",
        "{0} is not a compile-time constant, so it cannot be checked against the contract",
        Categories.Metrics,
        DiagnosticSeverity.Info,
        "Metric names and label keys computed at run time cannot be checked, and usually vary in ways dashboards do not expect.");

    public static readonly DiagnosticDescriptor MetricRenamed = Create(
        "OBS1009",
        "Metric uses a renamed name",
        "Metric '{0}' was renamed to '{1}' in the contract",
        Categories.Metrics,
        DiagnosticSeverity.Warning,
        "The contract lists this name in an instrument's renamedFrom; code must move to the current name.");

    // OBS2xxx: logs

    public static readonly DiagnosticDescriptor LogMissingRequiredField = Create(
        "OBS2001",
        "Log call lacks required correlation fields",
        "Log call does not carry the required field(s) {0}: add them to the template or an enclosing scope",
        Categories.Logs,
        DiagnosticSeverity.Warning,
        "Every log call at or above logs.minimumLevel must carry the contract's logs.requiredFields: in its template, through an enclosing logging scope, a scope provider, the host's scope, the logging pipeline, or every caller's scope.",
        // Whether every caller supplies a field is known when the whole compilation has been seen.
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor LogFieldSpelling = Create(
        "OBS2002",
        "Log field name differs from the contract's spelling",
        "Log field '{0}' should be spelled '{1}' ({2})",
        Categories.Logs,
        DiagnosticSeverity.Warning,
        "Log field names must be spelled as the contract spells them (logs.requiredFields, logs.fields) and follow logs.fieldStyle, so that queries over every service's logs find the same field.");

    public static readonly DiagnosticDescriptor LogTemplateNotConstant = Create(
        "OBS2003",
        "Log message template is not constant",
        "Log message template is built at run time ({0}); use a constant template with named placeholders and pass the values as arguments",
        Categories.Logs,
        DiagnosticSeverity.Warning,
        "An interpolated or concatenated template turns every value into text: the structured fields are lost and the contract cannot be checked.");

    public static readonly DiagnosticDescriptor LogExceptionNotPassed = Create(
        "OBS2004",
        "Caught exception is logged without the exception",
        "'{0}' is logged as text but not passed as the exception; pass it to the overload that takes an exception",
        Categories.Logs,
        DiagnosticSeverity.Warning,
        "A caught exception logged only through its message loses its type, stack trace and the exception.* fields that other services' logs carry.");

    public static readonly DiagnosticDescriptor LogScopesNotExported = Create(
        "OBS2005",
        "Log scopes are dropped by the configured exporter",
        "{0} is configured without IncludeScopes = true, so the fields logging scopes supply never reach the logs",
        Categories.Logs,
        DiagnosticSeverity.Warning,
        "The OpenTelemetry logger and the JSON console formatter drop scopes unless IncludeScopes is true; required fields supplied through BeginScope or a scope provider are then silently missing.",
        // Any options callback in the compilation may set IncludeScopes.
        WellKnownDiagnosticTags.CompilationEnd);

    // OBS3xxx: traces

    public static readonly DiagnosticDescriptor SpanNotEnded = Create(
        "OBS3001",
        "Span is not ended on every path",
        "{0}",
        Categories.Traces,
        DiagnosticSeverity.Warning,
        "A started span that is not stopped or disposed on every path, including when an exception is thrown, is never exported and stays Activity.Current.");

    public static readonly DiagnosticDescriptor SpanErrorNotRecorded = Create(
        "OBS3002",
        "Caught exception is not recorded on the span",
        "This catch handles an exception inside span '{0}' without setting error status on it",
        Categories.Traces,
        DiagnosticSeverity.Warning,
        "A span whose operation failed but whose status is not Error shows as a success in traces and error-rate dashboards.");

    public static readonly DiagnosticDescriptor SpanNameNotConstant = Create(
        "OBS3003",
        "Span name is not constant",
        "Span name is built at run time; use a constant name and put the varying values in tags",
        Categories.Traces,
        DiagnosticSeverity.Warning,
        "One span name per value (an ID, a URL) explodes the number of operations a tracing backend tracks.");

    public static readonly DiagnosticDescriptor SourceOutsideApproved = Create(
        "OBS3004",
        "ActivitySource or tracer name outside the approved sources",
        "{0} name '{1}' is not inside an approved source ({2})",
        Categories.Traces,
        DiagnosticSeverity.Warning,
        "ActivitySource and tracer names must start with one of the contract's traces.sources, so exporters and samplers configured by name pick them up.");

    public static readonly DiagnosticDescriptor SpanNotDeclared = Create(
        "OBS3005",
        "Span name is not declared in the contract",
        "Span '{0}' is not declared in the contract's traces.spans",
        Categories.Traces,
        DiagnosticSeverity.Warning,
        "With traces.requireDeclared, every span name must be listed in the contract.");

    public static readonly DiagnosticDescriptor SpanAttributeNotDeclared = Create(
        "OBS3006",
        "Span attribute is not declared for this span",
        "Attribute '{0}' is not declared for span '{1}' (declared: {2})",
        Categories.Traces,
        DiagnosticSeverity.Warning,
        "A span declared with attributes in the contract may carry only those keys, besides the keys error recording adds.");

    public static readonly DiagnosticDescriptor SpanWithoutIncomingContext = Create(
        "OBS3007",
        "Span starts without the incoming trace context",
        "This {0} span is started without a parent context, parent id or links, so the caller's trace ends here and a new one begins",
        Categories.Traces,
        DiagnosticSeverity.Warning,
        "A span that receives a request or a message must continue the sender's trace: extract the propagated context (traceparent) from the message or request headers and pass it as the parent.");

    public static readonly DiagnosticDescriptor ForeignSpanEnded = Create(
        "OBS3008",
        "Ending a span the code did not start",
        "Ending '{0}' ends whichever span is current when it runs, usually one this code did not start",
        Categories.Traces,
        DiagnosticSeverity.Warning,
        "Stop(), Dispose() or End() on Activity.Current or Tracer.CurrentSpan ends the caller's or the host's span early: its duration is cut short, and the spans that follow lose their parent.");

    public static readonly DiagnosticDescriptor SpanEndsBeforeCatch = Create(
        "OBS3009",
        "Span ends before the catch that handles its failure",
        "Span '{0}' has ended, with no error recorded, before the catch that handles its failure runs, so the failed operation is exported as a success",
        Categories.Traces,
        DiagnosticSeverity.Warning,
        "A span whose lifetime lies inside a try block is ended when control leaves it for a catch; unless it recorded the error itself, its status stays Unset and traces show the failed operation as successful.");

    // OBS4xxx: personal data

    public static readonly DiagnosticDescriptor PiiInLogMessage = Create(
        "OBS4001",
        "Personal data in a log message",
        "{0} carries personal data ('{1}'); remove it from the log or log a redacted value",
        Categories.Pii,
        DiagnosticSeverity.Warning,
        "A log field whose name contains a pii.fields word, or a logged value whose expression names one (customer.Email, password), writes personal data to every log store and every reader of the logs, unless a sanitizer or redactor has masked it.");

    public static readonly DiagnosticDescriptor PiiInLoggedObject = Create(
        "OBS4002",
        "Logged object exposes personal data",
        "'{0}' is logged {1}, which writes its personal data {2}; log the other members explicitly",
        Categories.Pii,
        DiagnosticSeverity.Warning,
        "A record's or anonymous type's ToString, a destructured {@Object} and a [LogProperties] parameter write every public member, and the members of nested objects: those whose names contain a pii.fields word, or that carry a data-classification or [PersonalData] attribute, reach the log unredacted.");

    public static readonly DiagnosticDescriptor PiiInTagOrLabel = Create(
        "OBS4003",
        "Personal data in a span attribute or metric label",
        "{0} carries personal data ('{1}'); remove it or record a redacted value",
        Categories.Pii,
        DiagnosticSeverity.Warning,
        "Span attributes are exported to the tracing backend and metric labels to the metrics backend, where everyone with access to dashboards reads them; a label value per person also makes one time series per person.");

    public static readonly DiagnosticDescriptor PiiInBaggage = Create(
        "OBS4004",
        "Personal data in baggage",
        "{0} carries personal data ('{1}'); baggage is copied into the headers of every downstream call, so remove the item",
        Categories.Pii,
        DiagnosticSeverity.Warning,
        "Baggage propagates with the trace context to every service the request reaches, in every language, and to third parties it calls: personal data in it leaks further than anywhere else.");

    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity severity,
        string description,
        params string[] customTags) =>
        new(id, title, messageFormat, category, severity, isEnabledByDefault: true, description, HelpLinkBase + id + ".md", customTags);
}

internal static class Categories
{
    public const string Contract = "Contract";
    public const string Metrics = "Metrics";
    public const string Logs = "Logs";
    public const string Traces = "Traces";
    public const string Pii = "Privacy";
}
