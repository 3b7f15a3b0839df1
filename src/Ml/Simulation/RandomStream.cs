namespace FraudActors.Ml.Simulation;

/// <summary>
/// The independent random streams of one simulation. Each stream is reproducible from the seed alone,
/// so work can be split across threads without the output depending on scheduling.
/// </summary>
internal enum RandomStream
{
    /// <summary>Customer locations and spending habits, drawn in customer id order.</summary>
    CustomerProfiles = 1,

    /// <summary>Terminal locations, drawn in terminal id order.</summary>
    TerminalProfiles = 2,

    /// <summary>One stream per customer (indexed by customer id) for its transactions.</summary>
    CustomerTransactions = 3,

    /// <summary>One stream per day (indexed by day) for scenario 2's terminal draw.</summary>
    CompromisedTerminals = 4,

    /// <summary>One stream per day (indexed by day) for scenario 3's customer and transaction draws.</summary>
    CompromisedCustomers = 5,

    /// <summary>
    /// One stream per day (indexed by day) for the concept-drift wave's terminals and card-test amounts; a stream of
    /// its own so that enabling drift changes no other draw.
    /// </summary>
    DriftTerminals = 6,
}
