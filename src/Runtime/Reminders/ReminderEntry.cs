namespace FraudActors.Runtime.Reminders;

/// <summary>One row of the reminder table: a reminder of one grain.</summary>
/// <param name="GrainId">The grain the reminder belongs to (not an activation: it outlives them).</param>
/// <param name="Name">The reminder's name, unique per grain.</param>
/// <param name="StartAt">When the first tick is due; later ticks fall on whole periods after it.</param>
/// <param name="Period">Time between ticks.</param>
/// <param name="ETag">The row's version as the table issued it; null for a row not yet stored.</param>
public sealed record ReminderEntry(GrainId GrainId, string Name, DateTimeOffset StartAt, TimeSpan Period, string? ETag);
