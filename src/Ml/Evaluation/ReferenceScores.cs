namespace FraudActors.Ml.Evaluation;

/// <summary>A published result to set our scores beside.</summary>
/// <param name="Model">The model as the source names it, e.g. "XGBoost".</param>
/// <param name="Setting">Where the number comes from, e.g. "book, default split".</param>
/// <param name="Scores">The published scores (three decimals in the book).</param>
public sealed record ReferenceScores(string Model, string Setting, ModelScores Scores);
