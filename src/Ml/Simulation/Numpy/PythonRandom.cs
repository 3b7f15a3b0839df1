namespace FraudActors.Ml.Simulation.Numpy;

/// <summary>
/// CPython's <c>random.Random</c> (the <c>random</c> module's functions), as far as the handbook's simulator needs
/// it, draw for draw: the same seed gives the same choices as CPython 3.2 and later. Not thread-safe.
/// </summary>
/// <remarks>
/// Ported from CPython's <c>_randommodule.c</c> (seeding, <c>getrandbits</c>) and <c>random.py</c>
/// (<c>_randbelow_with_getrandbits</c>, <c>choice</c>, <c>sample</c>).
/// </remarks>
internal sealed class PythonRandom
{
    private readonly MersenneTwister twister = new();

    /// <summary>A generator seeded as <c>random.seed(seed)</c>.</summary>
    public PythonRandom(long seed) => Seed(seed);

    /// <summary>
    /// <c>random.seed(seed)</c> for an integer: <c>init_by_array</c> over |seed|'s 32-bit words, least significant
    /// first (one zero word for 0).
    /// </summary>
    public void Seed(long seed)
    {
        ulong magnitude = seed < 0 ? 0UL - (ulong)seed : (ulong)seed;
        Span<uint> key = stackalloc uint[2];
        key[0] = (uint)magnitude;
        key[1] = (uint)(magnitude >> 32);
        twister.InitByArray(key[..(key[1] == 0 ? 1 : 2)]);
    }

    /// <summary><c>random()</c>: a double on [0, 1) with 53 random bits.</summary>
    public double Random() => twister.NextDouble();

    /// <summary>
    /// <c>getrandbits(k)</c> for k ≤ 64: whole 32-bit outputs fill the low words first; the last, partial word keeps
    /// its most significant bits.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is outside [0, 64].</exception>
    public ulong GetRandBits(int bits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 64);
        if (bits <= 32)
        {
            return bits == 0 ? 0 : twister.NextUInt32() >> (32 - bits);
        }

        ulong low = twister.NextUInt32();
        ulong high = twister.NextUInt32() >> (64 - bits);
        return (high << 32) | low;
    }

    /// <summary>
    /// <c>_randbelow(n)</c>: uniform on [0, n) by drawing n.bit_length() bits until the value falls below n.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not positive.</exception>
    public int RandBelow(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        int bits = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)count);
        uint value;
        do
        {
            value = twister.NextUInt32() >> (32 - bits);
        }
        while (value >= (uint)count);

        return (int)value;
    }

    /// <summary><c>choice(seq)</c>: <c>seq[_randbelow(len(seq))]</c>.</summary>
    /// <exception cref="ArgumentException">The sequence is empty (CPython: IndexError).</exception>
    public T Choice<T>(ReadOnlySpan<T> sequence)
    {
        if (sequence.IsEmpty)
        {
            throw new ArgumentException("choice: cannot choose from an empty sequence.", nameof(sequence));
        }

        return sequence[RandBelow(sequence.Length)];
    }

    /// <summary>
    /// <c>sample(population, k)</c>: <paramref name="count"/> distinct positions of the population in selection
    /// order. Like CPython, a small population (at most the size of the hash set k picks would need) is drawn from a
    /// shrinking pool, a larger one by rejection of positions already taken.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or exceeds the population.</exception>
    public int[] SamplePositions(int populationSize, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(populationSize);
        if (count < 0 || count > populationSize)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"sample: the sample must lie in [0, {populationSize}], the population size.");
        }

        var result = new int[count];
        if (populationSize <= SmallSampleThreshold(count))
        {
            var pool = new int[populationSize];
            for (int i = 0; i < pool.Length; i++)
            {
                pool[i] = i;
            }

            for (int i = 0; i < count; i++)
            {
                int j = RandBelow(populationSize - i);
                result[i] = pool[j];
                pool[j] = pool[populationSize - i - 1];
            }

            return result;
        }

        var selected = new HashSet<int>(count);
        for (int i = 0; i < count; i++)
        {
            int j = RandBelow(populationSize);
            while (!selected.Add(j))
            {
                j = RandBelow(populationSize);
            }

            result[i] = j;
        }

        return result;
    }

    /// <summary><c>sample(population, k)</c>: the elements at <see cref="SamplePositions"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or exceeds the population.</exception>
    public T[] Sample<T>(ReadOnlySpan<T> population, int count)
    {
        var positions = SamplePositions(population.Length, count);
        var result = new T[positions.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = population[positions[i]];
        }

        return result;
    }

    /// <summary>
    /// CPython's <c>setsize</c>: 21, plus 4^⌈log₄(3k)⌉ when k &gt; 5, with the logarithm taken as
    /// <c>math.log(3k, 4)</c> does, log(3k) / log(4) in doubles.
    /// </summary>
    internal static long SmallSampleThreshold(int count)
    {
        long threshold = 21;
        if (count > 5)
        {
            int exponent = (int)Math.Ceiling(Math.Log(count * 3.0) / Math.Log(4.0));
            threshold += 1L << (2 * exponent);
        }

        return threshold;
    }
}
