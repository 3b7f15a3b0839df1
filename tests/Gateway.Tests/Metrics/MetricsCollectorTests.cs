using System.Diagnostics;
using System.Diagnostics.Metrics;
using FraudActors.Gateway.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Gateway.Tests.Metrics;

public sealed class MetricsCollectorTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MetricsCollector _collector;
    private readonly Meter _meter;

    public MetricsCollectorTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _collector = new MetricsCollector(factory);
        _meter = factory.Create("Test.Meter");
    }

    public void Dispose()
    {
        _collector.Dispose();
        _services.Dispose();
    }

    private Scrape Scrape() => Metrics.Scrape.Parse(_collector.Scrape());

    [Fact]
    public void A_counter_is_a_total_per_tag_set_whatever_order_the_tags_come_in()
    {
        var counter = _meter.CreateCounter<long>("shop.orders", unit: "{order}", description: "Orders.");
        counter.Add(2, new("kind", "a"), new("region", "eu"));
        counter.Add(3, new("region", "eu"), new("kind", "a"));
        counter.Add(5, new("kind", "b"), new("region", "eu"));
        counter.Add(7);

        var text = _collector.Scrape();
        var scrape = Metrics.Scrape.Parse(text);

        Assert.Equal("counter", scrape.Types["shop_orders_total"]);
        Assert.Contains("# HELP shop_orders_total Orders.\n", text, StringComparison.Ordinal);
        Assert.Equal(5, Assert.Single(scrape.Where("shop_orders_total", ("kind", "a"), ("region", "eu"))).Value);
        Assert.Equal(5, Assert.Single(scrape.Where("shop_orders_total", ("kind", "b"))).Value);
        Assert.Contains("shop_orders_total 7\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_values_whose_cheap_hashes_collide_stay_separate_series()
    {
        var counter = _meter.CreateCounter<long>("collide");
        counter.Add(1, new KeyValuePair<string, object?>("v", "a1b2c"));   // same length, first, middle and last character
        counter.Add(2, new KeyValuePair<string, object?>("v", "a9b2c"));
        counter.Add(4, new KeyValuePair<string, object?>("v", new string(['a', '1', 'b', '2', 'c'])));   // equal, another instance

        var scrape = Scrape();

        Assert.Equal(5, Assert.Single(scrape.Where("collide_total", ("v", "a1b2c"))).Value);
        Assert.Equal(2, Assert.Single(scrape.Where("collide_total", ("v", "a9b2c"))).Value);
    }

    [Fact]
    public void A_histogram_has_cumulative_buckets_ending_in_plus_inf_with_sum_and_count()
    {
        var histogram = _meter.CreateHistogram<double>("rpc.duration", unit: "s",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        foreach (var value in new[] { 0.05, 0.1, 0.5, 2, 20, 30 })
        {
            histogram.Record(value, new KeyValuePair<string, object?>("op", "get"));
        }

        var scrape = Scrape();

        Assert.Equal("histogram", scrape.Types["rpc_duration_seconds"]);
        var buckets = scrape.Where("rpc_duration_seconds_bucket", ("op", "get")).ToDictionary(s => s.Labels["le"], s => s.Value);
        Assert.Equal(["0.1", "1", "10", "+Inf"], buckets.Keys);
        Assert.Equal(2, buckets["0.1"]);   // a value on a bound falls in that bucket (le: less or equal)
        Assert.Equal(3, buckets["1"]);
        Assert.Equal(4, buckets["10"]);
        Assert.Equal(6, buckets["+Inf"]);
        Assert.Equal(6, scrape.Sum("rpc_duration_seconds_count", ("op", "get")));
        Assert.Equal(52.65, scrape.Sum("rpc_duration_seconds_sum", ("op", "get")), precision: 9);
    }

    [Fact]
    public void A_histogram_without_advice_gets_the_default_buckets_and_integer_histograms_work()
    {
        var histogram = _meter.CreateHistogram<int>("batch.size");
        histogram.Record(3);
        histogram.Record(20_000);

        var scrape = Scrape();

        var buckets = scrape.Where("batch_size_bucket").ToDictionary(s => s.Labels["le"], s => s.Value);
        Assert.Equal(16, buckets.Count);
        Assert.Equal(0, buckets["0"]);
        Assert.Equal(1, buckets["5"]);
        Assert.Equal(1, buckets["10000"]);
        Assert.Equal(2, buckets["+Inf"]);
        Assert.Equal(20_003, scrape.Sum("batch_size_sum"));
    }

    [Fact]
    public void Up_down_counters_and_gauges_are_gauges_and_observables_show_only_what_they_report_now()
    {
        var live = _meter.CreateUpDownCounter<int>("pool.live");
        live.Add(3);
        live.Add(-1);
        var gauge = _meter.CreateGauge<double>("room.temperature");
        gauge.Record(20.5);
        gauge.Record(21.25);
        var version = "v1";
        _meter.CreateObservableGauge("model.serving", () => new Measurement<int>(1, new KeyValuePair<string, object?>("version", version)));
        var total = 10L;
        _meter.CreateObservableCounter("bytes.read", () => total, unit: "By");

        var first = Scrape();
        version = "v2";
        total = 25;
        var second = Scrape();

        Assert.Equal("gauge", first.Types["pool_live"]);
        Assert.Equal(2, first.Sum("pool_live"));
        Assert.Equal(21.25, first.Sum("room_temperature"));
        Assert.Equal(1, first.Sum("model_serving", ("version", "v1")));
        Assert.Empty(second.Where("model_serving", ("version", "v1")));
        Assert.Equal(1, second.Sum("model_serving", ("version", "v2")));
        Assert.Equal("counter", second.Types["bytes_read_bytes_total"]);
        Assert.Equal(25, second.Sum("bytes_read_bytes_total"));
    }

    [Fact]
    public void Names_and_labels_are_sanitised_and_label_values_escaped()
    {
        var counter = _meter.CreateCounter<long>("9lives.http-requests", description: "Line one\nback\\slash");
        counter.Add(1, new TagList { { "url.path", "/a\"b\\c\nd" }, { "2xx", true }, { "code", 404 } });

        var text = _collector.Scrape();
        var scrape = Metrics.Scrape.Parse(text);

        Assert.Contains("# HELP _9lives_http_requests_total Line one\\nback\\\\slash\n", text, StringComparison.Ordinal);
        Assert.Contains("_9lives_http_requests_total{_2xx=\"true\",code=\"404\",url_path=\"/a\\\"b\\\\c\\nd\"} 1\n", text, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(scrape.Where("_9lives_http_requests_total", ("url_path", "/a\"b\\c\nd"))).Value);
    }

    [Fact]
    public void Special_values_are_spelled_as_the_format_wants()
    {
        Assert.Equal("+Inf", PrometheusText.FormatNumber(double.PositiveInfinity));
        Assert.Equal("-Inf", PrometheusText.FormatNumber(double.NegativeInfinity));
        Assert.Equal("NaN", PrometheusText.FormatNumber(double.NaN));
        Assert.Equal("0.001", PrometheusText.FormatNumber(0.001));
        Assert.Equal("1e-05", PrometheusText.FormatNumber(0.00001));
        Assert.Equal("1e+20", PrometheusText.FormatNumber(1e20));
        Assert.Equal("12345", PrometheusText.FormatNumber(12345));
        Assert.Equal("fraudactors_grain_call_duration_seconds", PrometheusText.MetricName("fraudactors.grain.call.duration", "s", InstrumentKind.Histogram));
        Assert.Equal("fraudactors_decisions_total", PrometheusText.MetricName("fraudactors.decisions", "{decision}", InstrumentKind.MonotonicSum));
        Assert.Equal("journal_bytes_total", PrometheusText.MetricName("journal.bytes", "By", InstrumentKind.MonotonicSum));
    }

    [Fact]
    public void Another_hosts_meters_are_not_exported_even_under_the_same_name()
    {
        using var otherServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var otherMeter = otherServices.GetRequiredService<IMeterFactory>().Create("Test.Meter");
        otherMeter.CreateCounter<long>("shop.orders").Add(100);
        _meter.CreateCounter<long>("shop.orders").Add(1);

        Assert.Equal(1, Scrape().Sum("shop_orders_total"));
    }

    [Fact]
    public void Instruments_created_before_the_collector_are_exported_and_a_disposed_hosts_meters_disappear()
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var counter = factory.Create("Short.Lived").CreateCounter<long>("short.lived");
        using var collector = new MetricsCollector(factory);   // instruments that exist before the collector are found
        counter.Add(4);

        Assert.Equal(4, Metrics.Scrape.Parse(collector.Scrape()).Sum("short_lived_total"));
        services.Dispose();
        Assert.DoesNotContain("short_lived_total", Metrics.Scrape.Parse(collector.Scrape()).Types.Keys);
    }
}
