using System.Collections.Immutable;

namespace FraudActors.Grains.Interfaces.Drift;

/// <summary>
/// A recent window of logged decisions against the reference window before it. A population stability index (PSI)
/// below 0.1 is <c>stable</c>, from 0.1 to 0.25 <c>moderate</c>, 0.25 and above <c>significant</c>.
/// </summary>
/// <param name="Days">Days in each window.</param>
/// <param name="Reference">The reference window: the <paramref name="Days"/> days before the recent one.</param>
/// <param name="Recent">The recent window: the <paramref name="Days"/> days up to the newest decision.</param>
/// <param name="ScoredBy">The champion version whose scores were compared; null when this silo serves none.</param>
/// <param name="Score">The PSI of the champion's scores; null without a champion or without enough decisions.</param>
/// <param name="Features">The PSI of each model feature; empty without enough decisions.</param>
/// <param name="Verdict">The worst level of the score and the features, or <c>insufficient data</c> when a window holds fewer than <paramref name="MinRowsPerWindow"/> decisions.</param>
/// <param name="Drifted">Names of what is significant (<c>score</c> or a feature name), for the reason of a retraining.</param>
/// <param name="MinRowsPerWindow">Decisions each window needs before a PSI is computed.</param>
public sealed record DriftReport(
    int Days,
    DriftWindow Reference,
    DriftWindow Recent,
    string? ScoredBy,
    DriftMeasure? Score,
    ImmutableArray<DriftMeasure> Features,
    string Verdict,
    ImmutableArray<string> Drifted,
    int MinRowsPerWindow)
{
    /// <summary>The verdict when a window is too small to compare.</summary>
    public const string InsufficientData = "insufficient data";

    /// <summary>The verdict when every PSI is below 0.1.</summary>
    public const string Stable = "stable";

    /// <summary>The verdict of a significant shift.</summary>
    public const string Significant = "significant";

    /// <summary>Whether the score or any feature shifted significantly.</summary>
    public bool IsSignificant => Verdict == Significant;
}

/// <summary>A window of logged decisions.</summary>
/// <param name="From">First day (UTC) of a decision in it, if any.</param>
/// <param name="To">Last day (UTC) of a decision in it, if any.</param>
/// <param name="Rows">Decisions in it, labelled or not.</param>
public sealed record DriftWindow(DateOnly? From, DateOnly? To, int Rows);

/// <summary>The PSI of one distribution.</summary>
/// <param name="Name">The feature's name, or <c>score</c>.</param>
/// <param name="Psi">The population stability index.</param>
/// <param name="Level">stable, moderate or significant.</param>
public sealed record DriftMeasure(string Name, double Psi, string Level);
