using System;
using System.Collections.Generic;
using System.Globalization;

namespace SignalContract.Bench.Corpus;

/// <summary>
/// Writes the files of one <see cref="ServiceModule"/>: DTOs, a validator, a pricing calculator, a repository, the
/// telemetry declarations, a service with handlers, a controller and a background worker. Most of each file is plain
/// business code; telemetry is the minority it is in real services.
/// </summary>
internal sealed class ServiceModuleWriter
{
    private static readonly string[] CommonUsings =
    {
        "using System;",
        "using System.Collections.Generic;",
        "using System.Diagnostics;",
        "using System.Linq;",
        "using System.Threading;",
        "using System.Threading.Tasks;",
    };

    private static readonly string[] ExtraPropertyTypes = { "string", "int", "decimal", "bool", "DateTimeOffset", "long", "double" };
    private static readonly string[] ExtraPropertyNames =
    {
        "Channel", "Priority", "Source", "Batch", "Weight", "Score", "Attempts", "Revision", "Locale", "Segment",
        "Carrier", "Margin", "Discount", "TaxRate", "Deadline", "Owner", "Label", "Sequence", "Threshold", "Window",
    };

    private readonly ServiceModule _module;
    private readonly Random _random;
    private readonly ContractBuilder _contract;
    private readonly bool _metricsGenerator;
    private readonly List<(string Name, string Type)> _extras = new();

    public ServiceModuleWriter(ServiceModule module, Random random, ContractBuilder contract, bool metricsGeneratorAvailable)
    {
        _module = module;
        _random = random;
        _contract = contract;
        _metricsGenerator = metricsGeneratorAvailable && module.UsesMetricsGenerator;
        int extraCount = 3 + random.Next(6);
        var used = new HashSet<string>(StringComparer.Ordinal);
        while (_extras.Count < extraCount)
        {
            string name = ExtraPropertyNames[random.Next(ExtraPropertyNames.Length)];
            if (used.Add(name))
            {
                _extras.Add((name, ExtraPropertyTypes[random.Next(ExtraPropertyTypes.Length)]));
            }
        }
    }

    private string E => _module.Entity;

    private string P => _module.Plural;

    private string Prefix => _module.MetricPrefix;

    public IEnumerable<CorpusFile> Write()
    {
        string folder = _module.Area + "/" + _module.Plural + "/";
        yield return new CorpusFile(folder + E + "Models.cs", Models());
        yield return new CorpusFile(folder + E + "Validator.cs", Validator());
        yield return new CorpusFile(folder + E + "PricingCalculator.cs", Pricing());
        yield return new CorpusFile(folder + E + "Repository.cs", Repository());
        yield return new CorpusFile(folder + E + "Telemetry.cs", Telemetry());
        yield return new CorpusFile(folder + E + "Service.cs", Service());
        yield return new CorpusFile(folder + P + "Controller.cs", Controller());
        yield return new CorpusFile(folder + E + "ReconciliationWorker.cs", Worker());
        yield return new CorpusFile(folder + E + "EventHandler.cs", EventHandler());
    }

    private CodeWriter Begin(params string[] extraUsings)
    {
        var w = new CodeWriter();
        foreach (string line in CommonUsings)
        {
            w.Line(line);
        }

        foreach (string line in extraUsings)
        {
            w.Line(line);
        }

        w.Line();
        w.Line("namespace " + _module.Namespace + ";");
        w.Line();
        return w;
    }

    private static string Q(string text) => "\"" + text + "\"";

    private string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private string Kv(string key, string value) => "new KeyValuePair<string, object?>(" + Q(key) + ", " + value + ")";

    // ---- DTOs ------------------------------------------------------------------------------------------------

    private string Models()
    {
        var w = Begin();
        w.Line("/// <summary>Lifecycle of a " + E.ToLowerInvariant() + ".</summary>");
        w.Open("public enum " + E + "Status");
        w.Line("Draft,").Line("Pending,").Line("Active,").Line("Suspended,").Line("Completed,").Line("Cancelled,");
        w.Close();
        w.Line();
        w.Open("public sealed class " + E + "Entity");
        w.Line("public Guid Id { get; set; }").Line();
        w.Line("public string Region { get; set; } = \"eu\";").Line();
        w.Line("public string Reference { get; set; } = string.Empty;").Line();
        w.Line("public string CustomerName { get; set; } = string.Empty;").Line();
        w.Line("public string? Email { get; set; }").Line();
        w.Line("public decimal Amount { get; set; }").Line();
        w.Line("public int Quantity { get; set; }").Line();
        w.Line("public " + E + "Status Status { get; set; }").Line();
        w.Line("public DateTimeOffset CreatedAt { get; set; }").Line();
        w.Line("public DateTimeOffset? UpdatedAt { get; set; }").Line();
        w.Line("public string? Notes { get; set; }").Line();
        w.Line("public List<decimal> Charges { get; } = new();").Line();
        foreach (var (name, type) in _extras)
        {
            w.Line("public " + type + " " + name + " { get; set; }" + (type == "string" ? " = string.Empty;" : string.Empty)).Line();
        }

        w.Line("public bool IsOpen => Status is " + E + "Status.Draft or " + E + "Status.Pending or " + E + "Status.Active;");
        w.Close();
        w.Line();
        w.Line("public sealed record " + E + "Dto(Guid Id, string Region, string Reference, decimal Amount, int Quantity, " + E + "Status Status, DateTimeOffset CreatedAt);");
        w.Line();
        w.Line("public sealed record Create" + E + "Request(string Region, string Reference, string CustomerName, decimal Amount, int Quantity, string? Email, string? Notes);");
        w.Line();
        w.Line("public sealed record Update" + E + "Request(Guid Id, decimal? Amount, int? Quantity, string? Notes);");
        w.Line();
        w.Open("public sealed class " + E + "Page");
        w.Line("public " + E + "Page(IReadOnlyList<" + E + "Dto> items, int page, int pageSize, int total)");
        w.Line("{");
        w.Line("    Items = items;");
        w.Line("    Page = page;");
        w.Line("    PageSize = pageSize;");
        w.Line("    Total = total;");
        w.Line("}");
        w.Line();
        w.Line("public IReadOnlyList<" + E + "Dto> Items { get; }").Line();
        w.Line("public int Page { get; }").Line();
        w.Line("public int PageSize { get; }").Line();
        w.Line("public int Total { get; }").Line();
        w.Line("public bool HasNext => (Page + 1) * PageSize < Total;");
        w.Close();
        w.Line();
        w.Open("public static class " + E + "Mapper");
        w.Line("public static " + E + "Dto ToDto(" + E + "Entity entity) =>");
        w.Line("    new(entity.Id, entity.Region, entity.Reference, entity.Amount, entity.Quantity, entity.Status, entity.CreatedAt);");
        w.Line();
        w.Open("public static " + E + "Entity ToEntity(Create" + E + "Request request)");
        w.Line("return new " + E + "Entity");
        w.Line("{");
        w.Line("    Id = Guid.NewGuid(),");
        w.Line("    Region = request.Region,");
        w.Line("    Reference = request.Reference.Trim(),");
        w.Line("    CustomerName = request.CustomerName,");
        w.Line("    Email = request.Email,");
        w.Line("    Amount = request.Amount,");
        w.Line("    Quantity = request.Quantity,");
        w.Line("    Notes = request.Notes,");
        w.Line("    Status = " + E + "Status.Draft,");
        w.Line("    CreatedAt = DateTimeOffset.UtcNow,");
        w.Line("};");
        w.Close();
        w.Line();
        w.Open("public static void Apply(" + E + "Entity entity, Update" + E + "Request request)");
        w.Open("if (request.Amount is { } amount)");
        w.Line("entity.Amount = amount;");
        w.Close();
        w.Line();
        w.Open("if (request.Quantity is { } quantity)");
        w.Line("entity.Quantity = quantity;");
        w.Close();
        w.Line();
        w.Line("entity.Notes = request.Notes ?? entity.Notes;");
        w.Line("entity.UpdatedAt = DateTimeOffset.UtcNow;");
        w.Close();
        w.Line();
        w.Open("public static " + E + "Entity Copy(" + E + "Entity source)");
        w.Line("var copy = new " + E + "Entity");
        w.Line("{");
        w.Line("    Id = source.Id,");
        w.Line("    Region = source.Region,");
        w.Line("    Reference = source.Reference,");
        w.Line("    CustomerName = source.CustomerName,");
        w.Line("    Amount = source.Amount,");
        w.Line("    Quantity = source.Quantity,");
        w.Line("    Status = source.Status,");
        w.Line("    CreatedAt = source.CreatedAt,");
        foreach (var (name, _) in _extras)
        {
            w.Line("    " + name + " = source." + name + ",");
        }

        w.Line("};");
        w.Line("copy.Charges.AddRange(source.Charges);");
        w.Line("return copy;");
        w.Close();
        w.Close();
        return w.ToString();
    }

