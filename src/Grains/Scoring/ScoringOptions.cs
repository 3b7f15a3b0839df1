namespace FraudActors.Grains.Scoring;

/// <summary>How transactions are scored and decided. Every default is stated.</summary>
public sealed class ScoringOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Scoring";

    /// <summary>
    /// Scores at or above this go to review. Default 0.5: on the handbook's test week this flags about as many
    /// transactions a day as investigators can check (see docs/QUALITY.md).
    /// </summary>
    public double ReviewThreshold { get; set; } = 0.5;

    /// <summary>Scores at or above this are declined. Default 0.9.</summary>
    public double DeclineThreshold { get; set; } = 0.9;

    /// <summary>How many reasons a decision carries. Default 3.</summary>
    public int ReasonCount { get; set; } = 3;

    /// <summary>
    /// When reasons are exact TreeSHAP rather than path attribution. Default <see cref="ExplanationPolicy.ExactWhenFlagged"/>:
    /// decisions an analyst will read get Shapley values; approvals get the ~75× cheaper attribution.
    /// </summary>
    public ExplanationPolicy Explanations { get; set; } = ExplanationPolicy.ExactWhenFlagged;

    /// <summary>
    /// How much earlier than a customer's latest transaction a new one may be stamped and still be scored (as of its
    /// own time). Default 1 day. Later arrivals are refused: the windows they need may be gone.
    /// </summary>
    public TimeSpan CustomerAllowedLateness { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How far a terminal query may lag the terminal's latest transaction (other customers move a terminal's clock).
    /// Default 7 days: a terminal entry costs 13 bytes, so the extra week of history is cheap.
    /// </summary>
    public TimeSpan TerminalAllowedLateness { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Throws when the settings contradict each other.</summary>
    public void Validate()
    {
        if (ReviewThreshold is not (> 0 and <= 1) || DeclineThreshold is not (> 0 and <= 1) || ReviewThreshold > DeclineThreshold)
        {
            throw new InvalidOperationException(
                $"Scoring thresholds must satisfy 0 < review ({ReviewThreshold}) ≤ decline ({DeclineThreshold}) ≤ 1.");
        }

        if (ReasonCount is < 0 or > 15)
        {
            throw new InvalidOperationException($"Scoring:ReasonCount must be between 0 and 15, not {ReasonCount}.");
        }

        if (TerminalAllowedLateness < CustomerAllowedLateness)
        {
            throw new InvalidOperationException("Scoring:TerminalAllowedLateness must be at least Scoring:CustomerAllowedLateness.");
        }
    }
}

/// <summary>Which decisions get exact TreeSHAP reasons.</summary>
public enum ExplanationPolicy
{
    /// <summary>Path attribution for every decision.</summary>
    Approximate,

    /// <summary>TreeSHAP for review and decline decisions, path attribution for approvals.</summary>
    ExactWhenFlagged,

    /// <summary>TreeSHAP for every decision (costly: ~0.4 ms of CPU each).</summary>
    Exact,
}
