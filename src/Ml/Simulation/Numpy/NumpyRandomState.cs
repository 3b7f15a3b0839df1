using System.Runtime.CompilerServices;

namespace FraudActors.Ml.Simulation.Numpy;

/// <summary>
/// numpy's legacy <c>numpy.random.RandomState</c> (what <c>np.random.seed</c> and <c>np.random.*</c> drive), as far
/// as the handbook's simulator needs it, draw for draw: the same seed gives the same numbers as numpy.
/// Not thread-safe.
/// </summary>
/// <remarks>
/// Ported from numpy's <c>mtrand.pyx</c>, <c>legacy-distributions.c</c> and <c>distributions.c</c> (numpy 1.17 and
/// later keep the legacy streams frozen). Floating-point expressions keep numpy's order of operations, and the
/// logarithms and exponentials are the C library's on both sides, so results are bit-identical, not just close.
/// </remarks>
internal sealed class NumpyRandomState : IUniformDraws
{
    /// <summary>numpy's <c>POISSON_LAM_MAX</c>: int64 max − 10·√(int64 max); larger means overflow the result.</summary>
    public static readonly double MaxPoissonMean = long.MaxValue - (Math.Sqrt(long.MaxValue) * 10);

    private readonly MersenneTwister twister = new();
    private double cachedGauss;
    private bool hasCachedGauss;

    /// <summary>A state seeded as <c>np.random.RandomState(seed)</c> / <c>np.random.seed(seed)</c>.</summary>
    public NumpyRandomState(uint seed) => Seed(seed);

    /// <summary><c>np.random.seed(seed)</c> for an integer seed: MT19937's <c>init_genrand</c>; forgets the cached normal.</summary>
    public void Seed(uint seed)
    {
        twister.InitGenRand(seed);
        ForgetCachedGauss();
    }

    /// <summary><c>np.random.seed(key)</c> for an array of 32-bit words: <c>init_by_array</c>; forgets the cached normal.</summary>
    public void Seed(ReadOnlySpan<uint> key)
    {
        twister.InitByArray(key);
        ForgetCachedGauss();
    }

    /// <summary>The raw 32-bit output (<c>bit_generator.random_raw</c> gives these for MT19937, one per call).</summary>
    public uint NextUInt32() => twister.NextUInt32();

    /// <summary><c>random_sample()</c>: a double on [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double RandomSample() => twister.NextDouble();

    /// <summary><c>uniform(low, high)</c>: <c>low + (high − low)·random_sample()</c>.</summary>
    /// <exception cref="OverflowException">high − low is not finite (numpy: "Range exceeds valid bounds").</exception>
    public double Uniform(double low, double high)
    {
        double range = high - low;
        if (!double.IsFinite(range))
        {
            throw new OverflowException($"uniform({low}, {high}): the range exceeds valid bounds.");
        }

        return low + (range * twister.NextDouble());
    }

    /// <summary>
    /// <c>standard_normal()</c>, legacy: Marsaglia's polar method. Each accepted pair gives two normals; the second is
    /// kept for the next call, and <see cref="Seed(uint)"/> discards it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double StandardNormal()
    {
        if (hasCachedGauss)
        {
            ForgetCachedGauss(out double cached);
            return cached;
        }

        double x1, x2, r2;
        do
        {
            x1 = (2.0 * twister.NextDouble()) - 1.0;
            x2 = (2.0 * twister.NextDouble()) - 1.0;
            r2 = (x1 * x1) + (x2 * x2);
        }
        while (r2 >= 1.0 || r2 == 0.0);

        double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        cachedGauss = f * x1;
        hasCachedGauss = true;
        return f * x2;
    }

    /// <summary><c>normal(loc, scale)</c>: <c>loc + scale·standard_normal()</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is negative or NaN.</exception>
    public double Normal(double loc, double scale)
    {
        if (!(scale >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "normal: scale must be non-negative.");
        }

        return loc + (scale * StandardNormal());
    }

    /// <summary>
    /// <c>poisson(lam)</c>: 0 for λ = 0 without a draw; the multiplication method for λ &lt; 10; Hörmann's PTRS
    /// (transformed rejection with squeeze) for λ ≥ 10.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">λ is negative, NaN, or above <see cref="MaxPoissonMean"/>.</exception>
    public long Poisson(double lam)
    {
        if (!(lam >= 0) || lam > MaxPoissonMean)
        {
            throw new ArgumentOutOfRangeException(nameof(lam), lam, $"poisson: lam must lie in [0, {MaxPoissonMean}].");
        }

        return lam >= 10 ? PoissonPtrs(lam) : lam == 0 ? 0 : PoissonMultiplication(lam);
    }

