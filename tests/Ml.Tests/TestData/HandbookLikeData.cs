using FraudActors.Ml.Features;

namespace FraudActors.Ml.Tests.TestData;

/// <summary>Row-major features with labels, as XGBoost and the tree evaluator take them.</summary>
internal sealed record LabelledRows(float[] Features, float[] Labels, int Rows, int Columns)
{
    public ReadOnlySpan<float> Row(int row) => Features.AsSpan(row * Columns, Columns);
}

/// <summary>
/// Synthetic rows shaped like the handbook's 15 features (reference §2): amounts around a per-customer mean, weekend
/// and night flags, integer window counts, averages near the amount, terminal risks mostly zero. Frauds follow the
/// handbook's scenarios loosely (amount over 220, a risky terminal, an amount far above the customer's average) at a
/// few percent, enough for a small model to learn. Not the simulator: only realistic value shapes for model tests
/// and benchmarks.
/// </summary>
internal static class HandbookLikeData
{
    public static LabelledRows Generate(int rows, int seed, double missingRate = 0)
    {
        const int columns = FeatureSchema.Count;
        var random = new Random(seed);
        var x = new float[rows * columns];
        var y = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = x.AsSpan(r * columns, columns);
            var customerMean = 5 + (95 * random.NextDouble());
            var compromisedCard = random.NextDouble() < 0.02;
            var riskyTerminal = random.NextDouble() < 0.02;
            var amount = Math.Max(0, Normal(random, customerMean, customerMean / 2));
            if (compromisedCard)
            {
                amount *= 5;
            }

            row[FeatureSchema.TxAmount] = Cents(amount);
            row[FeatureSchema.TxDuringWeekend] = random.NextDouble() < 2.0 / 7 ? 1 : 0;
            row[FeatureSchema.TxDuringNight] = random.NextDouble() < 0.1 ? 1 : 0;
            var perDay = 4 * random.NextDouble();
            var count1 = 1 + Poisson(random, perDay);
            var count7 = count1 + Poisson(random, 6 * perDay);
            var count30 = count7 + Poisson(random, 23 * perDay);
            row[FeatureSchema.CustomerNbTx1Day] = count1;
            row[FeatureSchema.CustomerAvgAmount1Day] = Cents(((count1 - 1) * customerMean + amount) / count1);
            row[FeatureSchema.CustomerNbTx7Day] = count7;
            row[FeatureSchema.CustomerAvgAmount7Day] = Cents(((count7 - 1) * customerMean + amount) / count7);
            row[FeatureSchema.CustomerNbTx30Day] = count30;
            row[FeatureSchema.CustomerAvgAmount30Day] = Cents(((count30 - 1) * customerMean + amount) / count30);
            for (var (window, index) = (1, FeatureSchema.TerminalNbTx1Day); index <= FeatureSchema.TerminalRisk30Day; index += 2)
            {
                var count = Poisson(random, window * 1.0);
                var frauds = count == 0 ? 0 : Binomial(random, count, riskyTerminal ? 0.6 : 0.005);
                row[index] = count;
                row[index + 1] = count == 0 ? 0 : (float)frauds / count;
                window = window == 1 ? 7 : 30;
            }

            var fraud = amount > 220 || compromisedCard || (riskyTerminal && random.NextDouble() < 0.7) || random.NextDouble() < 0.002;
            y[r] = fraud ? 1 : 0;

            if (missingRate > 0)
            {
                for (var c = 0; c < columns; c++)
                {
                    if (random.NextDouble() < missingRate)
                    {
                        row[c] = float.NaN;
                    }
                }
            }
        }

        return new LabelledRows(x, y, rows, columns);
    }

    /// <summary>Features uniform on [0, 1) and a label that is a noisy linear rule: the least structured data for parity tests.</summary>
    public static LabelledRows Uniform(int rows, int columns, int seed, double missingRate = 0)
    {
        var random = new Random(seed);
        var x = new float[rows * columns];
        var y = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var score = 0.0;
            for (var c = 0; c < columns; c++)
            {
                var v = random.NextSingle();
                x[(r * columns) + c] = random.NextDouble() < missingRate ? float.NaN : v;
                score += v * (c % 3 == 0 ? 1 : -0.5);
            }

            y[r] = score + (0.3 * Normal(random, 0, 1)) > 0 ? 1 : 0;
        }

        return new LabelledRows(x, y, rows, columns);
    }

    private static float Cents(double amount) => (float)(Math.Round(amount * 100) / 100);

    private static double Normal(Random random, double mean, double deviation) =>
        mean + (deviation * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= random.NextDouble();
        }

        return k;
    }

    private static int Binomial(Random random, int trials, double probability)
    {
        var k = 0;
        for (var i = 0; i < trials; i++)
        {
            if (random.NextDouble() < probability)
            {
                k++;
            }
        }

        return k;
    }
}
