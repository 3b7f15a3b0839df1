using FraudActors.Ml.Simulation.Numpy;

namespace FraudActors.Ml.Tests.Simulation.Numpy;

/// <summary>
/// Every expected value was printed by Debian's numpy 1.24.2 (/usr/bin/python3 3.11) with the same seed and calls,
/// e.g. <c>rs = np.random.RandomState(0); [rs.standard_normal() for _ in range(5)]</c>; long sequences are compared
/// through <see cref="SequenceHash"/>, computed in Python over numpy's draws.
/// </summary>
public sealed class NumpyRandomStateTests
{
    [Fact]
    public void Standard_normals_follow_numpys_polar_method_with_the_cached_second_value()
    {
        var state = new NumpyRandomState(0);

        Assert.Equal(
            [1.764052345967664, 0.4001572083672233, 0.9787379841057392, 2.240893199201458, 1.8675579901499675],
            Enumerable.Range(0, 5).Select(_ => state.StandardNormal()));
    }

    [Fact]
    public void Reseeding_discards_the_cached_normal()
    {
        // rs = RandomState(7); rs.standard_normal(); rs.seed(7); two more standard normals.
        var state = new NumpyRandomState(7);
        double first = state.StandardNormal();
        state.Seed(7);

        Assert.Equal(1.690525703800356, first);
        Assert.Equal(1.690525703800356, state.StandardNormal());
        Assert.Equal(-0.4659373705408328, state.StandardNormal());
    }

    [Fact]
    public void A_hundred_thousand_standard_normals_equal_numpys()
    {
        var state = new NumpyRandomState(123);

        Assert.Equal(13401715931826780121UL, SequenceHash.Of(Enumerable.Range(0, 100_000).Select(_ => state.StandardNormal())));
    }

    [Fact]
    public void Normal_scales_and_shifts_the_standard_normal()
    {
        var state = new NumpyRandomState(3);

        Assert.Equal(
            [78972.56946860638, 51930.19701023979, 45129.94936144017, 5930.145932710184],
            Enumerable.Range(0, 4).Select(_ => state.Normal(43_200, 20_000)));
        Assert.Throws<ArgumentOutOfRangeException>(() => state.Normal(0, -1));
    }

    [Fact]
    public void Uniform_equals_numpys()
    {
        var state = new NumpyRandomState(11);

        Assert.Equal(
            [22.125620443293073, 6.850147941324336, 49.00576001734274, 73.86872327325405],
            Enumerable.Range(0, 4).Select(_ => state.Uniform(5, 100)));
        Assert.Throws<OverflowException>(() => state.Uniform(-double.MaxValue, double.MaxValue));
    }

    [Theory]
    [InlineData(0.7, new long[] { 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 2, 1, 1, 0, 0, 0, 1, 0, 0 })]
    [InlineData(3.5, new long[] { 1, 4, 4, 2, 4, 2, 1, 2, 3, 5, 5, 6, 1, 2, 1, 6, 2, 4, 4, 3 })]
    [InlineData(9.99, new long[] { 8, 10, 6, 9, 14, 8, 9, 8, 9, 8, 15, 10, 4, 8, 9, 4, 7, 9, 15, 6 })]
    [InlineData(10, new long[] { 9, 10, 9, 7, 8, 11, 6, 7, 14, 14, 10, 9, 6, 7, 7, 10, 11, 10, 13, 6 })]
    [InlineData(12.5, new long[] { 12, 13, 12, 9, 10, 14, 8, 9, 17, 17, 12, 12, 8, 9, 9, 12, 14, 12, 16, 8 })]
    [InlineData(150, new long[] { 148, 152, 147, 138, 143, 154, 134, 137, 165, 164, 150, 147, 134, 139, 139, 149, 155, 150, 161, 136 })]
    [InlineData(1e4, new long[] { 9982, 10014, 9977, 9907, 9941, 10035, 9873, 9898, 10120, 10116, 10001, 9980, 9869, 9915, 9913, 9991, 10040, 10001, 10092, 9888 })]
    [InlineData(1e7, new long[] { 9999429, 10000441, 9999288, 9997063, 9998131, 10001096, 9995997, 9996795, 10003795, 10003670, 10000046, 9999358, 9995852, 9997326, 9997258, 9999715, 10001278, 10000046, 10002915, 9996471 })]
    public void Poisson_equals_numpys_on_both_sides_of_the_switch_to_ptrs_at_10(double mean, long[] expected)
    {
        var state = new NumpyRandomState(2);

        Assert.Equal(expected, Enumerable.Range(0, expected.Length).Select(_ => state.Poisson(mean)));
    }

