using FraudActors.Runtime;

namespace FraudActors.Grains.Interfaces;

/// <summary>
/// A decided transaction after the decision: its logged decision and its labels. Keyed by transaction id.
/// </summary>
public interface ITransactionGrain : IGrainWithStringKey
{
    /// <summary>The logged decision, or null when the transaction was never scored.</summary>
    ValueTask<LoggedDecision?> GetDecisionAsync();
}
