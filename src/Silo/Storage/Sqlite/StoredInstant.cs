namespace FraudActors.Silo.Storage.Sqlite;

/// <summary>
/// A <see cref="DateTimeOffset"/> as three SQLite integers: unix milliseconds UTC (what queries and indexes compare),
/// the 100 ns ticks below that millisecond, and the original UTC offset in minutes. Together they read back exactly
/// as given (instant and offset); the sub-millisecond part and a zero offset cost no bytes in SQLite's record format.
/// </summary>
/// <param name="UnixMilliseconds">Milliseconds since the unix epoch, UTC, rounded toward negative infinity.</param>
/// <param name="SubMillisecondTicks">The remaining 100 ns ticks, 0 to 9,999.</param>
/// <param name="OffsetMinutes">The UTC offset the timestamp was given in.</param>
internal readonly record struct StoredInstant(long UnixMilliseconds, int SubMillisecondTicks, int OffsetMinutes)
{
    public static StoredInstant From(DateTimeOffset value)
    {
        var ticks = value.UtcTicks - DateTime.UnixEpoch.Ticks;
        var milliseconds = Math.DivRem(ticks, TimeSpan.TicksPerMillisecond, out var remainder);
        if (remainder < 0)
        {
            milliseconds--;
            remainder += TimeSpan.TicksPerMillisecond;
        }

        return new StoredInstant(milliseconds, (int)remainder, (int)(value.Offset.Ticks / TimeSpan.TicksPerMinute));
    }

    /// <summary>The timestamp, with its original offset.</summary>
    /// <exception cref="InvalidDataException">The stored values do not make a valid timestamp.</exception>
    public DateTimeOffset ToDateTimeOffset()
    {
        if (SubMillisecondTicks is < 0 or >= (int)TimeSpan.TicksPerMillisecond || OffsetMinutes is < -14 * 60 or > 14 * 60)
        {
            throw new InvalidDataException($"Stored timestamp ({UnixMilliseconds} ms, {SubMillisecondTicks} ticks, offset {OffsetMinutes} min) is out of range.");
        }

        try
        {
            var utcTicks = DateTime.UnixEpoch.Ticks + checked((UnixMilliseconds * TimeSpan.TicksPerMillisecond) + SubMillisecondTicks);
            return new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(OffsetMinutes));
        }
        catch (Exception exception) when (exception is ArgumentOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException($"Stored timestamp ({UnixMilliseconds} ms, {SubMillisecondTicks} ticks, offset {OffsetMinutes} min) is out of range.", exception);
        }
    }
}
