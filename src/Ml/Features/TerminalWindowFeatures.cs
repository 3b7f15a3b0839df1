namespace FraudActors.Ml.Features;

/// <summary>
/// A terminal's three delayed windows as of one time t: transactions and frauds with time in
/// (t − (D + w), t − D], D = <see cref="FeatureSchema.TerminalDelayDays"/> days.
/// </summary>
/// <param name="Count1Day">Transactions in the delayed 1-day window.</param>
/// <param name="Frauds1Day">Of those, the ones labelled fraud.</param>
/// <param name="Count7Day">Transactions in the delayed 7-day window.</param>
/// <param name="Frauds7Day">Of those, the ones labelled fraud.</param>
/// <param name="Count30Day">Transactions in the delayed 30-day window.</param>
/// <param name="Frauds30Day">Of those, the ones labelled fraud.</param>
public readonly record struct TerminalWindowFeatures(
    int Count1Day,
    int Frauds1Day,
    int Count7Day,
    int Frauds7Day,
    int Count30Day,
    int Frauds30Day)
{
    /// <summary>Frauds / transactions in the delayed 1-day window; 0 when it is empty.</summary>
    public double Risk1Day => Risk(Frauds1Day, Count1Day);

    /// <summary>Frauds / transactions in the delayed 7-day window; 0 when it is empty.</summary>
    public double Risk7Day => Risk(Frauds7Day, Count7Day);

    /// <summary>Frauds / transactions in the delayed 30-day window; 0 when it is empty.</summary>
    public double Risk30Day => Risk(Frauds30Day, Count30Day);

    private static double Risk(int frauds, int count) => count == 0 ? 0.0 : (double)frauds / count;
}
