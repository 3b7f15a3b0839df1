using System.Collections.Immutable;

namespace FraudActors.Ml.Evaluation;

/// <summary>Card Precision@k over a test period: the mean the handbook reports, and the days it averages.</summary>
/// <param name="K">The investigators' daily budget: cards checked per day.</param>
/// <param name="Mean">The mean of the per-day precisions (every day that has rows counts, even one left with no card to rank).</param>
/// <param name="Days">One entry per day present in the input, in increasing day order.</param>
public sealed record CardPrecisionResult(int K, double Mean, ImmutableArray<CardPrecisionDay> Days);
