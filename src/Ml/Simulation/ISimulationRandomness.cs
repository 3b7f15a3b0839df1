using FraudActors.Ml.Data;

namespace FraudActors.Ml.Simulation;

/// <summary>
/// Everything in a simulation that depends on the choice of generators (<see cref="SimulationRandomness"/>): the
/// streams, and the two rules that reproducing the book's draws exactly also pins down — how transactions at the same
/// second are ordered, and on how many days scenarios 2 and 3 draw.
/// </summary>
internal interface ISimulationRandomness
{
    /// <summary>The stream of terminal locations, drawn in terminal id order (x, then y).</summary>
    IUniformDraws TerminalProfiles();

    /// <summary>The stream of customer profiles, drawn in id order (x, y, mean amount, mean transactions per day).</summary>
    IUniformDraws CustomerProfiles();

    /// <summary>The customer's own stream for its transactions; streams of different customers are independent.</summary>
    ITransactionDraws CustomerTransactions(int customerId);

    /// <summary>Scenario 2's draw of the terminals compromised on <paramref name="day"/>.</summary>
    IScenarioDraws CompromisedTerminals(int day);

    /// <summary>Scenario 3's draws on <paramref name="day"/>: the cards, then which of their transactions.</summary>
    IScenarioDraws CompromisedCustomers(int day);

    /// <summary>
    /// Merges the customers' transactions (each in generation order, indexed by customer id) into one array sorted
    /// by time and numbered in that order, with the simulation day of each.
    /// </summary>
    (Transaction[] Transactions, int[] Days) Order(
        GeneratedTransaction[][] perCustomer, int dayCount, long startUnixSeconds, CancellationToken cancellationToken);

    /// <summary>
    /// Scenarios 2 and 3 draw on days 0 … n − 1; this is n, given the time-ordered transactions' days and the
    /// number of simulated days.
    /// </summary>
    int ScenarioDrawDays(ReadOnlySpan<int> orderedDays, int dayCount);
}
