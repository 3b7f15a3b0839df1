namespace FraudActors.Grains.Interfaces;

/// <summary>A terminal's delayed features at a moment: counts and fraud risk over windows ending 7 days earlier.</summary>
/// <param name="Count1Day">Transactions in the delayed 1-day window.</param>
/// <param name="Risk1Day">Frauds / transactions in it, 0 when empty.</param>
/// <param name="Count7Day">Transactions in the delayed 7-day window.</param>
/// <param name="Risk7Day">Frauds / transactions in it.</param>
/// <param name="Count30Day">Transactions in the delayed 30-day window.</param>
/// <param name="Risk30Day">Frauds / transactions in it.</param>
public readonly record struct TerminalFeatures(
    int Count1Day,
    double Risk1Day,
    int Count7Day,
    double Risk7Day,
    int Count30Day,
    double Risk30Day);

/// <summary>A transaction seen at a terminal.</summary>
/// <param name="TransactionKey">Fingerprint of the transaction id (see the customer grain).</param>
/// <param name="Timestamp">When it happened.</param>
public readonly record struct TerminalObservation(long TransactionKey, DateTimeOffset Timestamp);
