namespace FraudActors.Cli.Bench;

/// <summary>Per-call latencies in microseconds, recorded from many threads, summarised as percentiles.</summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly double[] _micros = new double[capacity];
    private int _count;

    public void Record(TimeSpan latency)
    {
        var slot = Interlocked.Increment(ref _count) - 1;
        if (slot < _micros.Length)
        {
            _micros[slot] = latency.TotalMicroseconds;
        }
    }

    public (double P50, double P99, double P999, double Max) Percentiles()
    {
        var n = Math.Min(_count, _micros.Length);
        var sorted = _micros.AsSpan(0, n).ToArray();
        Array.Sort(sorted);
        double At(double q) => n == 0 ? 0 : sorted[Math.Min(n - 1, (int)(q * n))];
        return (At(0.50), At(0.99), At(0.999), n == 0 ? 0 : sorted[^1]);
    }
}
