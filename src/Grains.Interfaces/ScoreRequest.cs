namespace FraudActors.Grains.Interfaces;

/// <summary>A card transaction to score, already validated by the gateway.</summary>
/// <param name="TransactionId">The payment system's id; scoring is idempotent on it.</param>
/// <param name="CustomerId">The card (customer) id; the key of the customer grain.</param>
/// <param name="TerminalId">The terminal id.</param>
/// <param name="AmountCents">The amount in minor units.</param>
/// <param name="Timestamp">When the transaction happened (not when it arrived).</param>
public sealed record ScoreRequest(
    string TransactionId,
    string CustomerId,
    string TerminalId,
    long AmountCents,
    DateTimeOffset Timestamp);
