using System.Threading.Tasks;
using SignalContract.Analyzers.Tests.Verifiers;
using SignalContract.CodeFixes.Metrics;

namespace SignalContract.Analyzers.Tests.Metrics;

/// <summary>
/// Fix All of each metrics rule as <c>dotnet format analyzers</c> asks for it: with the key of another rule the same
/// analyzer reports, an empty key, or none. Each finding of the rule still gets its fix; the other rule's finding in
/// the same file stays.
/// </summary>
public class MetricsFixAllWithAnyKeyTests
{
    private const string Contract = MetricsTestContract.Json;

    private const string Header = """
        using System.Collections.Generic;
        using System.Diagnostics.Metrics;

        class Checkout
        {
            private static readonly Meter Meter = new("shop.checkout");

        """;

    [Theory]
    [InlineData(MetricNameFixer.RenameToStyleKey)]
    [InlineData(MetricUnitFixer.UseContractUnitKey)]
    [InlineData("")]
    [InlineData(null)]
    public async Task RenamedMetrics_FixAllWithAnyKey(string? key)
    {
        const string source = Header + """
                private readonly Counter<long> _placed = Meter.CreateCounter<long>("checkout_orders_total", "{order}");
                private readonly Counter<long> _queued = Meter.CreateCounter<long>("checkout_orders_total", "{order}");
                private readonly Histogram<double> _duration = Meter.CreateHistogram<double>("shop.checkout.duration", "ms");
            }
            """;

        var fixedFiles = await DotnetFormatFixAllRunner.FixAllAsync("OBS1009", key, source, Contract);

        Assert.Equal(source.Replace("\"checkout_orders_total\"", "\"shop.checkout.orders\""), fixedFiles.Source);
    }

    [Theory]
    [InlineData(MetricNameFixer.RenameToCurrentKey)]
    [InlineData("")]
    [InlineData(null)]
    public async Task MetricsOutsideNamespaces_FixAllWithAnyKey(string? key)
    {
        const string source = Header + """
                private readonly Counter<long> _retries = Meter.CreateCounter<long>("payment_retries", "{retry}");
                private readonly Counter<long> _refunds = Meter.CreateCounter<long>("refunds", "{refund}");
                private readonly Counter<long> _placed = Meter.CreateCounter<long>("checkout_orders_total", "{order}");
            }
            """;

        var fixedFiles = await DotnetFormatFixAllRunner.FixAllAsync("OBS1001", key, source, Contract);

        Assert.Equal(
            source.Replace("\"payment_retries\"", "\"shop.checkout.payment_retries\"").Replace("\"refunds\"", "\"shop.checkout.refunds\""),
            fixedFiles.Source);
    }

    [Fact]
    public async Task MetricsOutsideNamespaces_FixAllWithItsOwnKey_TakesThatChoice()
    {
        const string source = Header + """
                private readonly Counter<long> _retries = Meter.CreateCounter<long>("payment_retries", "{retry}");
                private readonly Counter<long> _refunds = Meter.CreateCounter<long>("refunds", "{refund}");
            }
            """;

        var fixedFiles = await DotnetFormatFixAllRunner.FixAllAsync("OBS1001", MetricNameFixer.MoveIntoNamespaceKeyPrefix + "1", source, Contract);

        Assert.Equal(
            source.Replace("\"payment_retries\"", "\"shop.payments.payment_retries\"").Replace("\"refunds\"", "\"shop.payments.refunds\""),
            fixedFiles.Source);
    }

    /// <summary>OBS1002 comes from both metrics analyzers: names from MetricNameAnalyzer, label keys from MetricLabelAnalyzer.</summary>
    [Theory]
    [InlineData(MetricNameFixer.RenameToCurrentKey)]
    [InlineData(MetricLabelFixer.RemoveLabelKey)]
    [InlineData("")]
    [InlineData(null)]
    public async Task NamesAndLabelKeysOffStyle_FixAllWithAnyKey(string? key)
    {
        const string source = Header + """
                private readonly Counter<long> _placed = Meter.CreateCounter<long>("checkout_orders_total", "{order}");
                private readonly Counter<long> _orders = Meter.CreateCounter<long>("shop.checkout.orders", "{order}");
                private readonly Counter<long> _refunds = Meter.CreateCounter<long>("shop.checkout.Refunds", "{refund}");

                void Place(string paymentMethod, string region, string userId) =>
                    _orders.Add(1, new("paymentMethod", paymentMethod), new("Region", region), new("user_id", userId));
            }
            """;

        var fixedFiles = await DotnetFormatFixAllRunner.FixAllAsync("OBS1002", key, source, Contract);

        Assert.Equal(
            source.Replace("\"shop.checkout.Refunds\"", "\"shop.checkout.refunds\"").Replace("\"paymentMethod\"", "\"payment_method\"").Replace("\"Region\"", "\"region\""),
            fixedFiles.Source);
    }

