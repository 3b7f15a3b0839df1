using FraudActors.Ml.Simulation;

namespace FraudActors.Ml.Tests.Simulation;

public sealed class StreamSeedsTests
{
    [Fact]
    public void Customers_of_one_run_never_share_a_generator_seed()
    {
        var seeds = new HashSet<int>();
        for (int customer = 0; customer < 200_000; customer++)
        {
            int seed = StreamSeeds.For(0, RandomStream.CustomerTransactions, customer);
            Assert.True(seed >= 0, "System.Random treats a seed and its negation alike, so seeds stay non-negative.");
            Assert.True(seeds.Add(seed), $"customer {customer} repeats a seed");
        }
    }

    [Fact]
    public void Scrambling_is_a_bijection_on_31_bits()
    {
        // Invertibility on a block of consecutive values is what keeps per-index seeds distinct.
        var images = new HashSet<uint>();
        for (uint x = 0x7FFF_0000; x <= 0x7FFF_FFFF; x++)
        {
            uint image = StreamSeeds.Scramble31(x);
            Assert.True(image <= 0x7FFF_FFFF);
            Assert.True(images.Add(image));
        }
    }

    [Fact]
    public void Different_simulation_seeds_and_stream_kinds_give_different_seeds()
    {
        Assert.NotEqual(
            StreamSeeds.For(0, RandomStream.CustomerTransactions, 5),
            StreamSeeds.For(1, RandomStream.CustomerTransactions, 5));
        Assert.NotEqual(
            StreamSeeds.For(0, RandomStream.CompromisedTerminals, 5),
            StreamSeeds.For(0, RandomStream.CompromisedCustomers, 5));
        Assert.Equal(
            StreamSeeds.For(3, RandomStream.CustomerProfiles, 0),
            StreamSeeds.For(3, RandomStream.CustomerProfiles, 0));
    }
}
