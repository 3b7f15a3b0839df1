using FraudActors.Ml.Simulation.Numpy;

namespace FraudActors.Ml.Tests.Simulation.Numpy;

/// <summary>
/// Expected values printed by CPython 3.11 (/usr/bin/python3) with <c>random.Random(seed)</c> and the same calls.
/// </summary>
public sealed class PythonRandomTests
{
    [Theory]
    [InlineData(0L, new uint[] { 3626764237, 1654615998, 3255389356 })]
    [InlineData(-5L, new uint[] { 2675342405, 1097127993, 3185950873 })]
    [InlineData((1L << 40) + 7, new uint[] { 2635837658, 3209733218, 3500038837 })]
    public void An_integer_seed_goes_through_init_by_array_of_its_absolute_value(long seed, uint[] expected)
    {
        var random = new PythonRandom(seed);

        Assert.Equal(expected, Enumerable.Range(0, expected.Length).Select(_ => (uint)random.GetRandBits(32)));
    }

    [Fact]
    public void Random_equals_cpythons()
    {
        var random = new PythonRandom(0);

        Assert.Equal([0.8444218515250481, 0.7579544029403025, 0.420571580830845], [random.Random(), random.Random(), random.Random()]);
    }

    [Fact]
    public void Getrandbits_keeps_the_high_bits_of_the_last_word()
    {
        // r = random.Random(3); [r.getrandbits(k) for k in (1, 5, 31, 32, 33, 64)]
        var random = new PythonRandom(3);

        Assert.Equal(
            [0UL, 18, 1168723365, 560161641, 5883912612, 8744744311366254845],
            new[] { 1, 5, 31, 32, 33, 64 }.Select(random.GetRandBits));
    }

    [Fact]
    public void Randbelow_rejects_values_of_the_bit_length_beyond_the_bound()
    {
        // r = random.Random(3); [r._randbelow(n) for n in (1, 2, 3, 1000, 2**31 - 1)], then 20,000 more from seed 123.
        var random = new PythonRandom(3);

        Assert.Equal([0, 0, 1, 937, 1296908414], new[] { 1, 2, 3, 1000, int.MaxValue }.Select(random.RandBelow));
        var seeded = new PythonRandom(123);
        Assert.Equal(10939785613439580429UL, SequenceHash.Of(Enumerable.Range(1, 20_000).Select(n => (long)seeded.RandBelow(n))));
    }

    [Fact]
    public void Choice_equals_cpythons()
    {
        // r = random.Random(596); [r.choice(list(range(37))) for _ in range(10)]
        var random = new PythonRandom(596);
        var sequence = Enumerable.Range(0, 37).ToArray();

        Assert.Equal([25, 9, 11, 9, 11, 13, 15, 27, 14, 2], Enumerable.Range(0, 10).Select(_ => random.Choice<int>(sequence)));
        Assert.Throws<ArgumentException>(() => random.Choice(ReadOnlySpan<int>.Empty));
    }

    [Fact]
    public void Sample_from_a_small_population_draws_from_a_shrinking_pool()
    {
        // random.Random(3).sample(list(range(80)), 26): setsize 21 + 4**4 = 277 ≥ 80.
        Assert.Equal(
            [30, 75, 69, 16, 47, 60, 8, 1, 74, 33, 29, 24, 71, 67, 50, 19, 77, 40, 9, 55, 59, 70, 68, 78, 0, 42],
            new PythonRandom(3).Sample<int>(Enumerable.Range(0, 80).ToArray(), 26));
    }

    [Fact]
    public void Sample_from_a_large_population_rejects_repeats()
    {
        // random.Random(3).sample(list(range(1000)), 7): setsize 21 + 4**3 = 85 < 1000.
        Assert.Equal([243, 606, 557, 133, 378, 937, 618], new PythonRandom(3).SamplePositions(1000, 7));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PythonRandom(3).SamplePositions(5, 6));
    }

    [Theory]
    [InlineData(5, 21)]
    [InlineData(6, 21 + 64)]
    [InlineData(21, 21 + 64)]
    [InlineData(22, 21 + 256)]
    public void The_small_sample_threshold_is_cpythons_setsize(int count, long expected)
    {
        // 3k = 18 → ⌈log₄ 18⌉ = 3; 63 → 3 (just below 64); 66 → 4.
        Assert.Equal(expected, PythonRandom.SmallSampleThreshold(count));
    }
}
