using FraudActors.Runtime;
using FraudActors.Runtime.Concurrency;

namespace FraudActors.Grains.Interfaces;

/// <summary>
/// One card's behavioural state, in memory: scores each of its transactions with the current model and logs the
/// decision durably before answering.
/// </summary>
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Scores a transaction: features from the customer's windows and the terminal's delayed features, the model,
    /// a decision and reasons. Idempotent on the transaction id: a repeat returns the logged decision.
    /// </summary>
    /// <exception cref="TransactionRejectedException">The transaction conflicts with an earlier one or is too late.</exception>
    [ResponseTimeout(10_000)]
    ValueTask<ScoreResult> ScoreAsync(ScoreRequest request);

    /// <summary>The customer's window features as of <paramref name="asOf"/> (now when null).</summary>
    /// <exception cref="TransactionRejectedException"><paramref name="asOf"/> is earlier than the retained history allows.</exception>
    [ReadOnly]
    ValueTask<CustomerFeatures> GetFeaturesAsync(DateTimeOffset? asOf);
}