    [Theory]
    [InlineData(MetricUnitFixer.UseContractUnitKey)]
    [InlineData("")]
    [InlineData(null)]
    public async Task UndeclaredMetrics_FixAllWithAnyKey(string? key)
    {
        const string source = Header + """
                private readonly Counter<long> _refunds = Meter.CreateCounter<long>("shop.checkout.refunds", "{refund}");
                private readonly Counter<long> _cancellations = Meter.CreateCounter<long>("shop.checkout.cancellations", "{order}");
                private readonly Histogram<double> _duration = Meter.CreateHistogram<double>("shop.checkout.duration", "ms");

                void Cancel(string reason, string userId) =>
                    _cancellations.Add(1, new("reason", reason), new("user_id", userId));
            }
            """;

        var fixedFiles = await DotnetFormatFixAllRunner.FixAllAsync("OBS1003", key, source, Contract);

        Assert.Equal(source, fixedFiles.Source);
        Assert.Contains("""{ "name": "shop.checkout.refunds", "kind": "counter", "unit": "{refund}" }""", fixedFiles.Contract);
        Assert.Contains("""{ "name": "shop.checkout.cancellations", "kind": "counter", "unit": "{order}", "labels": ["reason"] }""", fixedFiles.Contract);
        Assert.Empty(Analyzers.Contract.ContractReader.Read(fixedFiles.Contract!).Problems);
    }

    [Theory]
    [InlineData(MetricNameFixer.RenameToCurrentKey)]
    [InlineData("")]
    [InlineData(null)]
    public async Task UnitsDifferingFromContract_FixAllWithAnyKey(string? key)
    {
        const string source = Header + """
                private readonly Counter<long> _placed = Meter.CreateCounter<long>("checkout_orders_total", "{order}");
                private readonly Histogram<double> _duration = Meter.CreateHistogram<double>("shop.checkout.duration", "ms");
                private readonly Histogram<double> _again = Meter.CreateHistogram<double>("shop.checkout.duration");
            }
            """;

        var fixedFiles = await DotnetFormatFixAllRunner.FixAllAsync("OBS1004", key, source, Contract);

        Assert.Equal(
            source.Replace("\"shop.checkout.duration\", \"ms\")", "\"shop.checkout.duration\", \"s\")").Replace("\"shop.checkout.duration\");", "\"shop.checkout.duration\", unit: \"s\");"),
            fixedFiles.Source);
    }

    [Theory]
    [InlineData(MetricLabelFixer.RemoveLabelKey)]
    [InlineData("")]
    [InlineData(null)]
    public async Task LabelSetsDifferingFromContract_FixAllWithAnyKey(string? key)
    {
        const string source = Header + """
                private readonly Histogram<double> _duration = Meter.CreateHistogram<double>("shop.checkout.duration", "s");

                void Finish(double seconds, string outcome, string region, string userId)
                {
                    _duration.Record(seconds, new KeyValuePair<string, object?>("region", region));
                    _duration.Record(seconds, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("user_id", userId));
                    _duration.Record(seconds, new KeyValuePair<string, object?>("channel", "web"), new KeyValuePair<string, object?>("region", region));
                }
            }
            """;
        const string expected = Header + """
                private readonly Histogram<double> _duration = Meter.CreateHistogram<double>("shop.checkout.duration", "s");

                void Finish(double seconds, string outcome, string region, string userId)
                {
                    _duration.Record(seconds, new KeyValuePair<string, object?>("outcome", outcome));
                    _duration.Record(seconds, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("user_id", userId));
                    _duration.Record(seconds, new KeyValuePair<string, object?>("outcome", outcome));
                }
            }
            """;

        var fixedFiles = await DotnetFormatFixAllRunner.FixAllAsync("OBS1005", key, source, Contract);

        Assert.Equal(expected, fixedFiles.Source);
    }

    [Theory]
    [InlineData(MetricLabelFixer.UseDeclaredLabelsKey)]
    [InlineData(MetricNameFixer.RenameToStyleKey)]
    [InlineData("")]
    [InlineData(null)]
    public async Task ForbiddenLabels_FixAllWithAnyKey(string? key)
    {
        const string source = Header + """
                private readonly Counter<long> _orders = Meter.CreateCounter<long>("shop.checkout.orders", "{order}");

                void Place(string paymentMethod, string region, string userId, string requestId)
                {
                    _orders.Add(1, new("payment_method", paymentMethod), new("region", region), new("user_id", userId));
                    _orders.Add(1, new("request_id", requestId), new("payment_method", paymentMethod), new("region", region));
                    _orders.Add(1, new("payment_method", paymentMethod), new("channel", "web"));
                }
            }
            """;

        var fixedFiles = await DotnetFormatFixAllRunner.FixAllAsync("OBS1007", key, source, Contract);

        Assert.Equal(source.Replace(", new(\"user_id\", userId)", string.Empty).Replace("new(\"request_id\", requestId), ", string.Empty), fixedFiles.Source);
    }
}
