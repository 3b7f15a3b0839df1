using System.Collections.Immutable;

namespace FraudActors.Grains.Interfaces;

/// <summary>A customer's behavioural features as of a moment, as the customer grain holds them.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="AsOf">The moment the windows are evaluated at.</param>
/// <param name="Features">Transaction counts and average amounts over the 1, 7 and 30-day windows.</param>
/// <param name="RetainedTransactions">Transactions held in memory for the windows.</param>
/// <param name="LatestTransactionAt">Time of the customer's latest transaction, if any.</param>
public sealed record CustomerFeatures(
    string CustomerId,
    DateTimeOffset AsOf,
    ImmutableArray<FeatureValue> Features,
    int RetainedTransactions,
    DateTimeOffset? LatestTransactionAt);
