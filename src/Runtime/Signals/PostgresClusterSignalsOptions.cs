namespace FraudActors.Runtime.Signals;

/// <summary>How <see cref="PostgresClusterSignals"/> keeps its listening connection. Every default is stated.</summary>
public sealed class PostgresClusterSignalsOptions
{
    /// <summary>
    /// Wait before the first attempt to reconnect after the listening connection broke. Default 100 ms: a restarted
    /// server or a terminated session is usually back at once, and every signal missed meanwhile is a delay.
    /// </summary>
    public TimeSpan MinReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Longest wait between attempts (the wait doubles from <see cref="MinReconnectDelay"/> up to this). Default 5 s:
    /// the model poll (5 s by default) covers a silo whose signals are down, so retrying faster buys little and
    /// loads a database that is struggling.
    /// </summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the listener waits for a notification before it proves the connection alive with a round trip.
    /// Default 30 s: a connection lost without a TCP reset (a cable, a firewall dropping state) is noticed within
    /// this plus the command timeout, not never.
    /// </summary>
    public TimeSpan KeepAlivePeriod { get; set; } = TimeSpan.FromSeconds(30);
}
