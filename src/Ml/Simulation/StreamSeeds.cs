namespace FraudActors.Ml.Simulation;

/// <summary>
/// Derives the seed of each <see cref="RandomStream"/> (and index within it) from the simulation seed.
/// </summary>
/// <remarks>
/// <see cref="Random(int)"/> treats a seed and its negation alike and gives visibly correlated first draws
/// for consecutive seeds, so seeds are scrambled into [0, 2³¹). Within one stream kind the mapping from index
/// to seed is a bijection, so two customers (or two days) never share a generator.
/// </remarks>
internal static class StreamSeeds
{
    private const uint Mask31 = 0x7FFF_FFFF;

    /// <summary>The seed for <paramref name="stream"/>'s generator number <paramref name="index"/>.</summary>
    public static int For(int seed, RandomStream stream, int index)
    {
        ulong origin = SplitMix64(SplitMix64((uint)seed) + (ulong)stream);
        uint position = (uint)((origin + (uint)index) & Mask31);
        return (int)Scramble31(position);
    }

    /// <summary>A bijection of [0, 2³¹): odd multipliers and right xor-shifts are each invertible modulo 2³¹.</summary>
    internal static uint Scramble31(uint x)
    {
        x &= Mask31;
        x ^= x >> 16;
        x = (x * 0x45D9F3Bu) & Mask31;
        x ^= x >> 13;
        x = (x * 0x2C1B3C6Du) & Mask31;
        x ^= x >> 15;
        return x;
    }

    private static ulong SplitMix64(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
