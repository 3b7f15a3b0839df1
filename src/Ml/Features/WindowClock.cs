namespace FraudActors.Ml.Features;

/// <summary>
/// The time base of the rolling windows. Windows keep times as 32-bit seconds since <see cref="Epoch"/>
/// so that an entry packs into 16 bytes; public APIs take Unix seconds (as <c>Transaction.UnixSeconds</c>) and
/// accept exactly the range that converts without loss: 2000-01-01T00:00:00Z to 2068-01-19T03:14:07Z inclusive.
/// </summary>
public static class WindowClock
{
    /// <summary>The zero of the windows' 32-bit clock: 2000-01-01T00:00:00Z.</summary>
    public static DateTime Epoch { get; } = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The earliest time a window accepts, in Unix seconds (2000-01-01T00:00:00Z).</summary>
    public const long MinUnixSeconds = 946_684_800;

    /// <summary>The latest time a window accepts, in Unix seconds (2068-01-19T03:14:07Z).</summary>
    public const long MaxUnixSeconds = MinUnixSeconds + int.MaxValue;

    /// <summary>Whether <paramref name="unixSeconds"/> lies in the windows' range.</summary>
    /// <param name="unixSeconds">A UTC time in whole seconds since 1970-01-01T00:00:00Z.</param>
    public static bool IsInRange(long unixSeconds) => unixSeconds is >= MinUnixSeconds and <= MaxUnixSeconds;

    internal static int ToWindowSeconds(long unixSeconds, string paramName)
    {
        if (!IsInRange(unixSeconds))
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                unixSeconds,
                $"Time {unixSeconds} (Unix seconds) is outside the range rolling windows can store: " +
                $"{MinUnixSeconds} (2000-01-01T00:00:00Z) to {MaxUnixSeconds} (2068-01-19T03:14:07Z).");
        }

        return (int)(unixSeconds - MinUnixSeconds);
    }

    internal static long ToUnixSeconds(int windowSeconds) => windowSeconds + MinUnixSeconds;

    /// <summary>A time for an error message: ISO 8601 when it is a calendar date at all, else the raw number.</summary>
    internal static string Describe(long unixSeconds) =>
        unixSeconds is >= -62_135_596_800 and <= 253_402_300_799
            ? DateTime.UnixEpoch.AddSeconds(unixSeconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)
            : $"{unixSeconds} (Unix seconds)";

    /// <summary>Validates an allowed lateness: whole seconds, from zero to 365 days (memory grows with it).</summary>
    internal static int ToLatenessSeconds(TimeSpan allowedLateness, string paramName)
    {
        if (allowedLateness < TimeSpan.Zero || allowedLateness > MaxAllowedLateness)
        {
            throw new ArgumentOutOfRangeException(
                paramName, allowedLateness, $"The allowed lateness must be between zero and {MaxAllowedLateness.TotalDays} days.");
        }

        if (allowedLateness.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(
                paramName, allowedLateness, "The allowed lateness must be a whole number of seconds: window times are whole seconds.");
        }

        return (int)(allowedLateness.Ticks / TimeSpan.TicksPerSecond);
    }

    /// <summary>The largest allowed lateness a window accepts.</summary>
    public static TimeSpan MaxAllowedLateness { get; } = TimeSpan.FromDays(365);
}
