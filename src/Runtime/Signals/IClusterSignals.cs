namespace FraudActors.Runtime.Signals;

/// <summary>
/// Fire-and-forget notifications to every silo of the cluster ("the model assignment changed"): a hint to look
/// again, never the data itself, so a lost or duplicated signal costs at most a delay (receivers also poll).
/// In one process it is an in-memory fan-out; in a cluster, PostgreSQL LISTEN/NOTIFY.
/// </summary>
public interface IClusterSignals
{
    /// <summary>Signals every subscriber of <paramref name="channel"/> on every silo, this one included.</summary>
    ValueTask PublishAsync(string channel, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="handler"/> on each signal of <paramref name="channel"/> until the subscription is disposed.</summary>
    IDisposable Subscribe(string channel, Func<CancellationToken, Task> handler);
}
