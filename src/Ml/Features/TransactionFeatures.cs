namespace FraudActors.Ml.Features;

/// <summary>
/// Assembles the 15-value model input in <see cref="FeatureSchema"/> order from a transaction's time and amount and
/// its customer and terminal windows. The one place the vector is laid out, for the grains and the batch alike.
/// </summary>
public static class TransactionFeatures
{
    private const long SecondsPerDay = 86_400;
    private const long NightEndsAtSecond = 7 * 3_600;

    /// <summary>TX_AMOUNT: the amount in currency units, cents / 100.</summary>
    /// <param name="amountCents">The amount in cents.</param>
    public static double Amount(long amountCents) => amountCents / 100.0;

    /// <summary>TX_DURING_WEEKEND: Saturday or Sunday, UTC.</summary>
    /// <param name="unixSeconds">UTC time in Unix seconds.</param>
    public static bool IsWeekend(long unixSeconds)
    {
        // 1970-01-01 was a Thursday: day 0 is weekday 4 counting from Sunday = 0.
        long day = Math.DivRem(unixSeconds, SecondsPerDay, out long secondOfDay);
        if (secondOfDay < 0)
        {
            day--;
        }

        long dayOfWeek = (day + 4) % 7;
        if (dayOfWeek < 0)
        {
            dayOfWeek += 7;
        }

        return dayOfWeek is 0 or 6;
    }

    /// <summary>TX_DURING_NIGHT: the UTC hour is at most 6 (00:00:00 to 06:59:59).</summary>
    /// <param name="unixSeconds">UTC time in Unix seconds.</param>
    public static bool IsNight(long unixSeconds)
    {
        long secondOfDay = unixSeconds % SecondsPerDay;
        if (secondOfDay < 0)
        {
            secondOfDay += SecondsPerDay;
        }

        return secondOfDay < NightEndsAtSecond;
    }

    /// <summary>Writes the 15 features in schema order.</summary>
    /// <param name="unixSeconds">The transaction's UTC time in Unix seconds.</param>
    /// <param name="amountCents">The transaction's amount in cents.</param>
    /// <param name="customer">The customer's windows as of the transaction (it included).</param>
    /// <param name="terminal">The terminal's delayed windows as of the transaction's time.</param>
    /// <param name="destination">At least <see cref="FeatureSchema.Count"/> values; the first 15 are written.</param>
    /// <exception cref="ArgumentException">The destination is shorter than the schema.</exception>
    public static void Write(
        long unixSeconds,
        long amountCents,
        in CustomerWindowFeatures customer,
        in TerminalWindowFeatures terminal,
        Span<double> destination)
    {
        if (destination.Length < FeatureSchema.Count)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; the schema has {FeatureSchema.Count}.", nameof(destination));
        }

        // Highest index first: one bounds check for all 15 writes.
        destination[FeatureSchema.TerminalRisk30Day] = terminal.Risk30Day;
        destination[FeatureSchema.TxAmount] = Amount(amountCents);
        destination[FeatureSchema.TxDuringWeekend] = IsWeekend(unixSeconds) ? 1.0 : 0.0;
        destination[FeatureSchema.TxDuringNight] = IsNight(unixSeconds) ? 1.0 : 0.0;
        destination[FeatureSchema.CustomerNbTx1Day] = customer.Count1Day;
        destination[FeatureSchema.CustomerAvgAmount1Day] = customer.AverageAmount1Day;
        destination[FeatureSchema.CustomerNbTx7Day] = customer.Count7Day;
        destination[FeatureSchema.CustomerAvgAmount7Day] = customer.AverageAmount7Day;
        destination[FeatureSchema.CustomerNbTx30Day] = customer.Count30Day;
        destination[FeatureSchema.CustomerAvgAmount30Day] = customer.AverageAmount30Day;
        destination[FeatureSchema.TerminalNbTx1Day] = terminal.Count1Day;
        destination[FeatureSchema.TerminalRisk1Day] = terminal.Risk1Day;
        destination[FeatureSchema.TerminalNbTx7Day] = terminal.Count7Day;
        destination[FeatureSchema.TerminalRisk7Day] = terminal.Risk7Day;
        destination[FeatureSchema.TerminalNbTx30Day] = terminal.Count30Day;
    }

    /// <summary>
    /// Writes the 15 features in schema order as the model's single-precision input: each value is the double of
    /// <see cref="Write(long, long, in CustomerWindowFeatures, in TerminalWindowFeatures, Span{double})"/> rounded to
    /// float, exactly as <see cref="FeatureMatrix.ToSingleArray"/> converts a training row.
    /// </summary>
    /// <param name="unixSeconds">The transaction's UTC time in Unix seconds.</param>
    /// <param name="amountCents">The transaction's amount in cents.</param>
    /// <param name="customer">The customer's windows as of the transaction (it included).</param>
    /// <param name="terminal">The terminal's delayed windows as of the transaction's time.</param>
    /// <param name="destination">At least <see cref="FeatureSchema.Count"/> values; the first 15 are written.</param>
    /// <exception cref="ArgumentException">The destination is shorter than the schema.</exception>
    public static void Write(
        long unixSeconds,
        long amountCents,
        in CustomerWindowFeatures customer,
        in TerminalWindowFeatures terminal,
        Span<float> destination)
    {
        if (destination.Length < FeatureSchema.Count)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; the schema has {FeatureSchema.Count}.", nameof(destination));
        }

        Span<double> values = stackalloc double[FeatureSchema.Count];
        Write(unixSeconds, amountCents, customer, terminal, values);
        for (int i = 0; i < values.Length; i++)
        {
            destination[i] = (float)values[i];
        }
    }
}
