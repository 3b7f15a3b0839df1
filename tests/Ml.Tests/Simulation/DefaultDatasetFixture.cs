using FraudActors.Ml.Data;
using FraudActors.Ml.Simulation;

namespace FraudActors.Ml.Tests.Simulation;

/// <summary>
/// One data set at the book's default size and seed, generated once (about a second) and shared by the
/// statistical tests, with the per-day aggregates they use.
/// </summary>
public sealed class DefaultDatasetFixture
{
    public DefaultDatasetFixture()
    {
        Dataset = TransactionSimulator.Run(new SimulationOptions(), TestContext.Current.CancellationToken);
        int days = Dataset.Options.Days;
        TransactionsPerDay = new int[days];
        FraudsPerDay = new int[days];
        var cardsPerDay = new HashSet<int>[days];
        for (int day = 0; day < days; day++)
        {
            cardsPerDay[day] = [];
        }

        TransactionsPerCustomer = new int[Dataset.Options.Customers];
        ScenarioCounts = new int[4];
        foreach (var transaction in Dataset.Transactions)
        {
            int day = DayOf(transaction);
            TransactionsPerDay[day]++;
            TransactionsPerCustomer[transaction.CustomerId]++;
            ScenarioCounts[(int)transaction.Scenario]++;
            if (transaction.IsFraud)
            {
                FraudsPerDay[day]++;
                cardsPerDay[day].Add(transaction.CustomerId);
            }
        }

        CompromisedCardsPerDay = cardsPerDay.Select(cards => cards.Count).ToArray();
    }

    public SimulatedDataset Dataset { get; }

    public int[] TransactionsPerDay { get; }

    public int[] FraudsPerDay { get; }

    /// <summary>Distinct customers with at least one fraud, per day (the book's "compromised cards per day").</summary>
    public int[] CompromisedCardsPerDay { get; }

    public int[] TransactionsPerCustomer { get; }

    /// <summary>Transactions per final <see cref="FraudScenario"/> tag, indexed by its value.</summary>
    public int[] ScenarioCounts { get; }

    public int DayOf(Transaction transaction) => (int)((transaction.UnixSeconds - Dataset.StartUnixSeconds) / 86_400);
}
