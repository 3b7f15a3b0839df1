namespace FraudActors.Grains.Drift;

/// <summary>The drift watch's durable state: its last retraining request, so the cooldown outlives a restart.</summary>
internal sealed class DriftWatchState
{
    public DateTimeOffset? LastRequestedAt { get; set; }

    public string? LastReason { get; set; }
}
