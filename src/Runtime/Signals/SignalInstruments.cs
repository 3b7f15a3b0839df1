using System.Diagnostics.Metrics;
using FraudActors.Runtime.Diagnostics;

namespace FraudActors.Runtime.Signals;

/// <summary>Metrics of cluster signals, on the runtime's meter (<see cref="RuntimeInstruments.MeterName"/>).</summary>
internal sealed class SignalInstruments
{
    private readonly Counter<long> _published;
    private readonly Counter<long> _received;
    private readonly Counter<long> _connections;
    private readonly Counter<long> _failures;

    public SignalInstruments(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(RuntimeInstruments.MeterName);
        _published = meter.CreateCounter<long>("fraudactors.signals.published", description: "Cluster signals sent, by outcome (ok, failed).");
        _received = meter.CreateCounter<long>("fraudactors.signals.received", description: "Cluster signals received by this silo's listener.");
        _connections = meter.CreateCounter<long>("fraudactors.signals.connections",
            description: "Listening connections opened, by kind (connect: the first, reconnect: after the previous one was lost).");
        _failures = meter.CreateCounter<long>("fraudactors.signals.connection_failures", description: "Listening connections lost, or attempts to open one that failed.");
    }

    public void Published(bool succeeded) => _published.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "ok" : "failed"));

    public void Received() => _received.Add(1);

    public void Connected(bool reconnect) => _connections.Add(1, new KeyValuePair<string, object?>("kind", reconnect ? "reconnect" : "connect"));

    public void ConnectionFailed() => _failures.Add(1);
}
