namespace FraudActors.Runtime.Reminders;

/// <summary>Describes one reminder tick.</summary>
/// <param name="FirstTickTime">When the reminder was first due (registration time plus its due time).</param>
/// <param name="Period">Time between ticks.</param>
/// <param name="CurrentTickTime">When this tick fired (UTC, by the silo's clock).</param>
public readonly record struct TickStatus(DateTimeOffset FirstTickTime, TimeSpan Period, DateTimeOffset CurrentTickTime);
