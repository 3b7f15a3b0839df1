namespace FraudActors.Gateway.Metrics;

/// <summary>How an instrument's measurements aggregate, and which Prometheus type it is exposed as.</summary>
internal enum InstrumentKind
{
    /// <summary>Counter: measurements add up; exposed as a <c>counter</c> with <c>_total</c>.</summary>
    MonotonicSum,

    /// <summary>Up-down counter: measurements add up, may go down; exposed as a <c>gauge</c>.</summary>
    Sum,

    /// <summary>Observable counter: each observation is the running total; exposed as a <c>counter</c>.</summary>
    ObservedTotal,

    /// <summary>Gauge, observable gauge and observable up-down counter: the last value; exposed as a <c>gauge</c>.</summary>
    LastValue,

    /// <summary>Histogram: counts per bucket, sum and count; exposed as a <c>histogram</c>.</summary>
    Histogram,
}
