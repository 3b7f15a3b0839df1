namespace FraudActors.Ml.Simulation;

/// <summary>How far a simulation run has gone: <paramref name="Completed"/> of <paramref name="Total"/> units of <paramref name="Stage"/>.</summary>
/// <param name="Stage">The step under way.</param>
/// <param name="Completed">Units of the step done.</param>
/// <param name="Total">Units of the step in all.</param>
public readonly record struct SimulationProgress(SimulationStage Stage, long Completed, long Total);
