using System.Runtime.CompilerServices;

namespace FraudActors.Ml.Simulation;

/// <summary>
/// Produces one customer's genuine transactions, day after day, following the book's per-customer loop.
/// </summary>
/// <remarks>
/// The hot loops of a run (here, the draws, the ordering) are compiled fully optimised at once: a run lasts under
/// a second, much of which tiered compilation would otherwise spend in unoptimised code.
/// </remarks>
internal static class CustomerTransactionGenerator
{
    /// <summary>Seconds in a simulated day.</summary>
    public const int SecondsPerDay = 86_400;

    /// <summary>
    /// Appends the customer's transactions to <paramref name="output"/> in generation order
    /// (day, then draw within the day), drawing from <paramref name="draws"/> alone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Generate(
        CustomerProfile customer, SimulationOptions options, ITransactionDraws draws, List<GeneratedTransaction> output)
    {
        var terminals = customer.Terminals.AsSpan();

        // The book draws for such customers and then discards every draw: skipping them is equivalent.
        if (terminals.IsEmpty)
        {
            return;
        }

        for (int day = 0; day < options.Days; day++)
        {
            int count = draws.Poisson(customer.MeanTransactionsPerDay);
            for (int i = 0; i < count; i++)
            {
                if (!TryTimeOfDay(draws.Normal(options.TimeOfDayMeanSeconds, options.TimeOfDayStdDevSeconds), out int timeOfDay))
                {
                    continue;
                }

                long amountCents = DrawAmountCents(draws, customer.MeanAmount, customer.StdDevAmount);
                int terminal = terminals[draws.Index(terminals.Length)];
                output.Add(new GeneratedTransaction((day * SecondsPerDay) + timeOfDay, terminal, amountCents));
            }
        }
    }

    /// <summary>
    /// The book's time-of-day rule: the normal draw truncated towards zero to whole seconds, kept only when
    /// strictly inside the day (0 &lt; t &lt; 86,400); otherwise the transaction does not happen.
    /// </summary>
    public static bool TryTimeOfDay(double normalDraw, out int secondsAfterMidnight)
    {
        double truncated = Math.Truncate(normalDraw);
        if (truncated > 0 && truncated < SecondsPerDay)
        {
            secondsAfterMidnight = (int)truncated;
            return true;
        }

        secondsAfterMidnight = 0;
        return false;
    }

    /// <summary>
    /// The book's amount rule: Normal(mean, sd); a negative draw is replaced by a uniform draw on [0, 2·mean];
    /// then rounded to cents as <paramref name="draws"/> says.
    /// </summary>
    public static long DrawAmountCents(ITransactionDraws draws, double meanAmount, double stdDevAmount)
    {
        double amount = draws.Normal(meanAmount, stdDevAmount);
        if (amount < 0)
        {
            amount = draws.Uniform(0, 2 * meanAmount);
        }

        return RoundToCents(amount, draws.CentRounding);
    }

    /// <summary>Currency units to cents, half away from zero.</summary>
    public static long RoundToCents(double amount) => RoundToCents(amount, MidpointRounding.AwayFromZero);

    /// <summary>Currency units to cents: amount × 100 in doubles, rounded to an integer as <paramref name="midpoint"/> says.</summary>
    public static long RoundToCents(double amount, MidpointRounding midpoint) => (long)Math.Round(amount * 100, midpoint);
}
