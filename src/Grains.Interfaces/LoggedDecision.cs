namespace FraudActors.Grains.Interfaces;

/// <summary>A decision read back from the decision log: the request and what was decided.</summary>
/// <param name="Request">The scored transaction.</param>
/// <param name="Result">The decision.</param>
public sealed record LoggedDecision(ScoreRequest Request, ScoreResult Result);
