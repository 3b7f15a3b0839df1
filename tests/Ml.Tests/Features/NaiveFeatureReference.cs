using FraudActors.Ml.Data;
using FraudActors.Ml.Features;

namespace FraudActors.Ml.Tests.Features;

/// <summary>
/// The features by definition (reference §2 and §6), rescanning every transaction for every row: O(n²), independent
/// of the windows' pointers, running sums and eviction. Calendar facts come from <see cref="DateTime"/>, averages from
/// decimal arithmetic.
/// </summary>
internal static class NaiveFeatureReference
{
    private const long Day = 86_400;

    /// <summary>Rows for time-sorted transactions, in their order (which is the arrival order for equal times).</summary>
    public static double[][] Compute(IReadOnlyList<Transaction> transactions)
    {
        var rows = new double[transactions.Count][];
        for (int i = 0; i < transactions.Count; i++)
        {
            var current = transactions[i];
            var row = new double[FeatureSchema.Count];
            var time = DateTime.UnixEpoch.AddSeconds(current.UnixSeconds);
            row[FeatureSchema.TxAmount] = (double)(current.AmountCents / 100m);
            row[FeatureSchema.TxDuringWeekend] = time.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 1 : 0;
            row[FeatureSchema.TxDuringNight] = time.Hour <= 6 ? 1 : 0;

            int[] customerColumns = [FeatureSchema.CustomerNbTx1Day, FeatureSchema.CustomerNbTx7Day, FeatureSchema.CustomerNbTx30Day];
            int[] terminalColumns = [FeatureSchema.TerminalNbTx1Day, FeatureSchema.TerminalNbTx7Day, FeatureSchema.TerminalNbTx30Day];
            for (int w = 0; w < 3; w++)
            {
                long window = FeatureSchema.WindowDays[w] * Day;
                var (count, cents) = CustomerWindow(transactions, i, window);
                row[customerColumns[w]] = count;
                row[customerColumns[w] + 1] = (double)(cents / 100m / count);

                var (terminalCount, frauds) = TerminalWindow(transactions, current.TerminalId, current.UnixSeconds, window);
                row[terminalColumns[w]] = terminalCount;
                row[terminalColumns[w] + 1] = terminalCount == 0 ? 0 : (double)((decimal)frauds / terminalCount);
            }

            rows[i] = row;
        }

        return rows;
    }

    /// <summary>The customer's transactions with time in (t − w, t] among those up to and including row <paramref name="index"/>.</summary>
    public static (int Count, decimal Cents) CustomerWindow(IReadOnlyList<Transaction> transactions, int index, long window)
    {
        var current = transactions[index];
        int count = 0;
        decimal cents = 0;
        for (int j = 0; j < transactions.Count; j++)
        {
            var other = transactions[j];
            if (j <= index && other.CustomerId == current.CustomerId &&
                other.UnixSeconds > current.UnixSeconds - window && other.UnixSeconds <= current.UnixSeconds)
            {
                count++;
                cents += other.AmountCents;
            }
        }

        return (count, cents);
    }

    /// <summary>The terminal's transactions with time in (t − D − w, t − D].</summary>
    public static (int Count, int Frauds) TerminalWindow(IEnumerable<Transaction> transactions, int terminalId, long time, long window)
    {
        long delay = FeatureSchema.TerminalDelayDays * Day;
        int count = 0, frauds = 0;
        foreach (var other in transactions)
        {
            if (other.TerminalId == terminalId && other.UnixSeconds > time - delay - window && other.UnixSeconds <= time - delay)
            {
                count++;
                frauds += other.IsFraud ? 1 : 0;
            }
        }

        return (count, frauds);
    }
}
