using FraudActors.Grains.Interfaces.Models;

namespace FraudActors.Gateway.Admin;

/// <summary>Body of a promotion.</summary>
/// <param name="Reason">Why, for the history (optional).</param>
public sealed record PromoteRequest(string? Reason);

/// <summary>Body of a rollback.</summary>
/// <param name="ToVersion">The version to return to; the previous champion when absent.</param>
public sealed record RollbackRequest(string? ToVersion);

/// <summary>Body of a challenger change.</summary>
/// <param name="Version">The new challenger, or null to clear it.</param>
public sealed record ChallengerRequest(string? Version);

/// <summary>Body of a traffic change.</summary>
/// <param name="Mode">champion-only, canary or shadow.</param>
/// <param name="CanaryPercent">Share of customers decided by the challenger in canary mode (0–100).</param>
public sealed record TrafficRequest(TrafficMode? Mode, double? CanaryPercent);

/// <summary>Body of a rejection.</summary>
/// <param name="Reason">Why (required).</param>
public sealed record RejectRequest(string? Reason);

/// <summary>Body of a retraining request (all optional).</summary>
/// <param name="FineTune">Continue boosting from the champion instead of training from scratch; the configured default when absent.</param>
/// <param name="Reason">Why, for the report (at most 500 characters); "admin request" when absent.</param>
public sealed record RetrainRequest(bool? FineTune, string? Reason);
