using FraudActors.Ml.Data;
using FraudActors.Ml.Features;

namespace FraudActors.Ml.Tests.Features;

/// <summary>
/// Transactions arriving out of time order, within the allowed lateness.
/// What is exactly right: a transaction's features are those of the history <i>as it stands when it arrives</i> —
/// the same customer's transactions that arrived before it (or it), with a time in (t − w, t]. It cannot see a
/// transaction with an earlier time that arrives after it, and does see one with an equal time that arrived before it.
/// So it equals the batch (time-ordered) row exactly when, for every window, "arrived before it" and "before it in
/// time order" select the same transactions; and once everything has arrived, the history answers every query exactly
/// as the in-order one does.
/// </summary>
public sealed class CustomerWindowsArrivalOrderTests
{
    private const long Day = 86_400;
    private static readonly long[] Windows = [1 * Day, 7 * Day, 30 * Day];

    [Fact]
    public void Each_arrival_sees_exactly_the_transactions_that_arrived_before_it_within_its_windows()
    {
        var lateness = TimeSpan.FromDays(1);
        var random = new Random(1_234);

        // Time order (the batch order): index in this array.
        var transactions = SyntheticTransactions.Generate(seed: 99, customers: 8, terminals: 4, days: 90, secondsGrain: 900, maxTransactionsPerDay: 6);

        // Arrival order: by time plus a delay of up to the lateness, so every arrival is within it; random among ties.
        var arrival = Enumerable.Range(0, transactions.Length)
            .Select(i => (Index: i, Key: transactions[i].UnixSeconds + random.NextInt64((long)lateness.TotalSeconds + 1), Tie: random.Next()))
            .OrderBy(a => a.Key).ThenBy(a => a.Tie).Select(a => a.Index).ToArray();
        var arrivedAt = new int[transactions.Length];
        for (int position = 0; position < arrival.Length; position++)
        {
            arrivedAt[arrival[position]] = position;
        }

        var batch = BatchFeatureBuilder.Build(transactions, cancellationToken: TestContext.Current.CancellationToken);
        var histories = new Dictionary<int, CustomerWindows>();
        int late = 0, differsFromBatch = 0, equalsBatch = 0;
        foreach (int index in arrival)
        {
            var x = transactions[index];
            var history = histories.TryGetValue(x.CustomerId, out var h) ? h : histories[x.CustomerId] = new CustomerWindows(lateness);
            late += history.LatestUnixSeconds > x.UnixSeconds ? 1 : 0;

            var features = history.Add(x.UnixSeconds, x.AmountCents, x.Id);

            var expected = Expected(transactions, index, j => arrivedAt[j] <= arrivedAt[index]);
            Assert.Equal(expected, features);

            var inTimeOrder = Expected(transactions, index, j => j <= index);
            if (inTimeOrder == expected)
            {
                equalsBatch++;
                double[] online =
                [
                    features.Count1Day, features.AverageAmount1Day, features.Count7Day,
                    features.AverageAmount7Day, features.Count30Day, features.AverageAmount30Day,
                ];
                Assert.Equal(batch.Row(index)[FeatureSchema.CustomerNbTx1Day..(FeatureSchema.CustomerAvgAmount30Day + 1)].ToArray(), online);
            }
            else
            {
                differsFromBatch++;
            }
        }

        // The shuffle really produced late arrivals, some of which could not see an earlier-timed transaction.
        Assert.True(late > 100, $"late arrivals {late}");
        Assert.True(differsFromBatch > 10, $"rows that differ from the batch {differsFromBatch}");
        Assert.True(equalsBatch > transactions.Length / 2, $"rows equal to the batch {equalsBatch}");

        // Once everything has arrived, every answerable query matches the definition over all transactions.
        foreach (var (customer, history) in histories)
        {
            long latest = history.LatestUnixSeconds!.Value;
            for (long query = latest - Day; query <= latest + (31 * Day); query += 3_600 * 7)
            {
                var expected = ExpectedAt(transactions, customer, query);
                Assert.Equal(expected, history.FeaturesAt(query));
            }
        }
    }

    private static CustomerWindowFeatures Expected(Transaction[] transactions, int index, Func<int, bool> visible)
    {
        var x = transactions[index];
        var counts = new int[3];
        var sums = new long[3];
        for (int j = 0; j < transactions.Length; j++)
        {
            var y = transactions[j];
            if (y.CustomerId != x.CustomerId || !visible(j) || y.UnixSeconds > x.UnixSeconds)
            {
                continue;
            }

            for (int w = 0; w < 3; w++)
            {
                if (y.UnixSeconds > x.UnixSeconds - Windows[w])
                {
                    counts[w]++;
                    sums[w] += y.AmountCents;
                }
            }
        }

        return new CustomerWindowFeatures(counts[0], sums[0], counts[1], sums[1], counts[2], sums[2]);
    }

    private static CustomerWindowFeatures ExpectedAt(Transaction[] transactions, int customer, long time)
    {
        var counts = new int[3];
        var sums = new long[3];
        foreach (var y in transactions)
        {
            if (y.CustomerId != customer || y.UnixSeconds > time)
            {
                continue;
            }

            for (int w = 0; w < 3; w++)
            {
                if (y.UnixSeconds > time - Windows[w])
                {
                    counts[w]++;
                    sums[w] += y.AmountCents;
                }
            }
        }

        return new CustomerWindowFeatures(counts[0], sums[0], counts[1], sums[1], counts[2], sums[2]);
    }
}
