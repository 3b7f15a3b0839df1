namespace FraudActors.Ml.Simulation;

/// <summary>A simulated terminal and its location.</summary>
/// <param name="Id">The terminal id, 0-based.</param>
/// <param name="X">Location, x.</param>
/// <param name="Y">Location, y.</param>
public readonly record struct TerminalProfile(int Id, double X, double Y);
