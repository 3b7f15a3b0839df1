namespace FraudActors.Silo.Storage.Postgres;

/// <summary>
/// A <see cref="DateTimeOffset"/> as three PostgreSQL columns: a <c>timestamptz</c> (microseconds, UTC: what queries
/// and indexes compare), the 100 ns ticks below that microsecond (0 to 9, a <c>smallint</c>), and the original UTC
/// offset in minutes. <c>timestamptz</c> alone would lose both the last digit of .NET's precision and the offset,
/// and a decision must read back exactly as it was logged.
/// </summary>
/// <param name="Utc">The instant truncated to the microsecond, <see cref="DateTimeKind.Utc"/>.</param>
/// <param name="SubMicrosecondTicks">The remaining 100 ns ticks, 0 to 9.</param>
/// <param name="OffsetMinutes">The UTC offset the value was given in.</param>
internal readonly record struct PostgresInstant(DateTime Utc, short SubMicrosecondTicks, short OffsetMinutes)
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    public static PostgresInstant From(DateTimeOffset value)
    {
        // UtcTicks is never negative, so the remainder is not either.
        var ticks = value.UtcTicks;
        var remainder = ticks % TicksPerMicrosecond;
        return new PostgresInstant(
            new DateTime(ticks - remainder, DateTimeKind.Utc),
            (short)remainder,
            (short)(value.Offset.Ticks / TimeSpan.TicksPerMinute));
    }

    /// <summary>The value, with its original offset.</summary>
    /// <exception cref="InvalidDataException">The stored columns do not make a valid value.</exception>
    public DateTimeOffset ToDateTimeOffset()
    {
        if (SubMicrosecondTicks is < 0 or >= (short)TicksPerMicrosecond || OffsetMinutes is < -14 * 60 or > 14 * 60)
        {
            throw new InvalidDataException($"Stored timestamp ({Utc:O}, {SubMicrosecondTicks} ticks, offset {OffsetMinutes} min) is out of range.");
        }

        try
        {
            return new DateTimeOffset(Utc.Ticks + SubMicrosecondTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(OffsetMinutes));
        }
        catch (ArgumentOutOfRangeException exception)
        {
            throw new InvalidDataException($"Stored timestamp ({Utc:O}, {SubMicrosecondTicks} ticks, offset {OffsetMinutes} min) is out of range.", exception);
        }
    }
}