    // ---- plain business code -------------------------------------------------------------------------------

    private string Validator()
    {
        var w = Begin();
        w.Open("public sealed class " + E + "Validator");
        w.Line("private const int MaxReferenceLength = " + N(16 + _random.Next(48)) + ";");
        w.Line("private const decimal MaxAmount = " + N(10_000 + _random.Next(90_000)) + "m;");
        w.Line("private static readonly HashSet<string> KnownRegions = new(StringComparer.OrdinalIgnoreCase) { \"eu\", \"us\", \"apac\", \"latam\" };");
        w.Line();
        w.Open("public IReadOnlyList<string> Validate(Create" + E + "Request request)");
        w.Line("var errors = new List<string>();");
        w.Open("if (string.IsNullOrWhiteSpace(request.Reference))");
        w.Line("errors.Add(\"Reference is required.\");");
        w.Close();
        w.Open("else if (request.Reference.Length > MaxReferenceLength)");
        w.Line("errors.Add($\"Reference is longer than {MaxReferenceLength} characters.\");");
        w.Close();
        w.Line();
        w.Open("if (!KnownRegions.Contains(request.Region))");
        w.Line("errors.Add($\"Unknown region '{request.Region}'.\");");
        w.Close();
        w.Line();
        w.Open("if (request.Amount <= 0 || request.Amount > MaxAmount)");
        w.Line("errors.Add(\"Amount is out of range.\");");
        w.Close();
        w.Line();
        w.Open("if (request.Quantity <= 0)");
        w.Line("errors.Add(\"Quantity must be positive.\");");
        w.Close();
        w.Line();
        w.Open("if (request.Email is { Length: > 0 } email && !IsPlausibleEmail(email))");
        w.Line("errors.Add(\"Email is not valid.\");");
        w.Close();
        w.Line();
        w.Line("return errors;");
        w.Close();
        w.Line();
        w.Open("public static bool IsPlausibleEmail(string value)");
        w.Line("int at = value.IndexOf('@');");
        w.Line("return at > 0 && at < value.Length - 3 && value.IndexOf('.', at) > at + 1 && !value.Contains(' ');");
        w.Close();
        for (int i = 0; i < _module.BusinessMethods; i++)
        {
            w.Line();
            BusinessMethod(w, i);
        }

        w.Close();
        return w.ToString();
    }

    private string Pricing()
    {
        var w = Begin();
        w.Open("public sealed class " + E + "PricingCalculator");
        w.Line("private static readonly IReadOnlyDictionary<string, decimal> TaxRates = new Dictionary<string, decimal>");
        w.Line("{");
        w.Line("    [\"eu\"] = 0.21m,");
        w.Line("    [\"us\"] = 0.07m,");
        w.Line("    [\"apac\"] = 0.1m,");
        w.Line("    [\"latam\"] = 0.16m,");
        w.Line("};");
        w.Line();
        w.Open("public decimal Total(" + E + "Entity entity)");
        w.Line("decimal subtotal = entity.Amount * entity.Quantity;");
        w.Open("foreach (decimal charge in entity.Charges)");
        w.Line("subtotal += charge;");
        w.Close();
        w.Line();
        w.Line("decimal discount = Discount(subtotal, entity.Quantity);");
        w.Line("decimal taxed = (subtotal - discount) * (1 + TaxRate(entity.Region));");
        w.Line("return Math.Round(taxed, 2, MidpointRounding.ToEven);");
        w.Close();
        w.Line();
        w.Open("public static decimal TaxRate(string region)");
        w.Line("return TaxRates.TryGetValue(region, out decimal rate) ? rate : 0m;");
        w.Close();
        w.Line();
        w.Open("public static decimal Discount(decimal subtotal, int quantity)");
        w.Line("return quantity switch");
        w.Line("{");
        w.Line("    >= 100 => subtotal * 0.15m,");
        w.Line("    >= 50 => subtotal * 0.1m,");
        w.Line("    >= 10 => subtotal * 0.05m,");
        w.Line("    _ => 0m,");
        w.Line("};");
        w.Close();
        w.Line();
        w.Open("public IReadOnlyList<decimal> Installments(decimal total, int count)");
        w.Open("if (count <= 0)");
        w.Line("throw new ArgumentOutOfRangeException(nameof(count));");
        w.Close();
        w.Line();
        w.Line("var result = new List<decimal>(count);");
        w.Line("decimal each = Math.Floor(total / count * 100) / 100;");
        w.Line("decimal remainder = total - (each * count);");
        w.Open("for (int i = 0; i < count; i++)");
        w.Line("result.Add(i == count - 1 ? each + remainder : each);");
        w.Close();
        w.Line();
        w.Line("return result;");
        w.Close();
        for (int i = 0; i < _module.BusinessMethods; i++)
        {
            w.Line();
            BusinessMethod(w, i + 100);
        }

        w.Close();
        return w.ToString();
    }

