namespace FraudActors.Ml.Simulation;

/// <summary>The steps of a simulation run, in order, as reported through <see cref="SimulationProgress"/>.</summary>
public enum SimulationStage
{
    /// <summary>Drawing customers and terminals and each customer's reachable terminals.</summary>
    Profiles,

    /// <summary>Drawing each customer's transactions; progress counts customers.</summary>
    Transactions,

    /// <summary>Sorting all transactions by time and numbering them.</summary>
    Ordering,

    /// <summary>Applying the three fraud scenarios.</summary>
    Frauds,
}
