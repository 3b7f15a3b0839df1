namespace FraudActors.Runtime.Reminders;

/// <summary>When a reminder ticks: on whole periods after its first tick, never catching up on missed ones.</summary>
internal static class ReminderSchedule
{
    /// <summary>
    /// The first tick strictly after <paramref name="instant"/>: the first tick itself while it is still ahead,
    /// otherwise the next period boundary. Ticks that fell due while no silo ran the reminder are skipped, not replayed.
    /// </summary>
    public static DateTimeOffset NextTickAfter(DateTimeOffset firstTick, TimeSpan period, DateTimeOffset instant)
    {
        if (instant < firstTick)
        {
            return firstTick;
        }

        var elapsedPeriods = (instant - firstTick).Ticks / period.Ticks;
        return firstTick + TimeSpan.FromTicks(period.Ticks * (elapsedPeriods + 1));
    }
}