    /// <summary>One plain method drawn from a few shapes real services are full of.</summary>
    private void BusinessMethod(CodeWriter w, int ordinal)
    {
        string name = E + "Rule" + N(ordinal);
        int shape = _random.Next(5);
        int threshold = 2 + _random.Next(40);
        switch (shape)
        {
            case 0:
                w.Open("public static IReadOnlyList<" + E + "Entity> Select" + name + "(IEnumerable<" + E + "Entity> items, string region)");
                w.Line("var selected = new List<" + E + "Entity>();");
                w.Open("foreach (var item in items)");
                w.Open("if (!string.Equals(item.Region, region, StringComparison.OrdinalIgnoreCase))");
                w.Line("continue;");
                w.Close();
                w.Line();
                w.Open("if (item.Quantity > " + N(threshold) + " && item.IsOpen)");
                w.Line("selected.Add(item);");
                w.Close();
                w.Close();
                w.Line();
                w.Line("selected.Sort((left, right) => right.CreatedAt.CompareTo(left.CreatedAt));");
                w.Line("return selected;");
                w.Close();
                break;
            case 1:
                w.Open("public static string Describe" + name + "(" + E + "Entity entity)");
                w.Line("var text = new System.Text.StringBuilder();");
                w.Line("text.Append(entity.Reference).Append(\" (\").Append(entity.Status).Append(')');");
                w.Open("if (entity.Notes is { Length: > 0 } notes)");
                w.Line("text.Append(\": \").Append(notes.Length > " + N(threshold + 20) + " ? notes[.." + N(threshold + 20) + "] + \"...\" : notes);");
                w.Close();
                w.Line();
                w.Open("foreach (decimal charge in entity.Charges)");
                w.Line("text.Append(\" +\").Append(charge.ToString(\"F2\", System.Globalization.CultureInfo.InvariantCulture));");
                w.Close();
                w.Line();
                w.Line("return text.ToString();");
                w.Close();
                break;
            case 2:
                w.Open("public static " + E + "Status Next" + name + "(" + E + "Status current, bool approved)");
                w.Line("return current switch");
                w.Line("{");
                w.Line("    " + E + "Status.Draft => " + E + "Status.Pending,");
                w.Line("    " + E + "Status.Pending when approved => " + E + "Status.Active,");
                w.Line("    " + E + "Status.Pending => " + E + "Status.Cancelled,");
                w.Line("    " + E + "Status.Active when !approved => " + E + "Status.Suspended,");
                w.Line("    " + E + "Status.Suspended when approved => " + E + "Status.Active,");
                w.Line("    _ => current,");
                w.Line("};");
                w.Close();
                break;
            case 3:
                w.Open("public static Dictionary<string, decimal> TotalsByRegion" + name + "(IEnumerable<" + E + "Entity> items)");
                w.Line("var totals = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);");
                w.Open("foreach (var item in items)");
                w.Line("totals.TryGetValue(item.Region, out decimal sum);");
                w.Line("totals[item.Region] = sum + (item.Amount * item.Quantity);");
                w.Close();
                w.Line();
                w.Line("return totals;");
                w.Close();
                break;
            default:
                w.Open("public static bool IsStale" + name + "(" + E + "Entity entity, DateTimeOffset now)");
                w.Line("var age = now - (entity.UpdatedAt ?? entity.CreatedAt);");
                w.Open("if (entity.Status == " + E + "Status.Pending)");
                w.Line("return age > TimeSpan.FromHours(" + N(threshold) + ");");
                w.Close();
                w.Line();
                w.Line("return entity.IsOpen && age > TimeSpan.FromDays(" + N(threshold) + ");");
                w.Close();
                break;
        }
    }

    // ---- telemetry declarations ----------------------------------------------------------------------------

    private string CreatedName => _module.BadMetricStyle ? Prefix + ".CreatedTotal" : Prefix + ".created";

    private string Telemetry()
    {
        string[] extra = _metricsGenerator
            ? new[] { "using System.Diagnostics.Metrics;", "using Microsoft.Extensions.Diagnostics.Metrics;", "using Microsoft.Extensions.Logging;" }
            : new[] { "using System.Diagnostics.Metrics;", "using Microsoft.Extensions.Logging;" };
        var w = Begin(extra);
        string sourceName = _module.SourceOutsideContract ? "Legacy." + P : Prefix;
        w.Line("/// <summary>The meter, instruments and activity source of the " + P.ToLowerInvariant() + " module.</summary>");
        w.Open("internal static class " + E + "Telemetry");
        w.Line("public const string MeterName = " + Q(Prefix) + ";");
        w.Line("private const string DurationName = " + Q(Prefix + ".duration") + ";");
        w.Line();
        w.Line("public static readonly ActivitySource Source = new(" + Q(sourceName) + ", \"1.0.0\");");
        w.Line("public static readonly Meter Meter = new(MeterName, \"1.0.0\");");
        w.Line("public static readonly Counter<long> Created = Meter.CreateCounter<long>(" + Q(CreatedName) + ", unit: \"{" + _module.Snake + "}\", description: \"" + P + " created.\");");
        w.Line("public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(DurationName, \"s\", \"Time to handle a " + _module.Snake + " request.\");");
        w.Line("public static readonly UpDownCounter<int> InFlight = Meter.CreateUpDownCounter<int>(" + Q(Prefix + ".in_flight") + ", \"{request}\");");
        w.Line();
        w.Line("/// <summary>Starts the update span for the caller, which owns and ends it.</summary>");
        w.Line("public static Activity? StartUpdate(Guid id) => Source.StartActivity(" + Q(Prefix + ".update") + ", ActivityKind.Internal)?.SetTag(\"entity.id\", id);");
        w.Line();
        if (_module.MetricOutsideNamespace)
        {
            w.Line("public static readonly Counter<long> Failures = Meter.CreateCounter<long>(" + Q("legacy." + P.ToLowerInvariant() + ".failures") + ");");
        }
        else
        {
            w.Line("public static readonly Counter<long> Failures = Meter.CreateCounter<long>(" + Q(Prefix + ".failures") + ", \"{failure}\");");
            _contract.AddInstrument(Prefix + ".failures", "counter", "{failure}", new[] { "error_type" });
        }

        if (!_module.BadMetricStyle)
        {
            _contract.AddInstrument(CreatedName, "counter", "{" + _module.Snake + "}", new[] { "outcome", "region" });
        }

        _contract.AddInstrument(Prefix + ".duration", "histogram", "s", new[] { "operation", "region" });
        _contract.AddInstrument(Prefix + ".in_flight", "updowncounter", "{request}", Array.Empty<string>());
        _contract.AddSpan(Prefix + ".create", new[] { "region", "reference" });
        w.Close();

        w.Line();
        w.Line("/// <summary>Source-generated log messages of the " + P.ToLowerInvariant() + " module.</summary>");
        w.Open("internal static partial class " + E + "Log");
        string idParam = _module.Snake + "Id";
        w.Line("[LoggerMessage(EventId = " + N(_module.EventIdBase) + ", Level = LogLevel.Information, Message = \"" + E + " {" + E + "Id} not found\")]");
        w.Line("public static partial void NotFound(ILogger logger, Guid " + idParam + ");");
        w.Line();
        w.Line("[LoggerMessage(EventId = " + N(_module.EventIdBase + 1) + ", Level = LogLevel.Warning, Message = \"" + E + " {" + E + "Id} is stale after {Age}\")]");
        w.Line("public static partial void Stale(ILogger logger, Guid " + idParam + ", TimeSpan age);");
        w.Line();
        w.Line("[LoggerMessage(Level = LogLevel.Debug, Message = \"Reconciled {Count} " + P.ToLowerInvariant() + " in {Region}\")]");
        w.Line("public static partial void Reconciled(this ILogger logger, int count, string region);");
        w.Close();

        if (_metricsGenerator)
        {
            w.Line();
            w.Line("/// <summary>Source-generated instruments of the " + P.ToLowerInvariant() + " module.</summary>");
            w.Open("internal static partial class " + E + "Metrics");
            w.Line("[Counter(\"outcome\", \"region\", Name = " + Q(Prefix + ".exported") + ")]");
            w.Line("public static partial " + E + "ExportedCounter CreateExportedCounter(Meter meter);");
            w.Line();
            w.Line("[Histogram(\"region\", Name = " + Q(Prefix + ".export_size") + ")]");
            w.Line("public static partial " + E + "ExportSizeHistogram CreateExportSizeHistogram(Meter meter);");
            w.Close();
            _contract.AddInstrument(Prefix + ".exported", "counter", null, new[] { "outcome", "region" });
            _contract.AddInstrument(Prefix + ".export_size", "histogram", null, new[] { "region" });
        }

        return w.ToString();
    }

