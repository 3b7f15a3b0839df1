namespace FraudActors.Ml.Data;

/// <summary>
/// One card transaction as the simulator produces it and the batch pipeline consumes it.
/// </summary>
/// <param name="Id">Sequence number in time order, starting at 0 (the book's <c>TRANSACTION_ID</c>).</param>
/// <param name="UnixSeconds">UTC time of the transaction, whole seconds since 1970-01-01T00:00:00Z.</param>
/// <param name="CustomerId">The card (customer) identifier.</param>
/// <param name="TerminalId">The terminal identifier.</param>
/// <param name="AmountCents">The amount in cents; amounts are exact in minor units throughout.</param>
/// <param name="IsFraud">The fraud label.</param>
/// <param name="Scenario">Which simulated pattern made it fraud, <see cref="FraudScenario.None"/> when genuine.</param>
public readonly record struct Transaction(
    long Id,
    long UnixSeconds,
    int CustomerId,
    int TerminalId,
    long AmountCents,
    bool IsFraud,
    FraudScenario Scenario)
{
    /// <summary>The UTC time of the transaction.</summary>
    public DateTime TimeUtc => DateTime.UnixEpoch.AddSeconds(UnixSeconds);

    /// <summary>The UTC calendar day of the transaction: the unit of the handbook's splits and of CP@k.</summary>
    public DateOnly DayUtc => DateOnly.FromDateTime(TimeUtc);

    /// <summary>The amount in currency units.</summary>
    public decimal Amount => AmountCents / 100m;
}
