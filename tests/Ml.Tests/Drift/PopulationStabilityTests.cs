using FraudActors.Ml.Drift;

namespace FraudActors.Ml.Tests.Drift;

public sealed class PopulationStabilityTests
{
    [Fact]
    public void Identical_distributions_have_an_index_of_zero()
    {
        double[] reference = [.. Enumerable.Range(0, 1000).Select(i => Math.Sqrt(i))];
        double[] recent = [.. reference.Reverse()];

        Assert.Equal(0.0, PopulationStability.Compare(reference, recent), 15);
    }

    // Worked by hand, 2 bins. Reference 1 2 3 4: the median (lower quantile at 1/2) is 2, so the bins are (−∞, 2] and
    // (2, +∞), e = ½ ½. Recent 1 1 1 4: a = ¾ ¼.
    //   PSI = (¾ − ½)·ln(¾ / ½) + (¼ − ½)·ln(¼ / ½) = ¼·ln 1.5 + ¼·ln 2 = ¼·ln 3 = 0.274653…
    [Fact]
    public void A_known_shift_has_the_hand_computed_index()
    {
        var psi = PopulationStability.Compare([1, 2, 3, 4], [1, 1, 1, 4], bins: 2);

        Assert.Equal(Math.Log(3) / 4, psi, 12);
        Assert.Equal(DriftLevel.Significant, PopulationStability.Classify(psi));
    }

    // Recent 1 1 1 1 leaves the upper bin empty: a = 1 and ε = 0.0001.
    //   PSI = (1 − ½)·ln(1 / ½) + (0.0001 − ½)·ln(0.0001 / ½) = ½·ln 2 + 0.4999·ln 5000 = 4.60432…
    [Fact]
    public void An_empty_bin_counts_as_epsilon_not_as_infinity()
    {
        var psi = PopulationStability.Compare([1, 2, 3, 4], [1, 1, 1, 1], bins: 2);

        Assert.Equal((0.5 * Math.Log(2)) + (0.4999 * Math.Log(5000)), psi, 12);
    }

    [Fact]
    public void Deciles_of_distinct_values_hold_a_tenth_each()
    {
        var bins = QuantileBins.FromReference([.. Enumerable.Range(0, 100).Select(i => (double)i)], 10);

        Assert.Equal([9, 19, 29, 39, 49, 59, 69, 79, 89], bins.Edges.ToArray());
        Assert.All(bins.Shares([.. Enumerable.Range(0, 100).Select(i => (double)i)]), share => Assert.Equal(0.1, share, 12));
    }

    [Fact]
    public void A_count_that_is_mostly_zero_gets_the_zeros_in_a_bin_of_their_own()
    {
        double[] reference = [.. Enumerable.Repeat(0.0, 90), .. Enumerable.Range(1, 10).Select(i => (double)i)];

        var bins = QuantileBins.FromReference(reference, 10);

        Assert.Equal([0.0], bins.Edges.ToArray());
        Assert.Equal([0.9, 0.1], bins.Shares(reference));
    }

    [Fact]
    public void A_flag_gets_two_bins_and_a_constant_one()
    {
        Assert.Equal([0.0], QuantileBins.FromReference([0, 0, 0, 1, 1], 10).Edges.ToArray());
        Assert.Equal(1, QuantileBins.FromReference([3, 3, 3], 10).Count);
        Assert.Equal(0.0, PopulationStability.Compare([3, 3, 3], [5, 7]));
    }

    // A flag whose rate moves from 20 % to 50 %: e = 0.8 0.2, a = 0.5 0.5.
    //   PSI = (0.5 − 0.8)·ln(0.5 / 0.8) + (0.5 − 0.2)·ln(0.5 / 0.2) = 0.3·ln 1.6 + 0.3·ln 2.5 = 0.3·ln 4 = 0.415888…
    [Fact]
    public void A_flag_whose_rate_moves_has_the_hand_computed_index()
    {
        double[] reference = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
        double[] recent = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];

        Assert.Equal(0.3 * Math.Log(4), PopulationStability.Compare(reference, recent), 12);
    }

    [Theory]
    [InlineData(0.0, DriftLevel.Stable)]
    [InlineData(0.0999, DriftLevel.Stable)]
    [InlineData(0.1, DriftLevel.Moderate)]
    [InlineData(0.2499, DriftLevel.Moderate)]
    [InlineData(0.25, DriftLevel.Significant)]
    [InlineData(3.0, DriftLevel.Significant)]
    public void The_verdict_follows_the_usual_thresholds(double psi, DriftLevel expected)
    {
        Assert.Equal(expected, PopulationStability.Classify(psi));
    }

    [Fact]
    public void An_empty_or_NaN_sample_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PopulationStability.Compare([], [1]));
        Assert.Throws<ArgumentException>(() => PopulationStability.Compare([1], []));
        Assert.Throws<ArgumentException>(() => PopulationStability.Compare([1, double.NaN], [1]));
        Assert.Throws<ArgumentException>(() => PopulationStability.Compare([1, 2], [double.NaN]));
    }
}