    // ---- repository ----------------------------------------------------------------------------------------

    private string Repository()
    {
        var w = Begin("using Microsoft.Extensions.Logging;");
        w.Open("public sealed class " + E + "Repository");
        w.Line("private readonly Dictionary<Guid, " + E + "Entity> _items = new();");
        w.Line("private readonly object _gate = new();");
        w.Line("private readonly ILogger<" + E + "Repository> _logger;");
        w.Line();
        w.Open("public " + E + "Repository(ILogger<" + E + "Repository> logger)");
        w.Line("_logger = logger;");
        w.Close();
        w.Line();
        w.Open("public int Count");
        w.Open("get");
        w.Open("lock (_gate)");
        w.Line("return _items.Count;");
        w.Close();
        w.Close();
        w.Close();
        w.Line();
        w.Open("public Task SaveAsync(" + E + "Entity entity, CancellationToken cancellationToken)");
        w.Line("cancellationToken.ThrowIfCancellationRequested();");
        w.Line("using var activity = " + E + "Telemetry.Source.StartActivity(\"" + Prefix + ".db.save\", ActivityKind.Client);");
        w.Line("activity?.SetTag(\"db.operation\", \"upsert\");");
        w.Open("lock (_gate)");
        w.Line("_items[entity.Id] = " + E + "Mapper.Copy(entity);");
        w.Close();
        w.Line();
        w.Line("_logger.LogDebug(\"Saved " + E.ToLowerInvariant() + " {" + E + "Id} with status {Status}\", entity.Id, entity.Status);");
        w.Line("return Task.CompletedTask;");
        w.Close();
        w.Line();
        w.Open("public Task<" + E + "Entity?> FindAsync(Guid id, CancellationToken cancellationToken)");
        w.Line("cancellationToken.ThrowIfCancellationRequested();");
        w.Line("using var activity = " + E + "Telemetry.Source.StartActivity(\"" + Prefix + ".db.find\", ActivityKind.Client);");
        w.Line("activity?.SetTag(\"db.operation\", \"get\");");
        w.Open("lock (_gate)");
        w.Line("return Task.FromResult(_items.TryGetValue(id, out var entity) ? " + E + "Mapper.Copy(entity) : null);");
        w.Close();
        w.Close();
        w.Line();
        w.Open("public IReadOnlyList<" + E + "Entity> Query(Func<" + E + "Entity, bool> predicate, int skip, int take)");
        w.Line("var page = new List<" + E + "Entity>(take);");
        w.Open("lock (_gate)");
        w.Line("int seen = 0;");
        w.Open("foreach (var item in _items.Values)");
        w.Open("if (!predicate(item))");
        w.Line("continue;");
        w.Close();
        w.Line();
        w.Open("if (seen++ < skip)");
        w.Line("continue;");
        w.Close();
        w.Line();
        w.Line("page.Add(" + E + "Mapper.Copy(item));");
        w.Open("if (page.Count == take)");
        w.Line("break;");
        w.Close();
        w.Close();
        w.Close();
        w.Line();
        w.Line("_logger.LogDebug(\"Query returned {Count} rows after skipping {Skip}\", page.Count, skip);");
        w.Line("return page;");
        w.Close();
        w.Line();
        w.Open("public bool Remove(Guid id)");
        w.Line("bool removed;");
        w.Open("lock (_gate)");
        w.Line("removed = _items.Remove(id);");
        w.Close();
        w.Line();
        w.Open("if (!removed)");
        w.Line(E + "Log.NotFound(_logger, id);");
        w.Close();
        w.Line();
        w.Line("return removed;");
        w.Close();
        w.Line();
        w.Open("public IReadOnlyList<" + E + "Entity> Snapshot()");
        w.Open("lock (_gate)");
        w.Line("return _items.Values.Select(" + E + "Mapper.Copy).ToList();");
        w.Close();
        w.Close();
        for (int i = 0; i < _module.BusinessMethods / 2; i++)
        {
            w.Line();
            BusinessMethod(w, i + 200);
        }

        w.Close();
        return w.ToString();
    }

    // ---- service with handlers -----------------------------------------------------------------------------

