namespace FraudActors.Ml.Features;

/// <summary>
/// A transaction (or a query) is older than the latest time seen minus the allowed lateness: the window no longer
/// holds the history needed to compute its features exactly, so it is refused rather than answered approximately.
/// The online API turns this into a 422.
/// </summary>
public sealed class LateTransactionException : Exception
{
    /// <summary>Creates the exception for a time that arrived too late.</summary>
    /// <param name="unixSeconds">The refused time, in Unix seconds.</param>
    /// <param name="latestUnixSeconds">The latest time the window has seen, in Unix seconds.</param>
    /// <param name="allowedLateness">How far behind the latest time a time may be.</param>
    public LateTransactionException(long unixSeconds, long latestUnixSeconds, TimeSpan allowedLateness)
        : base(
            $"Time {WindowClock.Describe(unixSeconds)} is {TimeSpan.FromSeconds(latestUnixSeconds - unixSeconds)} behind the latest time seen " +
            $"({WindowClock.Describe(latestUnixSeconds)}), more than the allowed lateness of {allowedLateness}: " +
            "its window features can no longer be computed exactly.")
    {
        UnixSeconds = unixSeconds;
        LatestUnixSeconds = latestUnixSeconds;
        AllowedLateness = allowedLateness;
    }

    /// <summary>The refused time, in Unix seconds.</summary>
    public long UnixSeconds { get; }

    /// <summary>The latest time the window had seen when it refused, in Unix seconds.</summary>
    public long LatestUnixSeconds { get; }

    /// <summary>How far behind the latest time the refused time is.</summary>
    public TimeSpan Lateness => TimeSpan.FromSeconds(LatestUnixSeconds - UnixSeconds);

    /// <summary>The lateness the window accepts.</summary>
    public TimeSpan AllowedLateness { get; }
}
