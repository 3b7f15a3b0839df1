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
    public static double[][] Compute(Transaction[] transactions)
    {
        long delay = FeatureSchema.TerminalDelayDays * Day;
        long[] windows = [.. FeatureSchema.WindowDays.Select(d => d * Day)];
        int[] customerColumns = [FeatureSchema.CustomerNbTx1Day, FeatureSchema.CustomerNbTx7Day, FeatureSchema.CustomerNbTx30Day];
        int[] terminalColumns = [FeatureSchema.TerminalNbTx1Day, FeatureSchema.TerminalNbTx7Day, FeatureSchema.TerminalNbTx30Day];
        var rows = new double[transactions.Length][];
        for (int i = 0; i < transactions.Length; i++)
        {
            var current = transactions[i];
            var time = DateTime.UnixEpoch.AddSeconds(current.UnixSeconds);
            var row = new double[FeatureSchema.Count];
            row[FeatureSchema.TxAmount] = (double)(current.AmountCents / 100m);
            row[FeatureSchema.TxDuringWeekend] = time.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 1 : 0;
            row[FeatureSchema.TxDuringNight] = time.Hour <= 6 ? 1 : 0;

            var customerCount = new int[3];
            var customerCents = new decimal[3];
            var terminalCount = new int[3];
            var terminalFrauds = new int[3];
            for (int j = 0; j < transactions.Length; j++)
            {
                var other = transactions[j];
                for (int w = 0; w < 3; w++)
                {
                    // Customer: (t − w, t], rows up to and including the current one in transaction order.
                    if (other.CustomerId == current.CustomerId && j <= i &&
                        other.UnixSeconds > current.UnixSeconds - windows[w] && other.UnixSeconds <= current.UnixSeconds)
                    {
                        customerCount[w]++;
                        customerCents[w] += other.AmountCents;
                    }

                    // Terminal: (t − D − w, t − D].
                    if (other.TerminalId == current.TerminalId &&
                        other.UnixSeconds > current.UnixSeconds - delay - windows[w] && other.UnixSeconds <= current.UnixSeconds - delay)
                    {
                        terminalCount[w]++;
                        terminalFrauds[w] += other.IsFraud ? 1 : 0;
                    }
                }
            }

            for (int w = 0; w < 3; w++)
            {
                row[customerColumns[w]] = customerCount[w];
                row[customerColumns[w] + 1] = (double)(customerCents[w] / 100m / customerCount[w]);
                row[terminalColumns[w]] = terminalCount[w];
                row[terminalColumns[w] + 1] = terminalCount[w] == 0 ? 0 : (double)((decimal)terminalFrauds[w] / terminalCount[w]);
            }

            rows[i] = row;
        }

        return rows;
    }
}