    private string Service()
    {
        var w = Begin("using System.Diagnostics.Metrics;", "using Microsoft.Extensions.Logging;");
        string lower = E.ToLowerInvariant();
        w.Open("public sealed class " + E + "Service");
        w.Line("private readonly " + E + "Repository _repository;");
        w.Line("private readonly ILogger<" + E + "Service> _logger;");
        w.Line("private readonly " + E + "Validator _validator = new();");
        w.Line("private readonly " + E + "PricingCalculator _pricing = new();");
        w.Line("private readonly Counter<long> _updates;");
        w.Line("private readonly Histogram<double> _totals;");
        w.Line();
        w.Open("public " + E + "Service(" + E + "Repository repository, ILogger<" + E + "Service> logger, IMeterFactory meterFactory)");
        w.Line("_repository = repository;");
        w.Line("_logger = logger;");
        w.Line(_module.UsesMeterFactory
            ? "var meter = meterFactory.Create(new MeterOptions(" + Q(Prefix) + ") { Version = \"1.0.0\" });"
            : "var meter = meterFactory.Create(" + Q(Prefix) + ");");
        string updatesName = _module.UndeclaredMetric ? Prefix + ".update_attempts" : Prefix + ".updates";
        w.Line("_updates = meter.CreateCounter<long>(" + Q(updatesName) + ", \"{update}\", \"Updates applied.\");");
        w.Line("_totals = meter.CreateHistogram<double>(name: " + Q(Prefix + ".total_amount") + ", unit: \"{currency}\");");
        if (!_module.UndeclaredMetric)
        {
            _contract.AddInstrument(updatesName, "counter", "{update}", new[] { "outcome" });
        }

        _contract.AddInstrument(Prefix + ".total_amount", "histogram", "{currency}", new[] { "region" });
        w.Close();
        w.Line();

        // Create: span in a using declaration, error recorded, metrics with KeyValuePair tags and a TagList.
        w.Open("public async Task<" + E + "Dto?> CreateAsync(Create" + E + "Request request, CancellationToken cancellationToken)");
        w.Line("using var activity = " + E + "Telemetry.Source.StartActivity(" + Q(Prefix + ".create") + ");");
        w.Line("activity?.SetTag(\"region\", request.Region);");
        w.Line("activity?.SetTag(\"reference\", request.Reference);");
        w.Line("long started = Stopwatch.GetTimestamp();");
        w.Line(E + "Telemetry.InFlight.Add(1);");
        w.Open("try");
        w.Line("var errors = _validator.Validate(request);");
        w.Open("if (errors.Count > 0)");
        w.Line(_module.LoggedRequestWithPii
            ? "_logger.LogWarning(\"Rejected " + lower + " request {Request} with {ErrorCount} errors\", request, errors.Count);"
            : "_logger.LogWarning(\"Rejected " + lower + " request {Reference} with {ErrorCount} errors\", request.Reference, errors.Count);");
        w.Line(E + "Telemetry.Created.Add(1, " + Kv("outcome", "\"rejected\"") + ", " + Kv("region", "request.Region") + ");");
        w.Line("return null;");
        w.Close();
        w.Line();
        w.Line("var entity = " + E + "Mapper.ToEntity(request);");
        w.Line("await _repository.SaveAsync(entity, cancellationToken).ConfigureAwait(false);");
        string secondTag = _module.ForbiddenLabel ? Kv("user_id", "request.CustomerName")
            : _module.HighCardinalityLabel ? Kv("region", "entity.Id")
            : Kv("region", "request.Region");
        w.Line(E + "Telemetry.Created.Add(1, " + Kv("outcome", "\"created\"") + ", " + secondTag + ");");
        w.Line("_totals.Record((double)_pricing.Total(entity), " + Kv("region", "entity.Region") + ");");
        if (_module.PiiInLog)
        {
            w.Line("_logger.LogInformation(\"Created " + lower + " {" + E + "Id} for {Email}\", entity.Id, request.Email);");
        }
        else
        {
            w.Line("_logger.LogInformation(\"Created " + lower + " {" + E + "Id} in {Region}\", entity.Id, entity.Region);");
        }

        w.Line("return " + E + "Mapper.ToDto(entity);");
        w.Close();
        w.Open("catch (Exception ex) when (ex is not OperationCanceledException)");
        w.Line("activity?.SetStatus(ActivityStatusCode.Error, ex.Message);");
        w.Line("activity?.SetTag(\"error.type\", ex.GetType().FullName);");
        w.Line(E + "Telemetry.Failures.Add(1, " + Kv("error_type", "ex.GetType().Name") + ");");
        w.Line("_logger.LogError(ex, \"Failed to create " + lower + " in {Region}\", request.Region);");
        w.Line("throw;");
        w.Close();
        w.Open("finally");
        w.Line(E + "Telemetry.InFlight.Add(-1);");
        w.Line("var tags = new TagList { { \"operation\", \"create\" } };");
        w.Line("tags.Add(\"region\", request.Region);");
        w.Line(E + "Telemetry.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);");
        w.Close();
        w.Close();
        w.Line();

        // Update: span ended in try/finally, catch that may or may not record the error.
        w.Open("public async Task<bool> UpdateAsync(Update" + E + "Request request, CancellationToken cancellationToken)");
        w.Line("var activity = " + E + "Telemetry.StartUpdate(request.Id);");
        w.Open("try");
        w.Line("var entity = await _repository.FindAsync(request.Id, cancellationToken).ConfigureAwait(false);");
        w.Open("if (entity is null)");
        w.Line(E + "Log.NotFound(_logger, request.Id);");
        w.Line("_updates.Add(1, " + Kv("outcome", "\"missing\"") + ");");
        w.Line("return false;");
        w.Close();
        w.Line();
        w.Line(E + "Mapper.Apply(entity, request);");
        w.Line("await _repository.SaveAsync(entity, cancellationToken).ConfigureAwait(false);");
        string updateTags = _module.ExtraLabel
            ? Kv("outcome", "\"applied\"") + ", " + Kv("region", "entity.Region")
            : Kv("outcome", "\"applied\"");
        w.Line("_updates.Add(1, " + updateTags + ");");
        w.Line("return true;");
        w.Close();
        w.Open("catch (InvalidOperationException ex)");
        if (!_module.CatchWithoutStatus)
        {
            w.Line("activity?.SetStatus(ActivityStatusCode.Error, ex.Message);");
        }

        w.Line(_module.ExceptionLoggedAsText
            ? "_logger.LogWarning(\"Could not update " + lower + " {" + E + "Id}: {Error}\", request.Id, ex.Message);"
            : "_logger.LogWarning(ex, \"Could not update " + lower + " {" + E + "Id}\", request.Id);");
        w.Line("return false;");
        w.Close();
        w.Open("finally");
        w.Line("activity?.Dispose();");
        w.Close();
        w.Close();
        w.Line();

        // List: scope, plain paging, a span started by a helper that returns it.
        w.Open("public " + E + "Page List(string region, int page, int pageSize)");
        w.Open("using (_logger.BeginScope(new Dictionary<string, object> { [\"Region\"] = region, [\"Page\"] = page }))");
        w.Line("using var activity = StartQueryActivity(region, page);");
        w.Line("var items = _repository.Query(item => string.Equals(item.Region, region, StringComparison.OrdinalIgnoreCase), page * pageSize, pageSize);");
        w.Line("var dtos = new List<" + E + "Dto>(items.Count);");
        w.Open("foreach (var item in items)");
        w.Line("dtos.Add(" + E + "Mapper.ToDto(item));");
        w.Close();
        w.Line();
        w.Line("_logger.LogDebug(\"Listed {Count} " + P.ToLowerInvariant() + " in {Region}\", dtos.Count, region);");
        w.Line("return new " + E + "Page(dtos, page, pageSize, _repository.Count);");
        w.Close();
        w.Close();
        w.Line();
        w.Open("private static Activity? StartQueryActivity(string region, int page)");
        w.Line("var activity = " + E + "Telemetry.Source.StartActivity(" + Q(Prefix + ".query") + ");");
        w.Line("activity?.SetTag(\"region\", region);");
        w.Line("activity?.SetTag(\"page\", page);");
        w.Line("return activity;");
        w.Close();
        w.Line();

        // Cancel: either a dynamic span name or a leaked span on the error path, when the module has them.
        w.Open("public async Task<bool> CancelAsync(Guid id, string reason, CancellationToken cancellationToken)");
        if (_module.DynamicSpanName)
        {
            w.Line("using var activity = " + E + "Telemetry.Source.StartActivity($\"" + Prefix + ".cancel.{reason}\");");
        }
        else if (_module.LeakedSpan)
        {
            w.Line("var activity = " + E + "Telemetry.Source.StartActivity(" + Q(Prefix + ".cancel") + ");");
        }
        else
        {
            w.Line("using var activity = " + E + "Telemetry.Source.StartActivity(" + Q(Prefix + ".cancel") + ");");
        }

        w.Line("var entity = await _repository.FindAsync(id, cancellationToken).ConfigureAwait(false);");
        w.Open("if (entity is null || !entity.IsOpen)");
        if (_module.LeakedSpan && !_module.DynamicSpanName)
        {
            w.Line("activity?.Stop();");
        }

        w.Line("return false;");
        w.Close();
        w.Line();
        w.Line("entity.Status = " + E + "Status.Cancelled;");
        w.Line("entity.Notes = reason;");
        w.Line("await _repository.SaveAsync(entity, cancellationToken).ConfigureAwait(false);");
        w.Line(_module.InterpolatedLogTemplate
            ? "_logger.LogInformation($\"Cancelled " + lower + " {id} because {reason}\");"
            : "_logger.LogInformation(\"Cancelled " + lower + " {" + E + "Id} because {Reason}\", id, reason);");
        if (_module.LeakedSpan && !_module.DynamicSpanName)
        {
            w.Line("activity?.Stop();");
        }

        w.Line("return true;");
        w.Close();
        w.Line();

        w.Open("public decimal Quote(Create" + E + "Request request)");
        if (_module.SpanEndsBeforeCatch)
        {
            w.Open("try");
        }

        w.Line("using var activity = " + E + "Telemetry.Source.StartActivity(" + Q(Prefix + ".quote") + ");");
        w.Line("activity?.SetTag(\"region\", request.Region);");
        if (_module.PiiSpanAttribute)
        {
            w.Line("activity?.SetTag(\"customer.email\", request.Email);");
        }

        if (_module.PiiBaggage)
        {
            w.Line("activity?.AddBaggage(\"customer.email\", request.Email);");
        }

        w.Line("var entity = " + E + "Mapper.ToEntity(request);");
        w.Line("decimal total = _pricing.Total(entity);");
        w.Open("if (total > 1000m)");
        w.Line("var installments = _pricing.Installments(total, 3);");
        w.Line("total = installments.Sum();");
        w.Close();
        w.Line();
        w.Line(_module.PiiValueInLog
            ? "_logger.LogDebug(\"Quoted {Total} for {Contact}\", total, request.Email);"
            : "_logger.LogDebug(\"Quoted {Total} for {Reference}\", total, request.Reference);");
        w.Line("return total;");
        if (_module.SpanEndsBeforeCatch)
        {
            w.Close();
            w.Open("catch (ArgumentException ex)");
            w.Line("_logger.LogWarning(ex, \"Could not quote {Reference}\", request.Reference);");
            w.Line("return 0m;");
            w.Close();
        }

        w.Close();
        for (int i = 0; i < _module.BusinessMethods / 2; i++)
        {
            w.Line();
            BusinessMethod(w, i + 300);
        }

        w.Close();
        return w.ToString();
    }

