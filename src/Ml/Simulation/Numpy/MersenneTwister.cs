using System.Runtime.CompilerServices;

namespace FraudActors.Ml.Simulation.Numpy;

/// <summary>
/// MT19937 (Matsumoto and Nishimura, 1998) with the reference seeding routines, as both numpy's legacy
/// <c>RandomState</c> and CPython's <c>random</c> module use it. Not thread-safe.
/// </summary>
/// <remarks>
/// numpy and CPython share the generator and the two reference seeding routines but differ in which one an integer
/// seed goes through (<see cref="NumpyRandomState"/>, <see cref="PythonRandom"/> say which), and in how they build
/// 64-bit values: numpy's <see cref="NextUInt64"/> puts the first 32-bit output in the high half.
/// </remarks>
internal sealed class MersenneTwister
{
    private const int StateLength = 624;
    private const int Shift = 397;
    private const uint MatrixA = 0x9908_B0DF;
    private const uint UpperMask = 0x8000_0000;
    private const uint LowerMask = 0x7FFF_FFFF;

    private readonly uint[] state = new uint[StateLength];
    private int position;

    /// <summary>A generator seeded with <see cref="InitGenRand"/>(5489), the reference default.</summary>
    public MersenneTwister() => InitGenRand(5489);

    /// <summary>The reference <c>init_genrand</c>: numpy's <c>np.random.seed(int)</c>.</summary>
    public void InitGenRand(uint seed)
    {
        state[0] = seed;
        for (int i = 1; i < StateLength; i++)
        {
            uint previous = state[i - 1];
            state[i] = (1_812_433_253u * (previous ^ (previous >> 30))) + (uint)i;
        }

        position = StateLength;
    }

    /// <summary>
    /// The reference <c>init_by_array</c>: CPython's <c>random.seed(int)</c> (the integer's 32-bit words,
    /// least significant first) and numpy's <c>np.random.seed(array)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    public void InitByArray(ReadOnlySpan<uint> key)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException("An MT19937 seed key needs at least one word.", nameof(key));
        }

        InitGenRand(19_650_218);
        int i = 1;
        int j = 0;
        for (int k = Math.Max(StateLength, key.Length); k > 0; k--)
        {
            uint previous = state[i - 1];
            state[i] = (state[i] ^ ((previous ^ (previous >> 30)) * 1_664_525u)) + key[j] + (uint)j;
            i++;
            j++;
            if (i >= StateLength)
            {
                state[0] = state[StateLength - 1];
                i = 1;
            }

            if (j >= key.Length)
            {
                j = 0;
            }
        }

        for (int k = StateLength - 1; k > 0; k--)
        {
            uint previous = state[i - 1];
            state[i] = (state[i] ^ ((previous ^ (previous >> 30)) * 1_566_083_941u)) - (uint)i;
            i++;
            if (i >= StateLength)
            {
                state[0] = state[StateLength - 1];
                i = 1;
            }
        }

        state[0] = 0x8000_0000;
        position = StateLength;
    }

    /// <summary>The next tempered 32-bit output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint NextUInt32()
    {
        if (position >= StateLength)
        {
            Twist();
        }

        uint y = state[position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C_5680;
        y ^= (y << 15) & 0xEFC6_0000;
        y ^= y >> 18;
        return y;
    }

    /// <summary>numpy's 64-bit draw: the first 32-bit output is the high half.</summary>
    public ulong NextUInt64()
    {
        ulong high = NextUInt32();
        return (high << 32) | NextUInt32();
    }

    /// <summary>
    /// A double on [0, 1) with 53 random bits, <c>(a·2²⁶ + b) / 2⁵³</c> from a = first output ≫ 5 and
    /// b = second ≫ 6: numpy's <c>random_sample</c> and CPython's <c>random()</c> alike.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5;
        uint b = NextUInt32() >> 6;
        return ((a * 67_108_864.0) + b) / 9_007_199_254_740_992.0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Twist()
    {
        var mt = state.AsSpan();
        int k = 0;
        for (; k < StateLength - Shift; k++)
        {
            uint y = (mt[k] & UpperMask) | (mt[k + 1] & LowerMask);
            mt[k] = mt[k + Shift] ^ (y >> 1) ^ ((0u - (y & 1)) & MatrixA);
        }

        for (; k < StateLength - 1; k++)
        {
            uint y = (mt[k] & UpperMask) | (mt[k + 1] & LowerMask);
            mt[k] = mt[k + Shift - StateLength] ^ (y >> 1) ^ ((0u - (y & 1)) & MatrixA);
        }

        uint last = (mt[StateLength - 1] & UpperMask) | (mt[0] & LowerMask);
        mt[StateLength - 1] = mt[Shift - 1] ^ (last >> 1) ^ ((0u - (last & 1)) & MatrixA);
        position = 0;
    }
}
