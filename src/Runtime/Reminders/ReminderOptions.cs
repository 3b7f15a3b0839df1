namespace FraudActors.Runtime.Reminders;

/// <summary>Settings of the reminder service. Defaults follow Orleans'.</summary>
public sealed class ReminderOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Reminders";

    /// <summary>
    /// Shortest period a reminder may be registered with. Default 1 min, as Orleans' <c>MinimumReminderPeriod</c>:
    /// reminders are persisted and meant for minutes to days; use a grain timer for anything faster.
    /// </summary>
    public TimeSpan MinimumPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often the silo re-reads the table for reminders of grains it owns, besides at start and on every
    /// membership view change. Default 5 min (Orleans' <c>RefreshReminderListPeriod</c>); infinite turns it off.
    /// </summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromMinutes(5);
}
