namespace FraudActors.Runtime.Reminders;

/// <summary>A reminder registered by a grain, as returned by the reminder API.</summary>
public interface IGrainReminder
{
    /// <summary>The reminder's name, unique per grain.</summary>
    string ReminderName { get; }

    /// <summary>Time between ticks.</summary>
    TimeSpan Period { get; }

    /// <summary>When the reminder was first due; later ticks fall on whole periods after it.</summary>
    DateTimeOffset FirstTickTime { get; }
}
