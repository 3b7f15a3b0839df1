using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace FraudActors.Gateway.Metrics;

/// <summary>The series of one instrument, keyed by tag set, and how its measurements aggregate.</summary>
internal sealed class InstrumentAggregate
{
    /// <summary>
    /// Buckets for a histogram that gives no advice: the OpenTelemetry SDK's defaults, so a histogram reads the same
    /// here as under that SDK.
    /// </summary>
    private static readonly double[] DefaultBounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly ConcurrentDictionary<SeriesKey, Series> _series = new(SeriesKeyComparer.Instance);
    private readonly ConcurrentDictionary<SeriesKey, Series>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>> _lookup;

    private InstrumentAggregate(Instrument instrument, InstrumentKind kind, double[] bounds)
    {
        Instrument = instrument;
        Kind = kind;
        Bounds = bounds;
        _lookup = _series.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
    }

    public Instrument Instrument { get; }

    public InstrumentKind Kind { get; }

    /// <summary>Histogram bucket upper bounds, ascending (empty for other kinds).</summary>
    public double[] Bounds { get; }

    /// <summary>True for instruments whose values come from callbacks at scrape time.</summary>
    public bool IsObservable => Instrument.IsObservable;

    /// <summary>The aggregate for <paramref name="instrument"/>, or null for an instrument type this exporter does not know.</summary>
    public static InstrumentAggregate? For(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        InstrumentKind? kind =
            definition == typeof(Counter<>) ? InstrumentKind.MonotonicSum
            : definition == typeof(UpDownCounter<>) ? InstrumentKind.Sum
            : definition == typeof(ObservableCounter<>) ? InstrumentKind.ObservedTotal
            : definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>) ? InstrumentKind.LastValue
            : definition == typeof(Histogram<>) ? InstrumentKind.Histogram
            : null;
        return kind switch
        {
            null => null,
            InstrumentKind.Histogram => new InstrumentAggregate(instrument, InstrumentKind.Histogram, BoundsOf(instrument)),
            { } k => new InstrumentAggregate(instrument, k, []),
        };
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_lookup.TryGetValue(tags, out var series))
        {
            // A new tag set: the only path that allocates (the key, the series); two racing threads keep one series.
            series = _series.GetOrAdd(SeriesKey.From(tags), new Series(Kind == InstrumentKind.Histogram ? Bounds.Length : 0));
        }

        switch (Kind)
        {
            case InstrumentKind.MonotonicSum or InstrumentKind.Sum:
                series.Add(value);
                break;
            case InstrumentKind.Histogram:
                series.Record(BucketOf(value), value);
                break;
            default:
                series.Set(value);
                break;
        }
    }

    /// <summary>Forgets every series: before an observable instrument is observed again, so a tag set its callback no longer reports disappears.</summary>
    public void Clear() => _series.Clear();

    /// <summary>The series, by tag set.</summary>
    public IEnumerable<KeyValuePair<SeriesKey, Series>> Series => _series;

    /// <summary>The first bucket whose upper bound (inclusive) is not below <paramref name="value"/>; the bound count for +Inf.</summary>
    private int BucketOf(double value)
    {
        var index = Array.BinarySearch(Bounds, value);
        return index >= 0 ? index : ~index;
    }

    private static double[] BoundsOf(Instrument instrument)
    {
        IReadOnlyList<double>? bounds = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<short> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<byte> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<decimal> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        var sorted = (bounds ?? DefaultBounds).Where(b => !double.IsNaN(b) && !double.IsPositiveInfinity(b)).Distinct().ToArray();
        Array.Sort(sorted);
        return sorted;
    }
}
