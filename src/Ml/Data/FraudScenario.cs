namespace FraudActors.Ml.Data;

/// <summary>
/// Which simulated fraud pattern produced a transaction's fraud label
/// (the handbook's <c>TX_FRAUD_SCENARIO</c>; the numeric values match the book's).
/// </summary>
public enum FraudScenario : byte
{
    /// <summary>A genuine transaction.</summary>
    None = 0,

    /// <summary>Scenario 1: any amount above 220 is fraud.</summary>
    LargeAmount = 1,

    /// <summary>Scenario 2: every transaction on a compromised terminal during its 28 compromised days.</summary>
    CompromisedTerminal = 2,

    /// <summary>Scenario 3: of the transactions of the day's compromised cards over their next 14 days, a third (pooled over the cards), with the amount multiplied by 5.</summary>
    CompromisedCustomer = 3,

    /// <summary>
    /// Not in the book: the concept-drift wave (<see cref="Simulation.ConceptDrift"/>), every transaction on a terminal of
    /// the wave during its compromised days, its amount replaced by a small card-test amount.
    /// </summary>
    CardTestingTerminal = 4,
}
