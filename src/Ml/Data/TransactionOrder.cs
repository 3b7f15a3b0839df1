namespace FraudActors.Ml.Data;

/// <summary>
/// Checks of the order the batch pipeline relies on: the simulator writes transactions sorted by time and
/// numbered 0, 1, 2, … in that order, but a file read back may have been edited or concatenated.
/// </summary>
public static class TransactionOrder
{
    /// <summary>True when times never decrease from one transaction to the next.</summary>
    public static bool IsSortedByTime(ReadOnlySpan<Transaction> transactions)
    {
        for (int i = 1; i < transactions.Length; i++)
        {
            if (transactions[i].UnixSeconds < transactions[i - 1].UnixSeconds)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when every transaction's <see cref="Transaction.Id"/> equals its position (0-based).</summary>
    public static bool IsNumberedByPosition(ReadOnlySpan<Transaction> transactions)
    {
        for (int i = 0; i < transactions.Length; i++)
        {
            if (transactions[i].Id != i)
            {
                return false;
            }
        }

        return true;
    }
}