    private string RegionPlaceholder => _module.MisspeltLogField ? "{region}" : "{Region}";

    // ---- controller ----------------------------------------------------------------------------------------

    private string Controller()
    {
        var w = _module.UsesSerilog
            ? Begin("using Microsoft.Extensions.Logging;", "using Log = Serilog.Log;")
            : Begin("using Microsoft.Extensions.Logging;");
        string lower = E.ToLowerInvariant();
        w.Open("public sealed class " + P + "Controller : Shop.Hosting.ApiController");
        w.Line("private readonly " + E + "Service _service;");
        w.Line("private readonly " + E + "Repository _repository;");
        w.Line("private readonly ILogger<" + P + "Controller> _logger;");
        w.Line();
        w.Open("public " + P + "Controller(" + E + "Service service, " + E + "Repository repository, ILogger<" + P + "Controller> logger)");
        w.Line("_service = service;");
        w.Line("_repository = repository;");
        w.Line("_logger = logger;");
        w.Close();
        w.Line();
        w.Open("public async Task<" + E + "Dto?> Get(Guid id, CancellationToken cancellationToken)");
        w.Line("Activity.Current?.SetTag(\"http.route\", \"" + P.ToLowerInvariant() + "/{id}\");");
        w.Open("using (_logger.BeginScope(\"" + E + " {" + E + "Id}\", id))");
        w.Line("_logger.LogDebug(\"Fetching " + lower + " {" + E + "Id}\", id);");
        w.Line("var entity = await _repository.FindAsync(id, cancellationToken).ConfigureAwait(false);");
        w.Open("if (entity is null)");
        w.Line(E + "Log.NotFound(_logger, id);");
        w.Line("return null;");
        w.Close();
        w.Line();
        if (_module.CurrentSpanEnded)
        {
            w.Line("Activity.Current?.Stop();");
        }

        w.Line("return " + E + "Mapper.ToDto(entity);");
        w.Close();
        w.Close();
        w.Line();
        w.Open("public Task<" + E + "Dto?> Post(Create" + E + "Request request, CancellationToken cancellationToken)");
        if (_module.UsesSerilog)
        {
            w.Line("Log.Information(\"Received " + lower + " request {Reference} for " + RegionPlaceholder + "\", request.Reference, request.Region);");
        }
        else
        {
            w.Line("_logger.LogInformation(\"Received " + lower + " request {Reference} for " + RegionPlaceholder + "\", request.Reference, request.Region);");
        }

        w.Line("return _service.CreateAsync(request, cancellationToken);");
        w.Close();
        w.Line();
        w.Open("public async Task<bool> Put(Guid id, Update" + E + "Request request, CancellationToken cancellationToken)");
        w.Line("Activity.Current?.SetTag(\"http.route\", \"" + P.ToLowerInvariant() + "/{id}\");");
        w.Open("if (id != request.Id)");
        w.Line("_logger.LogWarning(\"Route id {RouteId} does not match body id {BodyId}\", id, request.Id);");
        w.Line("return false;");
        w.Close();
        w.Line();
        w.Line("return await _service.UpdateAsync(request, cancellationToken).ConfigureAwait(false);");
        w.Close();
        w.Line();
        w.Open("public " + E + "Page List(string? region, int page = 0, int pageSize = 50)");
        w.Line("Activity.Current?.SetTag(\"http.route\", \"" + P.ToLowerInvariant() + "\");");
        w.Line("_logger.LogDebug(\"Listing " + P.ToLowerInvariant() + " page {Page} of size {PageSize}\", page, pageSize);");
        w.Line("pageSize = Math.Clamp(pageSize, 1, 500);");
        w.Line("page = Math.Max(0, page);");
        w.Line("return _service.List(region ?? \"eu\", page, pageSize);");
        w.Close();
        w.Line();
        w.Open("public async Task<bool> Delete(Guid id, string? reason, CancellationToken cancellationToken)");
        w.Open("try");
        w.Line("return await _service.CancelAsync(id, reason ?? \"requested\", cancellationToken).ConfigureAwait(false);");
        w.Close();
        w.Open("catch (OperationCanceledException)");
        if (_module.UsesSerilog)
        {
            w.Line("Log.Warning(\"Cancelling {" + E + "Id} was aborted\", id);");
        }
        else
        {
            w.Line("_logger.LogWarning(\"Cancelling {" + E + "Id} was aborted\", id);");
        }

        w.Line("return false;");
        w.Close();
        w.Close();
        w.Line();
        w.Open("public IReadOnlyDictionary<string, decimal> Summary()");
        w.Line("var totals = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);");
        w.Open("foreach (var item in _repository.Snapshot())");
        w.Line("totals.TryGetValue(item.Region, out decimal sum);");
        w.Line("totals[item.Region] = sum + item.Amount;");
        w.Close();
        w.Line();
        w.Line("return totals;");
        w.Close();
        w.Close();
        return w.ToString();
    }

