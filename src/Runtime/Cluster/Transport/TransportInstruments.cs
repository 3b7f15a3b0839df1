using System.Diagnostics;
using System.Diagnostics.Metrics;
using FraudActors.Runtime.Diagnostics;

namespace FraudActors.Runtime.Cluster.Transport;

/// <summary>
/// Metrics of calls between silos, on the runtime's meter (<see cref="RuntimeInstruments.MeterName"/>): what the
/// caller saw of each remote call, and how often calls were forwarded or found undeliverable. The callee counts
/// remote calls with local ones in the grain-call metrics.
/// </summary>
internal sealed class TransportInstruments
{
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _notDelivered;
    private readonly Counter<long> _forwarded;

    public TransportInstruments(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(RuntimeInstruments.MeterName);
        _calls = meter.CreateCounter<long>("fraudactors.cluster.remote_calls", description: "Grain calls sent to other silos, by outcome as the caller saw it.");
        _duration = meter.CreateHistogram<double>("fraudactors.cluster.remote_call.duration", unit: "s",
            description: "Time from sending a grain call to another silo to its response, retries included, as the caller saw it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5, 30] });
        _notDelivered = meter.CreateCounter<long>("fraudactors.cluster.not_delivered", description: "Attempts of remote calls that certainly did not run (and may be retried on a newer view).");
        _forwarded = meter.CreateCounter<long>("fraudactors.cluster.forwarded", description: "Calls this silo received for a grain it does not own and forwarded to the owner.");
    }

    /// <summary>A remote call ended: <paramref name="outcome"/> is <c>ok</c>, <c>error</c> (the grain failed), <c>timeout</c>, <c>unavailable</c> or <c>cancelled</c>.</summary>
    public void CallEnded(string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "outcome", outcome } };
        _calls.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }

    public void NotDelivered() => _notDelivered.Add(1);

    public void Forwarded() => _forwarded.Add(1);
}
