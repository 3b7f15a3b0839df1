namespace FraudActors.Gateway.Metrics;

/// <summary>
/// The running aggregate of one series (one instrument, one tag set). Written lock-free by recording threads; read by
/// a scrape, which may see a histogram's count and buckets a few measurements apart (the exposition format tolerates
/// it, and the next scrape is consistent again).
/// </summary>
internal sealed class Series
{
    private readonly long[]? _buckets;
    private double _value;
    private long _count;

    public Series(int bucketCount) => _buckets = bucketCount > 0 ? new long[bucketCount] : null;

    /// <summary>The sum (counters, histograms) or last value (gauges).</summary>
    public double Value => Volatile.Read(ref _value);

    /// <summary>Measurements recorded (histograms).</summary>
    public long Count => Interlocked.Read(ref _count);

    public void Add(double value)
    {
        var current = Volatile.Read(ref _value);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _value, current + value, current);

            // Compare bits, not values: NaN never equals itself and would spin forever.
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }

            current = seen;
        }
    }

    public void Set(double value) => Volatile.Write(ref _value, value);

    /// <param name="bucket">The index of the first bound the value does not exceed; the bound count for +Inf.</param>
    /// <param name="value">The measurement.</param>
    public void Record(int bucket, double value)
    {
        if (bucket < _buckets!.Length)
        {
            Interlocked.Increment(ref _buckets[bucket]);
        }

        Add(value);
        Interlocked.Increment(ref _count);
    }

    /// <summary>The count of bucket <paramref name="index"/> alone (not cumulative).</summary>
    public long Bucket(int index) => Interlocked.Read(ref _buckets![index]);
}
