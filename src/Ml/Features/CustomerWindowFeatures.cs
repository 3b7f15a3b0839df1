namespace FraudActors.Ml.Features;

/// <summary>
/// A customer's three rolling windows as of one transaction (or one query time): counts and integer cent sums,
/// from which the averages are computed once, so online and offline averages are bit-identical.
/// </summary>
/// <param name="Count1Day">Transactions in the 1-day window.</param>
/// <param name="AmountCents1Day">Sum of their amounts, in cents.</param>
/// <param name="Count7Day">Transactions in the 7-day window.</param>
/// <param name="AmountCents7Day">Sum of their amounts, in cents.</param>
/// <param name="Count30Day">Transactions in the 30-day window.</param>
/// <param name="AmountCents30Day">Sum of their amounts, in cents.</param>
public readonly record struct CustomerWindowFeatures(
    int Count1Day,
    long AmountCents1Day,
    int Count7Day,
    long AmountCents7Day,
    int Count30Day,
    long AmountCents30Day)
{
    /// <summary>Mean amount in the 1-day window, in currency units; 0 when the window is empty.</summary>
    public double AverageAmount1Day => Average(AmountCents1Day, Count1Day);

    /// <summary>Mean amount in the 7-day window, in currency units; 0 when the window is empty.</summary>
    public double AverageAmount7Day => Average(AmountCents7Day, Count7Day);

    /// <summary>Mean amount in the 30-day window, in currency units; 0 when the window is empty.</summary>
    public double AverageAmount30Day => Average(AmountCents30Day, Count30Day);

    /// <summary>The handbook's reading: sum in integer cents, divide once.</summary>
    private static double Average(long cents, int count) => count == 0 ? 0.0 : cents / (100.0 * count);
}
