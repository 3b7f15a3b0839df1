using FraudActors.Runtime;

namespace FraudActors.Grains.Scoring;

/// <summary>
/// The 64-bit fingerprint of a transaction id that customer and terminal windows keep per entry: enough to spot a
/// repeated request without I/O (the decision log confirms, so a fingerprint collision cannot return someone
/// else's decision) and to find an entry again for compensation and labels.
/// </summary>
public static class TransactionKey
{
    /// <summary>The fingerprint of a transaction id; the same in every process.</summary>
    public static long Of(string transactionId) => unchecked((long)StableHash.Of(transactionId));
}
