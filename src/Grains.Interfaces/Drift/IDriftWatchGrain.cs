using FraudActors.Runtime;
using FraudActors.Runtime.Concurrency;

namespace FraudActors.Grains.Interfaces.Drift;

/// <summary>
/// Watches drift (a singleton: key <see cref="Key"/>): on a durable reminder every <c>Drift:CheckPeriod</c> it computes
/// the drift report and, when the score or any feature shifted significantly, asks retraining for a new model (actor
/// <see cref="Actor"/>), unless a retraining is running or the last one it asked for is within <c>Drift:Cooldown</c>.
/// </summary>
public interface IDriftWatchGrain : IGrainWithStringKey
{
    /// <summary>The singleton's key.</summary>
    const string Key = "drift-watch";

    /// <summary>The actor of the retraining requests it makes.</summary>
    const string Actor = "drift";

    /// <summary>
    /// Registers the reminder with the configured period (or removes it when checks are off). Called by every silo at
    /// start; a period already registered is left as it is, so restarts do not move the schedule.
    /// </summary>
    ValueTask StartAsync();

    /// <summary>Runs one check now, as a tick does.</summary>
    [ResponseTimeout(180_000)]
    ValueTask<DriftWatchStatus> CheckAsync();

    /// <summary>The last check and the last retraining it asked for.</summary>
    [AlwaysInterleave]
    ValueTask<DriftWatchStatus> GetStatusAsync();
}

/// <summary>What the watch last saw and did.</summary>
/// <param name="Checks">Checks since this activation started.</param>
/// <param name="LastCheckAt">When the last check ran, if one did in this activation.</param>
/// <param name="LastReport">Its report.</param>
/// <param name="LastOutcome">What it did: <c>retraining requested</c>, <c>no significant drift</c>, <c>retraining running</c>, <c>cooling down</c> or <c>failed: …</c>.</param>
/// <param name="LastRequestedAt">When it last asked for a retraining (durable: the cooldown survives restarts).</param>
/// <param name="LastReason">The reason it gave then.</param>
public sealed record DriftWatchStatus(int Checks, DateTimeOffset? LastCheckAt, DriftReport? LastReport, string? LastOutcome, DateTimeOffset? LastRequestedAt, string? LastReason);
