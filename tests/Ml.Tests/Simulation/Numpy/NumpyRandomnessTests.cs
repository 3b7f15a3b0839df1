using FraudActors.Ml.Simulation;
using FraudActors.Ml.Simulation.Numpy;

namespace FraudActors.Ml.Tests.Simulation.Numpy;

/// <summary>The book's rules that come with its generators, apart from the draws themselves.</summary>
public sealed class NumpyRandomnessTests
{
    [Fact]
    public void Scenarios_draw_up_to_the_last_day_that_has_a_transaction()
    {
        // range(TX_TIME_DAYS.max()): days 0 … 4 when the last transaction is on day 5, whatever the days simulated.
        Assert.Equal(5, new NumpyRandomness(0).ScenarioDrawDays([0, 0, 3, 5, 5], dayCount: 9));
        Assert.Equal(0, new NumpyRandomness(0).ScenarioDrawDays([], dayCount: 9));
        Assert.Equal(8, new DotNetRandomness(0).ScenarioDrawDays([0, 0, 3, 5, 5], dayCount: 9));
    }

    [Fact]
    public void Compromised_transactions_are_cpythons_sample_of_the_candidates_in_their_order()
    {
        // random.seed(3); random.sample(candidates, 26) over 80 candidates picks positions
        // [30, 75, 69, 16, 47, 60, 8, 1, 74, 33, 29, 24, 71, 67, 50, 19, 77, 40, 9, 55, 59, 70, 68, 78, 0, 42].
        int[] positions = [30, 75, 69, 16, 47, 60, 8, 1, 74, 33, 29, 24, 71, 67, 50, 19, 77, 40, 9, 55, 59, 70, 68, 78, 0, 42];
        var candidates = Enumerable.Range(1_000, 80).ToArray();

        new BookScenarioDraws(3).MoveSampleToFront(candidates, 26);

        Assert.Equal(positions.Select(p => 1_000 + p), candidates[..26]);
        Assert.Equal(Enumerable.Range(1_000, 80), candidates.Order());
    }

    [Fact]
    public void Compromised_terminals_are_pandas_sample_with_the_day_as_random_state()
    {
        // pd.Series(np.arange(10000)).sample(n=2, random_state=0) → [9394, 898]
        Span<int> terminals = stackalloc int[2];

        new BookScenarioDraws(0).SampleDistinct(10_000, terminals);

        Assert.Equal([9394, 898], terminals.ToArray());
    }

    [Fact]
    public void The_book_rounds_amounts_half_to_even_on_the_binary_value()
    {
        // np.round(0.125, 2) = 0.12 and np.round(0.375, 2) = 0.38 (exact binary halves); 1.005 is 1.00499999… in binary.
        var draws = new BookTransactionDraws(0);

        Assert.Equal(MidpointRounding.ToEven, draws.CentRounding);
        Assert.Equal(12, CustomerTransactionGenerator.RoundToCents(0.125, draws.CentRounding));
        Assert.Equal(38, CustomerTransactionGenerator.RoundToCents(0.375, draws.CentRounding));
        Assert.Equal(100, CustomerTransactionGenerator.RoundToCents(1.005, draws.CentRounding));
    }
}
