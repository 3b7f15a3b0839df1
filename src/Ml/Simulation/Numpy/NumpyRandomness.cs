using FraudActors.Ml.Data;

namespace FraudActors.Ml.Simulation.Numpy;

/// <summary>
/// <see cref="SimulationRandomness.Numpy"/>: the book's generators and seeds, each shifted by the simulation seed s —
/// customer profiles <c>np.random.seed(s)</c>, terminal profiles <c>np.random.seed(s + 1)</c>, customer c's
/// transactions <c>np.random.seed(s + c)</c> and <c>random.seed(s + c)</c>, fraud day d <c>random_state = s + d</c> and
/// <c>random.seed(s + d)</c> — with pandas' order of transactions and the book's scenario loop over
/// <c>range(TX_TIME_DAYS.max())</c>.
/// </summary>
internal sealed class NumpyRandomness(int seed) : ISimulationRandomness
{
    /// <summary>The book seeds terminal profiles one above customer profiles.</summary>
    private const int TerminalProfileSeedOffset = 1;

    public IUniformDraws TerminalProfiles() => new NumpyRandomState(Seed(TerminalProfileSeedOffset));

    public IUniformDraws CustomerProfiles() => new NumpyRandomState(Seed(0));

    public ITransactionDraws CustomerTransactions(int customerId) => new BookTransactionDraws(Seed(customerId));

    public IScenarioDraws CompromisedTerminals(int day) => new BookScenarioDraws(Seed(day));

    public IScenarioDraws CompromisedCustomers(int day) => new BookScenarioDraws(Seed(day));

    public (Transaction[] Transactions, int[] Days) Order(
        GeneratedTransaction[][] perCustomer, int dayCount, long startUnixSeconds, CancellationToken cancellationToken) =>
        PandasTimeOrder.Order(perCustomer, startUnixSeconds, cancellationToken);

    /// <summary>The last day with a transaction: <c>range(TX_TIME_DAYS.max())</c>.</summary>
    public int ScenarioDrawDays(ReadOnlySpan<int> orderedDays, int dayCount) => orderedDays.IsEmpty ? 0 : orderedDays[^1];

    // SimulationOptions.Validate keeps the seed non-negative, so seed + offset (int + int) fits in 32 unsigned bits.
    private uint Seed(int offset) => checked((uint)((long)seed + offset));
}
