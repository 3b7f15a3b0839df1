namespace FraudActors.Runtime.Reminders;

/// <summary>The reminder API's view of one stored reminder.</summary>
internal sealed record GrainReminder(string ReminderName, TimeSpan Period, DateTimeOffset FirstTickTime) : IGrainReminder
{
    public static GrainReminder From(ReminderEntry entry) => new(entry.Name, entry.Period, entry.StartAt);
}
