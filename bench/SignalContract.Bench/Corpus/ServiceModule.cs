using System;
using System.Globalization;

namespace SignalContract.Bench.Corpus;

/// <summary>
/// One business area of the generated service (orders, invoices, ...): its names, and which telemetry styles and
/// which contract violations its files use. Chosen once from the seed so every file of the module agrees.
/// </summary>
internal sealed class ServiceModule
{
    private static readonly string[] Entities =
    {
        "Order", "Invoice", "Shipment", "Payment", "Customer", "Cart", "Refund", "Coupon", "Warehouse", "Supplier",
        "Product", "Review", "Subscription", "Ticket", "Delivery", "Booking", "Account", "Wallet", "Quote", "Voucher",
    };

    private static readonly string[] Areas = { "Checkout", "Billing", "Catalog", "Fulfilment", "Support", "Identity" };

    public ServiceModule(int index, Random random)
    {
        Index = index;
        string entity = Entities[index % Entities.Length];
        int round = index / (Entities.Length * Areas.Length);
        Entity = round == 0 ? entity : entity + (round + 1).ToString(CultureInfo.InvariantCulture);
        Area = Areas[(index / Entities.Length) % Areas.Length];
        Plural = Entity.EndsWith("y", StringComparison.Ordinal) && !Entity.EndsWith("ey", StringComparison.Ordinal)
            ? Entity[..^1] + "ies"
            : Entity + "s";
        Namespace = "Shop." + Area + "." + Plural;
        MetricPrefix = "shop." + Area.ToLowerInvariant() + "." + Plural.ToLowerInvariant();
        Snake = Entity.ToLowerInvariant();
        EventIdBase = 1000 + (index * 20);

        UsesSerilog = random.NextDouble() < 0.3;
        UsesPrometheus = random.NextDouble() < 0.35;
        UsesTracer = random.NextDouble() < 0.4;
        UsesMeterFactory = random.NextDouble() < 0.5;
        UsesMetricsGenerator = random.NextDouble() < 0.2;
        BusinessMethods = 2 + random.Next(5);

        // Most modules conform; a realistic minority carries one or two mistakes each.
        BadMetricStyle = random.NextDouble() < 0.08;
        MetricOutsideNamespace = random.NextDouble() < 0.06;
        UndeclaredMetric = random.NextDouble() < 0.1;
        RenamedMetric = random.NextDouble() < 0.08;
        ForbiddenLabel = random.NextDouble() < 0.08;
        HighCardinalityLabel = random.NextDouble() < 0.06;
        ExtraLabel = random.NextDouble() < 0.06;
        DynamicSpanName = random.NextDouble() < 0.08;
        LeakedSpan = random.NextDouble() < 0.1;
        CatchWithoutStatus = random.NextDouble() < 0.15;
        SourceOutsideContract = random.NextDouble() < 0.05;
        PiiInLog = random.NextDouble() < 0.08;

        // Drawn from their own generator, so the modules' earlier choices (and the figures measured on them) stay as they were.
        // Seeds are spread by a multiplicative hash: the first draws of Random seeded with neighbouring numbers are alike.
        var logging = new Random(unchecked((int)(((uint)index + 1) * 2654435761u)));
        UnscopedWorkerLog = logging.NextDouble() < 0.1;
        MisspeltLogField = logging.NextDouble() < 0.08;
        InterpolatedLogTemplate = logging.NextDouble() < 0.08;
        ExceptionLoggedAsText = logging.NextDouble() < 0.08;

        // The trace-boundary choices (issue 12) draw from a generator of their own too, for the same reason.
        var boundaries = new Random(unchecked((int)(((uint)index + 1) * 2246822519u)));
        SpanEndsBeforeCatch = boundaries.NextDouble() < 0.1;
        CurrentSpanEnded = boundaries.NextDouble() < 0.06;
        ConsumerWithoutContext = boundaries.NextDouble() < 0.08;

        // The personal-data choices (issue 11), from a generator of their own too. PiiInLog above is OBS4001's first seed.
        var privacy = new Random(unchecked((int)(((uint)index + 1) * 2870177450u)));
        PiiValueInLog = privacy.NextDouble() < 0.08;
        LoggedRequestWithPii = privacy.NextDouble() < 0.08;
        PiiSpanAttribute = privacy.NextDouble() < 0.08;
        PiiBaggage = privacy.NextDouble() < 0.06;
    }

    public int Index { get; }

    public string Entity { get; }

    public string Plural { get; }

    public string Area { get; }

    public string Namespace { get; }

    /// <summary>The module's meter and activity source name, e.g. <c>shop.checkout.orders</c>.</summary>
    public string MetricPrefix { get; }

    public string Snake { get; }

    public int EventIdBase { get; }

    public bool UsesSerilog { get; }

    public bool UsesPrometheus { get; }

    public bool UsesTracer { get; }

    public bool UsesMeterFactory { get; }

    public bool UsesMetricsGenerator { get; }

    public int BusinessMethods { get; }

    public bool BadMetricStyle { get; }

    public bool MetricOutsideNamespace { get; }

    public bool UndeclaredMetric { get; }

    public bool RenamedMetric { get; }

    public bool ForbiddenLabel { get; }

    public bool HighCardinalityLabel { get; }

    public bool ExtraLabel { get; }

    public bool DynamicSpanName { get; }

    public bool LeakedSpan { get; }

    public bool CatchWithoutStatus { get; }

    public bool SourceOutsideContract { get; }

    /// <summary>OBS4001: the created entity is logged with a <c>{Email}</c> field.</summary>
    public bool PiiInLog { get; }

    /// <summary>OBS2001: the worker logs its start at Information, outside any scope.</summary>
    public bool UnscopedWorkerLog { get; }

    /// <summary>OBS2002: a placeholder spelled <c>{region}</c> where the contract says <c>Region</c>.</summary>
    public bool MisspeltLogField { get; }

    /// <summary>OBS2003: an interpolated template.</summary>
    public bool InterpolatedLogTemplate { get; }

    /// <summary>OBS2004: a caught exception logged by its message only.</summary>
    public bool ExceptionLoggedAsText { get; }

    /// <summary>OBS3009: the quote's span lies inside a try whose catch turns the failure into a result.</summary>
    public bool SpanEndsBeforeCatch { get; }

    /// <summary>OBS3008: the controller stops <c>Activity.Current</c>, the host's request span.</summary>
    public bool CurrentSpanEnded { get; }

    /// <summary>OBS3007: the event handler starts its Consumer span without the message's trace parent.</summary>
    public bool ConsumerWithoutContext { get; }

    /// <summary>OBS4001: the quote logs the customer's email under an innocent name, <c>{Contact}</c>.</summary>
    public bool PiiValueInLog { get; }

    /// <summary>OBS4002: a rejected request is logged whole; its record <c>ToString</c> prints the email.</summary>
    public bool LoggedRequestWithPii { get; }

    /// <summary>OBS4003: the quote's span carries the customer's email as an attribute.</summary>
    public bool PiiSpanAttribute { get; }

    /// <summary>OBS4004: the quote puts the customer's email in baggage, which every downstream call carries.</summary>
    public bool PiiBaggage { get; }

    public string PrometheusPrefix => MetricPrefix.Replace('.', '_');
}