    // ---- background worker ---------------------------------------------------------------------------------

    private string Worker()
    {
        var usings = new List<string> { "using System.Diagnostics.Metrics;", "using Microsoft.Extensions.Logging;" };
        if (_module.UsesTracer)
        {
            usings.Add("using OpenTelemetry.Trace;");
        }

        if (_module.UsesPrometheus)
        {
            usings.Add("using Prometheus;");
        }

        var w = Begin(usings.ToArray());
        string lower = E.ToLowerInvariant();
        string worker = E + "ReconciliationWorker";
        w.Open("public sealed class " + worker);
        if (_module.UsesTracer)
        {
            w.Line("private static readonly Tracer Tracer = TracerProvider.Default.GetTracer(" + Q(Prefix) + ");");
        }

        if (_module.UsesPrometheus)
        {
            string counterName = _module.RenamedMetric ? P.ToLowerInvariant() + "_reconciled_total" : _module.PrometheusPrefix + "_reconciled_total";
            w.Line("private static readonly Prometheus.Counter Reconciled = Metrics.CreateCounter(" + Q(counterName) + ", \"" + P + " reconciled.\", \"outcome\");");
            w.Line("private static readonly Prometheus.Histogram BatchSeconds = Metrics.CreateHistogram(" + Q(_module.PrometheusPrefix + "_batch_duration_seconds") + ", \"Batch duration.\", new HistogramConfiguration { LabelNames = new[] { \"region\" } });");
            _contract.AddInstrument(Prefix + ".reconciled", "counter", "{" + _module.Snake + "}", new[] { "outcome" },
                _module.RenamedMetric ? P.ToLowerInvariant() + "_reconciled_total" : null);
            _contract.AddInstrument(Prefix + ".batch.duration", "histogram", "s", new[] { "region" });
        }
        else
        {
            string name = _module.RenamedMetric ? P.ToLowerInvariant() + "_reconciled_total" : Prefix + ".reconciled";
            w.Line("private static readonly Counter<long> Reconciled = " + E + "Telemetry.Meter.CreateCounter<long>(" + Q(name) + ", \"{" + _module.Snake + "}\");");
            _contract.AddInstrument(Prefix + ".reconciled", "counter", "{" + _module.Snake + "}", new[] { "outcome" },
                _module.RenamedMetric ? P.ToLowerInvariant() + "_reconciled_total" : null);
        }

        w.Line();
        w.Line("private readonly " + E + "Repository _repository;");
        w.Line("private readonly ILogger<" + worker + "> _logger;");
        w.Line("private readonly TimeSpan _interval;");
        w.Line();
        w.Open("public " + worker + "(" + E + "Repository repository, ILogger<" + worker + "> logger)");
        w.Line("_repository = repository;");
        w.Line("_logger = logger;");
        w.Line("_interval = TimeSpan.FromSeconds(" + N(15 + _random.Next(60)) + ");");
        w.Line(E + "Telemetry.Meter.CreateObservableGauge(" + Q(Prefix + ".backlog") + ", () => new Measurement<int>(_repository.Count, " + Kv("region", "\"all\"") + "), \"{" + _module.Snake + "}\");");
        _contract.AddInstrument(Prefix + ".backlog", "observablegauge", "{" + _module.Snake + "}", new[] { "region" });
        w.Close();
        w.Line();
        w.Open("public async Task RunAsync(CancellationToken cancellationToken)");
        w.Line("_logger." + (_module.UnscopedWorkerLog ? "LogInformation" : "LogDebug") + "(\"" + worker + " started with interval {Interval}\", _interval);");
        w.Open("while (!cancellationToken.IsCancellationRequested)");
        w.Line("using var requestScope = _logger.BeginScope(new Dictionary<string, object> { [\"RequestId\"] = Guid.NewGuid().ToString(\"N\") });");
        if (_module.UsesTracer)
        {
            w.Line("using var span = Tracer.StartActiveSpan(" + Q(Prefix + ".reconcile") + ");");
            w.Open("try");
            w.Line("int count = await ReconcileBatchAsync(cancellationToken).ConfigureAwait(false);");
            w.Line("span.SetAttribute(\"batch.size\", count);");
            RecordReconciled(w, "count", "\"ok\"");
            w.Close();
            w.Open("catch (Exception ex) when (ex is not OperationCanceledException)");
            w.Line("span.RecordException(ex);");
            w.Line("span.SetStatus(Status.Error.WithDescription(ex.Message));");
            w.Line("_logger.LogError(ex, \"Reconciliation of " + P.ToLowerInvariant() + " failed\");");
            RecordReconciled(w, "1", "\"failed\"");
            w.Close();
        }
        else
        {
            w.Line("using var activity = " + E + "Telemetry.Source.StartActivity(" + Q(Prefix + ".reconcile") + ", ActivityKind.Internal);");
            w.Open("try");
            w.Line("int count = await ReconcileBatchAsync(cancellationToken).ConfigureAwait(false);");
            w.Line("activity?.SetTag(\"batch.size\", count);");
            RecordReconciled(w, "count", "\"ok\"");
            w.Close();
            w.Open("catch (Exception ex) when (ex is not OperationCanceledException)");
            w.Line("activity?.SetStatus(ActivityStatusCode.Error, ex.Message);");
            w.Line("activity?.AddException(ex);");
            w.Line("_logger.LogError(ex, \"Reconciliation of " + P.ToLowerInvariant() + " failed\");");
            RecordReconciled(w, "1", "\"failed\"");
            w.Close();
        }

        w.Line();
        w.Open("try");
        w.Line("await Task.Delay(_interval, cancellationToken).ConfigureAwait(false);");
        w.Close();
        w.Open("catch (OperationCanceledException)");
        w.Line("break;");
        w.Close();
        w.Close();
        w.Close();
        w.Line();
        w.Open("private async Task<int> ReconcileBatchAsync(CancellationToken cancellationToken)");
        w.Line("using var activity = StartBatchActivity(" + Q(Prefix + ".batch") + ");");
        w.Line("long started = Stopwatch.GetTimestamp();");
        w.Line("int changed = 0;");
        w.Line("var now = DateTimeOffset.UtcNow;");
        w.Open("foreach (var item in _repository.Snapshot())");
        w.Line("cancellationToken.ThrowIfCancellationRequested();");
        w.Open("if (item.Status == " + E + "Status.Pending && now - item.CreatedAt > TimeSpan.FromHours(1))");
        w.Line(E + "Log.Stale(_logger, item.Id, now - item.CreatedAt);");
        w.Line("item.Status = " + E + "Status.Suspended;");
        w.Line("await _repository.SaveAsync(item, cancellationToken).ConfigureAwait(false);");
        w.Line("changed++;");
        w.Close();
        w.Close();
        w.Line();
        if (_module.UsesPrometheus)
        {
            w.Line("BatchSeconds.WithLabels(\"all\").Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);");
        }

        w.Line("_logger.Reconciled(changed, \"all\");");
        w.Line("return changed;");
        w.Close();
        w.Line();
        w.Line("/// <summary>Starts the batch span for the caller, which owns and ends it.</summary>");
        w.Open("internal static Activity? StartBatchActivity(string name)");
        w.Line("var activity = " + E + "Telemetry.Source.StartActivity(name, ActivityKind.Internal);");
        w.Line("activity?.SetTag(\"worker\", " + Q(worker) + ");");
        w.Line("return activity;");
        w.Close();
        w.Line();
        w.Open("public int Purge(DateTimeOffset before)");
        w.Line("using var scope = Shop.Hosting.RequestScope.Begin(_logger);");
        w.Line("int purged = 0;");
        w.Open("foreach (var item in _repository.Snapshot())");
        w.Open("if (item.Status == " + E + "Status.Cancelled && item.CreatedAt < before && _repository.Remove(item.Id))");
        w.Line("purged++;");
        w.Close();
        w.Close();
        w.Line();
        w.Line("_logger.LogInformation(\"Purged {Count} cancelled " + P.ToLowerInvariant() + "\", purged);");
        w.Line("return purged;");
        w.Close();
        w.Close();
        return w.ToString();
    }

