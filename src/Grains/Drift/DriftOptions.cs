namespace FraudActors.Grains.Drift;

/// <summary>The drift watch's settings (section <c>Drift</c>).</summary>
public sealed class DriftOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Drift";

    /// <summary>
    /// Time between checks. Default 1 hour; zero turns the watch off. A reminder's period has a floor
    /// (<c>ReminderOptions.MinimumPeriod</c>, 1 minute by default).
    /// </summary>
    public TimeSpan CheckPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Days in each of the two windows compared (1 to 30). Default 7, a week of decisions against the week before.</summary>
    public int WindowDays { get; set; } = 7;

    /// <summary>
    /// Least time between two retrainings the watch asks for. Default 7 days: after a shift the reference window
    /// still holds the old data for up to two windows, so the report stays significant for days, and a retraining
    /// needs matured labels of the new data before it can do better.
    /// </summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromDays(7);
}
