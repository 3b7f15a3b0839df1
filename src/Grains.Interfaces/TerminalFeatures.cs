namespace FraudActors.Grains.Interfaces;

/// <summary>
/// A terminal's delayed windows at a moment: transactions and frauds in windows ending 7 days earlier. Integers
/// travel, not ratios, so the customer grain computes the risk features with the very code the batch twin uses.
/// </summary>
/// <param name="Count1Day">Transactions in the delayed 1-day window.</param>
/// <param name="Frauds1Day">Frauds among them.</param>
/// <param name="Count7Day">Transactions in the delayed 7-day window.</param>
/// <param name="Frauds7Day">Frauds among them.</param>
/// <param name="Count30Day">Transactions in the delayed 30-day window.</param>
/// <param name="Frauds30Day">Frauds among them.</param>
public readonly record struct TerminalFeatures(
    int Count1Day,
    int Frauds1Day,
    int Count7Day,
    int Frauds7Day,
    int Count30Day,
    int Frauds30Day);

/// <summary>A transaction seen at a terminal.</summary>
/// <param name="TransactionKey">Fingerprint of the transaction id (see the customer grain).</param>
/// <param name="Timestamp">When it happened.</param>
public readonly record struct TerminalObservation(long TransactionKey, DateTimeOffset Timestamp);
