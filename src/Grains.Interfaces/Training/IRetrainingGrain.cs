using FraudActors.Grains.Interfaces.Models;
using FraudActors.Runtime;
using FraudActors.Runtime.Concurrency;

namespace FraudActors.Grains.Interfaces.Training;

/// <summary>
/// Retraining (a singleton: key <see cref="Key"/>): trains a challenger on recent labelled decisions, judges it
/// against the champion on the same recent holdout, registers it, and promotes it only if it is better by the
/// configured margin (otherwise it is kept as rejected, with the reason). One job at a time; requests while one
/// runs are coalesced into it. Triggered every k labels, by an admin, or by a drift signal.
/// </summary>
public interface IRetrainingGrain : IGrainWithStringKey
{
    /// <summary>The singleton's key.</summary>
    const string Key = "retraining";

    /// <summary>Starts a job unless one is running; answers at once with the status.</summary>
    ValueTask<RetrainingStatus> RequestAsync(RetrainingRequest request);

    /// <summary>The running job, if any, and the last reports.</summary>
    [AlwaysInterleave]
    ValueTask<RetrainingStatus> GetStatusAsync();

    /// <summary>Called by the job itself when it ends: records the report.</summary>
    ValueTask CompleteAsync(RetrainingReport report);
}

/// <summary>Why and how to retrain.</summary>
/// <param name="Reason">Why (e.g. "500 new labels", "drift in TX_AMOUNT", "admin request").</param>
/// <param name="Actor">Who asked.</param>
/// <param name="FineTune">Continue boosting from the champion instead of training from scratch; null for the configured default.</param>
public sealed record RetrainingRequest(string Reason, string Actor, bool? FineTune = null);

/// <summary>The retraining state.</summary>
/// <param name="Running">The job in progress, if any.</param>
/// <param name="RunningSince">When it started.</param>
/// <param name="Reports">Finished jobs, newest first.</param>
public sealed record RetrainingStatus(RetrainingRequest? Running, DateTimeOffset? RunningSince, System.Collections.Immutable.ImmutableArray<RetrainingReport> Reports);

/// <summary>What one retraining job did.</summary>
/// <param name="Request">What asked for it.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="Outcome">promoted, rejected, refused (not enough data) or failed.</param>
/// <param name="ChampionVersion">The champion it was judged against.</param>
/// <param name="ChallengerVersion">The challenger it registered, if any.</param>
/// <param name="Champion">The champion's holdout scores.</param>
/// <param name="Challenger">The challenger's holdout scores.</param>
/// <param name="Verdict">Why, in words.</param>
public sealed record RetrainingReport(
    RetrainingRequest Request,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string Outcome,
    string? ChampionVersion,
    string? ChallengerVersion,
    ModelScores? Champion,
    ModelScores? Challenger,
    string Verdict);
