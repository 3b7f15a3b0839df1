using FraudActors.Ml.Data;

namespace FraudActors.Ml.Simulation;

/// <summary>
/// <see cref="SimulationRandomness.DotNet"/>: one <see cref="RandomDraws"/> stream per profile table, customer and
/// fraud day, seeded by <see cref="StreamSeeds"/>; ties in time broken by customer id, then generation order.
/// </summary>
internal sealed class DotNetRandomness(int seed) : ISimulationRandomness
{
    public IUniformDraws TerminalProfiles() => RandomDraws.For(seed, RandomStream.TerminalProfiles, 0);

    public IUniformDraws CustomerProfiles() => RandomDraws.For(seed, RandomStream.CustomerProfiles, 0);

    public ITransactionDraws CustomerTransactions(int customerId) => RandomDraws.For(seed, RandomStream.CustomerTransactions, customerId);

    public IScenarioDraws CompromisedTerminals(int day) => RandomDraws.For(seed, RandomStream.CompromisedTerminals, day);

    public IScenarioDraws CompromisedCustomers(int day) => RandomDraws.For(seed, RandomStream.CompromisedCustomers, day);

    public (Transaction[] Transactions, int[] Days) Order(
        GeneratedTransaction[][] perCustomer, int dayCount, long startUnixSeconds, CancellationToken cancellationToken) =>
        TransactionTimeOrder.Order(perCustomer, dayCount, startUnixSeconds, cancellationToken);

    /// <summary>Every day but the last, as the book does whenever its last day has transactions.</summary>
    public int ScenarioDrawDays(ReadOnlySpan<int> orderedDays, int dayCount) => dayCount - 1;
}
