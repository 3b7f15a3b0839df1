using FraudActors.Ml.Simulation;

namespace FraudActors.Ml.Tests.Simulation;

public sealed class RandomDrawsTests
{
    [Fact]
    public void Normal_follows_box_muller_and_returns_the_sine_partner_next()
    {
        // u1 = 1 − 0.75 = 0.25, u2 = 0.125: radius √(−2 ln 0.25) = √(ln 16), angle π/4.
        var draws = new RandomDraws(new ScriptedRandom([0.75, 0.125]));
        double radius = Math.Sqrt(Math.Log(16));

        double first = draws.Normal(10, 2);
        double second = draws.Normal(0, 1);

        Assert.Equal(10 + (2 * radius * Math.Sqrt(0.5)), first, 12);
        Assert.Equal(radius * Math.Sqrt(0.5), second, 12);
    }

    [Fact]
    public void Poisson_counts_uniform_products_until_they_fall_below_e_to_the_minus_mean()
    {
        // Mean 1: limit e⁻¹ ≈ 0.368. Products 0.9, 0.45, 0.315: two stay above the limit.
        var random = new ScriptedRandom([0.9, 0.5, 0.7, 0.2]);
        var draws = new RandomDraws(random);

        Assert.Equal(2, draws.Poisson(1));
        Assert.Equal(1, random.DoublesLeft);
    }

    [Fact]
    public void Poisson_with_mean_zero_is_always_zero()
    {
        var draws = new RandomDraws(new ScriptedRandom([0.999999, 0.5, 0.0]));

        Assert.Equal(0, draws.Poisson(0));
        Assert.Equal(0, draws.Poisson(0));
        Assert.Equal(0, draws.Poisson(0));
    }

    [Fact]
    public void Poisson_draws_have_the_mean_and_variance_of_a_poisson_distribution()
    {
        const int n = 200_000;
        const double mean = 2.7;
        var draws = RandomDraws.For(seed: 42, RandomStream.CustomerTransactions, 0);
        double sum = 0;
        double sumOfSquares = 0;
        for (int i = 0; i < n; i++)
        {
            int k = draws.Poisson(mean);
            sum += k;
            sumOfSquares += (double)k * k;
        }

        double sampleMean = sum / n;
        double sampleVariance = (sumOfSquares / n) - (sampleMean * sampleMean);

        // Standard error of the mean √(2.7 / 200,000) ≈ 0.0037; of the variance about 0.011. Five of each.
        Assert.InRange(sampleMean, mean - 0.02, mean + 0.02);
        Assert.InRange(sampleVariance, mean - 0.06, mean + 0.06);
    }

    [Fact]
    public void Normal_draws_have_the_requested_mean_standard_deviation_and_tails()
    {
        const int n = 200_000;
        var draws = RandomDraws.For(seed: 7, RandomStream.CustomerTransactions, 1);
        double sum = 0;
        double sumOfSquares = 0;
        int beyondTwoSigma = 0;
        for (int i = 0; i < n; i++)
        {
            double x = draws.Normal(43_200, 20_000);
            sum += x;
            sumOfSquares += x * x;
            if (Math.Abs(x - 43_200) > 40_000)
            {
                beyondTwoSigma++;
            }
        }

        double sampleMean = sum / n;
        double sampleStdDev = Math.Sqrt((sumOfSquares / n) - (sampleMean * sampleMean));
        double expectedBeyond = 2 * (1 - StandardNormal.Cdf(2)) * n;

        // Standard errors: mean 20,000/√n ≈ 45; sd ≈ 32; the tail count ≈ √(9,100) ≈ 95. Five of each.
        Assert.InRange(sampleMean, 43_200 - 225, 43_200 + 225);
        Assert.InRange(sampleStdDev, 20_000 - 160, 20_000 + 160);
        Assert.InRange(beyondTwoSigma, expectedBeyond - 480, expectedBeyond + 480);
    }

    [Fact]
    public void Uniform_spans_the_requested_interval()
    {
        var draws = new RandomDraws(new ScriptedRandom([0.0, 0.25, 0.999]));

        Assert.Equal(5.0, draws.Uniform(5, 100));
        Assert.Equal(28.75, draws.Uniform(5, 100));
        Assert.Equal(5 + (95 * 0.999), draws.Uniform(5, 100), 12);
    }
}