    // ---- message consumer ----------------------------------------------------------------------------------

    private string EventHandler()
    {
        var w = Begin("using System.Diagnostics.Metrics;", "using Microsoft.Extensions.Logging;");
        string handler = E + "EventHandler";
        string events = Prefix + ".events.handled";
        _contract.AddInstrument(events, "counter", "{event}", new[] { "event_type", "outcome" });
        _contract.AddSpan(Prefix + ".event", new[] { "messaging.operation", "event.type" });
        w.Open("public sealed class " + handler);
        w.Line("private static readonly Counter<long> Handled = " + E + "Telemetry.Meter.CreateCounter<long>(" + Q(events) + ", \"{event}\");");
        w.Line();
        w.Line("private readonly " + E + "Repository _repository;");
        w.Line("private readonly ILogger<" + handler + "> _logger;");
        w.Line();
        w.Open("public " + handler + "(" + E + "Repository repository, ILogger<" + handler + "> logger)");
        w.Line("_repository = repository;");
        w.Line("_logger = logger;");
        w.Close();
        w.Line();
        w.Open("public async Task HandleAsync(string eventType, Guid id, string? traceParent, CancellationToken cancellationToken)");
        if (_module.ConsumerWithoutContext)
        {
            w.Line("using var activity = " + E + "Telemetry.Source.StartActivity(" + Q(Prefix + ".event") + ", ActivityKind.Consumer);");
        }
        else
        {
            w.Line("ActivityContext.TryParse(traceParent, null, out var parent);");
            w.Line("using var activity = parent == default");
            w.Line("    ? " + E + "Telemetry.Source.StartActivity(" + Q(Prefix + ".event") + ", ActivityKind.Consumer)");
            w.Line("    : " + E + "Telemetry.Source.StartActivity(" + Q(Prefix + ".event") + ", ActivityKind.Consumer, parent);");
        }

        w.Line("activity?.SetTag(\"messaging.operation\", \"process\");");
        w.Line("activity?.SetTag(\"event.type\", eventType);");
        w.Line("using var scope = _logger.BeginScope(\"Handling {EventType} for {" + E + "Id} in {RequestId}\", eventType, id, traceParent);");
        w.Line("_logger.LogDebug(\"Received {EventType}\", eventType);");
        w.Open("try");
        w.Line("var entity = await _repository.FindAsync(id, cancellationToken).ConfigureAwait(false);");
        w.Open("if (entity is null)");
        w.Line(E + "Log.NotFound(_logger, id);");
        w.Line("Handled.Add(1, " + Kv("event_type", "eventType") + ", " + Kv("outcome", "\"missing\"") + ");");
        w.Line("return;");
        w.Close();
        w.Line();
        w.Open("switch (eventType)");
        w.Line("case \"paid\":");
        w.Line("    entity.Status = " + E + "Status.Active;");
        w.Line("    break;");
        w.Line("case \"cancelled\":");
        w.Line("    entity.Status = " + E + "Status.Cancelled;");
        w.Line("    break;");
        w.Line("case \"completed\":");
        w.Line("    entity.Status = " + E + "Status.Completed;");
        w.Line("    break;");
        w.Line("default:");
        w.Line("    _logger.LogWarning(\"Ignoring unknown event {EventType}\", eventType);");
        w.Line("    Handled.Add(1, " + Kv("event_type", "eventType") + ", " + Kv("outcome", "\"ignored\"") + ");");
        w.Line("    return;");
        w.Close();
        w.Line();
        w.Line("entity.UpdatedAt = DateTimeOffset.UtcNow;");
        w.Line("await _repository.SaveAsync(entity, cancellationToken).ConfigureAwait(false);");
        w.Line("activity?.AddEvent(new ActivityEvent(\"state.changed\"));");
        w.Line("Handled.Add(1, " + Kv("event_type", "eventType") + ", " + Kv("outcome", "\"handled\"") + ");");
        w.Line("_logger.LogInformation(\"Applied {EventType} to {" + E + "Id}\", eventType, id);");
        w.Close();
        w.Open("catch (Exception ex) when (ex is not OperationCanceledException)");
        w.Line("activity?.SetStatus(ActivityStatusCode.Error, ex.Message);");
        w.Line("activity?.AddTag(\"error.type\", ex.GetType().Name);");
        w.Line("_logger.LogError(ex, \"Handling {EventType} failed\", eventType);");
        w.Line("Handled.Add(1, " + Kv("event_type", "eventType") + ", " + Kv("outcome", "\"failed\"") + ");");
        w.Line("throw;");
        w.Close();
        w.Close();
        w.Close();
        return w.ToString();
    }

    private void RecordReconciled(CodeWriter w, string amount, string outcome)
    {
        w.Line(_module.UsesPrometheus
            ? "Reconciled.WithLabels(" + outcome + ").Inc(" + amount + ");"
            : "Reconciled.Add(" + amount + ", " + Kv("outcome", outcome) + ");");
    }
}