    [Theory]
    [InlineData(0.5, 11494975864136621801UL)]
    [InlineData(3.9, 15803228817804395803UL)]
    [InlineData(10, 1150144902754810185UL)]
    [InlineData(33.3, 8274503327766236969UL)]
    [InlineData(1000, 12047493852527720321UL)]
    public void A_hundred_thousand_poisson_draws_equal_numpys(double mean, ulong expectedHash)
    {
        var state = new NumpyRandomState(123);

        Assert.Equal(expectedHash, SequenceHash.Of(Enumerable.Range(0, 100_000).Select(_ => state.Poisson(mean))));
    }

    [Fact]
    public void Poisson_of_zero_is_zero_without_a_draw()
    {
        // rs = RandomState(2); rs.poisson(0); rs.random_sample()
        var state = new NumpyRandomState(2);

        Assert.Equal(0, state.Poisson(0));
        Assert.Equal(0.43599490214200376, state.RandomSample());
        Assert.Throws<ArgumentOutOfRangeException>(() => state.Poisson(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => state.Poisson(double.NaN));
    }

    [Fact]
    public void Randint_uses_masked_rejection_on_32_or_64_bit_draws()
    {
        // rs = RandomState(5); ten randint(0, 10); randint(-3, 2**40); randint(-2**63, 2**63 - 1)
        var state = new NumpyRandomState(5);

        Assert.Equal([3L, 6, 6, 0, 9, 8, 4, 7, 0, 0], Enumerable.Range(0, 10).Select(_ => state.RandInt(0, 10)));
        Assert.Equal(34320314569L, state.RandInt(-3, 1L << 40));
        Assert.Equal(-5760526617731691407L, state.RandInt(long.MinValue, long.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => state.RandInt(3, 3));
    }

    [Fact]
    public void Randint_with_a_size_draws_in_sequence()
    {
        // RandomState(5).randint(100, 200, size=6)
        Assert.Equal([199L, 178, 161, 116, 173, 108], new NumpyRandomState(5).RandInt(100, 200, 6));
    }

    [Fact]
    public void Permutation_and_shuffle_equal_numpys()
    {
        // RandomState(9).permutation(10); a list shuffled by RandomState(9).shuffle gives the same.
        int[] expected = [8, 4, 7, 2, 1, 9, 3, 0, 6, 5];
        var shuffled = Enumerable.Range(0, 10).ToArray();
        new NumpyRandomState(9).Shuffle(shuffled.AsSpan());

        Assert.Equal(expected, new NumpyRandomState(9).Permutation(10));
        Assert.Equal(expected, shuffled);
        Assert.Equal(14392446261987617534UL, SequenceHash.Of(new NumpyRandomState(123).Permutation(100_000).Select(i => (long)i)));
    }

    [Fact]
    public void Choice_without_replacement_is_the_head_of_a_permutation_as_pandas_sample_uses_it()
    {
        // RandomState(0).choice(10000, 2, replace=False) and pd.Series(np.arange(10000)).sample(n=2, random_state=0)
        // both give [9394, 898]; pd.Series(np.arange(5000)).sample(n=3, random_state=17) gives [2240, 4253, 4263].
        Assert.Equal([9394, 898], new NumpyRandomState(0).Choice(10_000, 2, replace: false));
        Assert.Equal([2240, 4253, 4263], new NumpyRandomState(17).Choice(5_000, 3, replace: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NumpyRandomState(0).Choice(2, 3, replace: false));
    }

    [Fact]
    public void Choice_with_replacement_is_randint()
    {
        // RandomState(0).choice(10000, 5)
        Assert.Equal([2732, 9845, 3264, 4859, 9225], new NumpyRandomState(0).Choice(10_000, 5));
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(2.0, 0.0)]
    [InlineData(3.0, 0.69314718055994529)]
    [InlineData(11.0, 15.104412573075516)]
    [InlineData(101.0, 363.73937555556347)]
    public void LogGamma_is_log_of_the_factorial_for_integers(double x, double logFactorial)
    {
        // ln((x − 1)!) from tables; the series is accurate to a few units in the last place.
        Assert.Equal(logFactorial, NumpyRandomState.LogGamma(x), 1e-13 * Math.Max(1, logFactorial));
    }
}
