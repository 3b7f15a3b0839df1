using System.Runtime.CompilerServices;

namespace FraudActors.Ml.Simulation;

/// <summary>
/// The distributions the simulator draws from in <see cref="SimulationRandomness.DotNet"/> mode, over one
/// <see cref="Random"/> stream. Not thread-safe: each thread (each customer, each day) owns its own instance.
/// </summary>
/// <remarks>
/// Only <see cref="Random.NextDouble"/> and <see cref="Random.Next(int)"/> are used, so tests can script
/// the underlying uniforms with a derived <see cref="Random"/> and check every rule by hand.
/// </remarks>
internal sealed class RandomDraws(Random random) : ITransactionDraws, IScenarioDraws
{
    private double spareStandardNormal;
    private bool hasSpare;

    /// <summary>A stream seeded as <see cref="StreamSeeds.For"/> says.</summary>
    public static RandomDraws For(int seed, RandomStream stream, int index) =>
        new(new Random(StreamSeeds.For(seed, stream, index)));

    /// <summary>Half away from zero.</summary>
    public MidpointRounding CentRounding => MidpointRounding.AwayFromZero;

    /// <summary>Uniform on [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double Uniform(double low, double high) => low + ((high - low) * random.NextDouble());

    /// <summary>Uniform integer on [0, <paramref name="count"/>).</summary>
    public int Index(int count) => random.Next(count);

    /// <summary>
    /// Normal(<paramref name="mean"/>, <paramref name="standardDeviation"/>) by Box–Muller: one pair of uniforms
    /// u₁ = 1 − U, u₂ = U' gives √(−2 ln u₁)·cos(2πu₂) now and √(−2 ln u₁)·sin(2πu₂) on the next call.
    /// </summary>
    public double Normal(double mean, double standardDeviation) => mean + (standardDeviation * StandardNormal());

    /// <summary>
    /// Poisson(<paramref name="mean"/>) by Knuth's product of uniforms: exact, and cheap for the small means
    /// (at most <see cref="SimulationOptions.MaxSupportedMeanTransactionsPerDay"/>) the simulator uses.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Poisson(double mean)
    {
        double limit = Math.Exp(-mean);
        int count = 0;
        double product = random.NextDouble();
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with distinct values uniform on [0, <paramref name="population"/>)
    /// (Floyd's algorithm: one draw per value, whatever the population).
    /// </summary>
    public void SampleDistinct(int population, Span<int> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(destination.Length, population, nameof(destination));
        var chosen = new HashSet<int>(destination.Length);
        int filled = 0;
        for (int limit = population - destination.Length; limit < population; limit++)
        {
            int candidate = Index(limit + 1);
            int value = chosen.Add(candidate) ? candidate : limit;
            if (value == limit)
            {
                // Floyd: the candidate was taken, so take the new top value, which nothing has taken yet.
                chosen.Add(limit);
            }

            destination[filled++] = value;
        }
    }

    /// <summary>A partial Fisher–Yates shuffle: one draw per element chosen.</summary>
    public void MoveSampleToFront(Span<int> candidates, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, candidates.Length);
        for (int i = 0; i < count; i++)
        {
            int j = i + Index(candidates.Length - i);
            (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double StandardNormal()
    {
        if (hasSpare)
        {
            hasSpare = false;
            return spareStandardNormal;
        }

        // 1 − U lies in (0, 1], so the logarithm is finite.
        double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble()));
        (double sin, double cos) = Math.SinCos(2.0 * Math.PI * random.NextDouble());
        spareStandardNormal = radius * sin;
        hasSpare = true;
        return radius * cos;
    }
}