    /// <summary>
    /// <c>randint(low, high)</c> with the default int64 dtype: uniform on [low, high), by masked rejection on 32-bit
    /// draws when high − low − 1 fits in 32 bits, on 64-bit draws otherwise.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="high"/> ≤ <paramref name="low"/>.</exception>
    public long RandInt(long low, long high)
    {
        if (high <= low)
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, $"randint: high must exceed low ({low}).");
        }

        ulong range = (ulong)high - 1 - (ulong)low;
        return (long)((ulong)low + BoundedMasked(range));
    }

    /// <summary><c>randint(low, high, size)</c>: <paramref name="size"/> draws as <see cref="RandInt(long, long)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="high"/> ≤ <paramref name="low"/>, or a negative size.</exception>
    public long[] RandInt(long low, long high, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var values = new long[size];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = RandInt(low, high);
        }

        return values;
    }

    /// <summary>
    /// numpy's <c>random_interval(max)</c>: uniform on [0, <paramref name="max"/>] by masked rejection, what
    /// <c>shuffle</c> and <c>permutation</c> draw with.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Interval(ulong max)
    {
        if (max == 0)
        {
            return 0;
        }

        ulong mask = SmallestMaskCovering(max);
        ulong value;
        if (max <= uint.MaxValue)
        {
            while ((value = twister.NextUInt32() & mask) > max)
            {
            }
        }
        else
        {
            while ((value = twister.NextUInt64() & mask) > max)
            {
            }
        }

        return value;
    }

    /// <summary><c>shuffle(x)</c>: Fisher–Yates from the last element down, swapping x[i] with x[interval(i)].</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i >= 1; i--)
        {
            int j = (int)Interval((ulong)i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary><c>permutation(n)</c>: 0 … n − 1 shuffled.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public int[] Permutation(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var values = new int[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i;
        }

        Shuffle(values.AsSpan());
        return values;
    }

    /// <summary>
    /// <c>choice(populationSize, size, replace)</c> with uniform probabilities: with replacement,
    /// <c>randint(0, populationSize, size)</c>; without, the first <paramref name="size"/> of
    /// <c>permutation(populationSize)</c> (so it always draws for the whole population).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The population is empty but samples are asked for, a negative
    /// size, or more samples than the population without replacement.</exception>
    public int[] Choice(int populationSize, int size, bool replace = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (populationSize <= 0 && size > 0)
        {
            throw new ArgumentOutOfRangeException(nameof(populationSize), populationSize, "choice: the population must be non-empty unless no samples are taken.");
        }

        if (replace)
        {
            var drawn = new int[size];
            for (int i = 0; i < drawn.Length; i++)
            {
                drawn[i] = (int)RandInt(0, populationSize);
            }

            return drawn;
        }

        if (size > populationSize)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"choice: cannot take more than the population ({populationSize}) without replacement.");
        }

        return Permutation(populationSize)[..size];
    }

    /// <summary>
    /// numpy's <c>random_loggam(x)</c>, log Γ(x) from Zhang and Jin's series, as PTRS evaluates it.
    /// </summary>
    internal static double LogGamma(double x)
    {
        ReadOnlySpan<double> a =
        [
            8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04, -5.952380952380952e-04,
            8.417508417508418e-04, -1.917526917526918e-03, 6.410256410256410e-03, -2.955065359477124e-02,
            1.796443723688307e-01, -1.39243221690590e+00,
        ];

        if (x == 1.0 || x == 2.0)
        {
            return 0.0;
        }

        double x0 = x;
        long n = 0;
        if (x <= 7.0)
        {
            n = (long)(7 - x);
            x0 = x + n;
        }

        double x2 = 1.0 / (x0 * x0);
        double xp = 2 * Math.PI;
        double gl0 = a[9];
        for (int k = 8; k >= 0; k--)
        {
            gl0 *= x2;
            gl0 += a[k];
        }

        double gl = (gl0 / x0) + (0.5 * Math.Log(xp)) + ((x0 - 0.5) * Math.Log(x0)) - x0;
        if (x <= 7.0)
        {
            for (long k = 1; k <= n; k++)
            {
                gl -= Math.Log(x0 - 1.0);
                x0 -= 1.0;
            }
        }

        return gl;
    }

    private long PoissonMultiplication(double lam)
    {
        double enlam = Math.Exp(-lam);
        long count = 0;
        double product = 1.0;
        while (true)
        {
            product *= twister.NextDouble();
            if (product > enlam)
            {
                count++;
            }
            else
            {
                return count;
            }
        }
    }

    private long PoissonPtrs(double lam)
    {
        double slam = Math.Sqrt(lam);
        double loglam = Math.Log(lam);
        double b = 0.931 + (2.53 * slam);
        double a = -0.059 + (0.02483 * b);
        double invalpha = 1.1239 + (1.1328 / (b - 3.4));
        double vr = 0.9277 - (3.6224 / (b - 2));

        while (true)
        {
            double u = twister.NextDouble() - 0.5;
            double v = twister.NextDouble();
            double us = 0.5 - Math.Abs(u);
            long k = (long)Math.Floor(((((2 * a) / us) + b) * u) + lam + 0.43);
            if (us >= 0.07 && v <= vr)
            {
                return k;
            }

            if (k < 0 || (us < 0.013 && v > us))
            {
                continue;
            }

            if ((Math.Log(v) + Math.Log(invalpha) - Math.Log((a / (us * us)) + b))
                <= (-lam + (k * loglam) - LogGamma(k + 1)))
            {
                return k;
            }
        }
    }

    private ulong BoundedMasked(ulong range)
    {
        if (range == 0)
        {
            return 0;
        }

        ulong mask = SmallestMaskCovering(range);
        ulong value;
        if (range <= uint.MaxValue)
        {
            while ((value = twister.NextUInt32() & mask) > range)
            {
            }
        }
        else if (range == ulong.MaxValue)
        {
            value = twister.NextUInt64();
        }
        else
        {
            while ((value = twister.NextUInt64() & mask) > range)
            {
            }
        }

        return value;
    }

    private static ulong SmallestMaskCovering(ulong max) => ulong.MaxValue >> System.Numerics.BitOperations.LeadingZeroCount(max);

    private void ForgetCachedGauss() => ForgetCachedGauss(out _);

    private void ForgetCachedGauss(out double cached)
    {
        cached = cachedGauss;
        cachedGauss = 0.0;
        hasCachedGauss = false;
    }
}
