using FraudActors.Ml.Data;

namespace FraudActors.Ml.Tests.Features;

/// <summary>
/// A test-only stand-in for the simulator: seeded, time-sorted transactions with the handbook's shape (customers with
/// 0–4 transactions a day around midday, amounts around a per-customer mean, terminals near the customer, rare frauds).
/// A coarse <c>secondsGrain</c> puts many transactions on exactly equal times and exact window edges.
/// </summary>
internal static class SyntheticTransactions
{
    public static readonly DateTime Start = new(2018, 4, 1, 0, 0, 0, DateTimeKind.Utc);

    public static Transaction[] Generate(
        int seed,
        int customers,
        int terminals,
        int days,
        double fraudRate = 0.008,
        int secondsGrain = 1,
        double maxTransactionsPerDay = 4.0,
        int terminalsPerCustomer = 80)
    {
        var random = new Random(seed);
        long start = new DateTimeOffset(Start).ToUnixTimeSeconds();
        var rows = new List<(long Time, int Customer, int Terminal, long Cents, bool Fraud)>();
        var meanPerDay = new double[customers];
        var meanAmount = new double[customers];
        var usable = new int[customers][];
        for (int c = 0; c < customers; c++)
        {
            meanPerDay[c] = random.NextDouble() * maxTransactionsPerDay;
            meanAmount[c] = 5 + (random.NextDouble() * 95);

            // Nearby terminals: a contiguous band of ids, like a neighbourhood.
            int first = random.Next(terminals);
            int count = Math.Min(terminalsPerCustomer, terminals);
            usable[c] = Enumerable.Range(0, count).Select(k => (first + k) % terminals).ToArray();
        }

        for (int day = 0; day < days; day++)
        {
            for (int c = 0; c < customers; c++)
            {
                int count = Poisson(random, meanPerDay[c]);
                for (int k = 0; k < count; k++)
                {
                    double secondOfDay = 43_200 + (20_000 * Gaussian(random));
                    if (secondOfDay is <= 0 or >= 86_400)
                    {
                        continue;
                    }

                    long second = (long)secondOfDay / secondsGrain * secondsGrain;
                    double amount = meanAmount[c] + (meanAmount[c] / 2 * Gaussian(random));
                    if (amount < 0)
                    {
                        amount = random.NextDouble() * 2 * meanAmount[c];
                    }

                    long cents = (long)Math.Round(amount * 100);
                    int terminal = usable[c][random.Next(usable[c].Length)];
                    rows.Add((start + (day * 86_400L) + second, c, terminal, cents, random.NextDouble() < fraudRate));
                }
            }
        }

        // Stable: equal times keep generation order, then are numbered in time order like the book.
        var sorted = rows.Select((row, index) => (row, index)).OrderBy(x => x.row.Time).ThenBy(x => x.index).ToArray();
        var transactions = new Transaction[sorted.Length];
        for (int i = 0; i < sorted.Length; i++)
        {
            var row = sorted[i].row;
            transactions[i] = new Transaction(
                i, row.Time, row.Customer, row.Terminal, row.Cents, row.Fraud, row.Fraud ? FraudScenario.LargeAmount : FraudScenario.None);
        }

        return transactions;
    }

    private static int Poisson(Random random, double mean)
    {
        double limit = Math.Exp(-mean), product = random.NextDouble();
        int count = 0;
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
