using FraudActors.Grains.Interfaces;

namespace FraudActors.Cli.Bench;

/// <summary>
/// A benchmark workload: transactions spread over many customers and terminals with globally increasing
/// timestamps, so every customer's windows fill as in production and no transaction is late.
/// </summary>
internal sealed class SyntheticStream(int customers, int terminals, int transactions, int seed)
{
    private static readonly DateTimeOffset Start = new(2018, 9, 1, 0, 0, 0, TimeSpan.Zero);

    public int Count => transactions;

    public IEnumerable<ScoreRequest> Requests(string runId)
    {
        var random = new Random(seed);
        var days = Math.Max(1.0, transactions / (customers * 2.0));   // about two transactions per customer a day
        var step = days * 86_400 / transactions;
        for (var i = 0; i < transactions; i++)
        {
            // The first pass touches every customer once, so a run of N transactions activates min(N, customers) customers.
            var customer = i < customers ? i : random.Next(customers);
            yield return new ScoreRequest(
                $"{runId}-{i}",
                $"c{customer}",
                $"t{random.Next(terminals)}",
                random.Next(100, 20_000),
                Start.AddSeconds(Math.Floor(i * step)));
        }
    }
}
