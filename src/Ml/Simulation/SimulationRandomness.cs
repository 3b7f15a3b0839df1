namespace FraudActors.Ml.Simulation;

/// <summary>Which random generators a simulation draws from.</summary>
public enum SimulationRandomness
{
    /// <summary>
    /// .NET's <see cref="Random"/>, one scrambled stream per customer and per fraud day: statistically the book's
    /// simulator, fast and parallel. The default.
    /// </summary>
    DotNet = 0,

    /// <summary>
    /// numpy's legacy <c>RandomState</c> and CPython's <c>random</c>, seeded as the book seeds them, with pandas'
    /// sort order: with the default options, byte for byte the book's data set (1,754,155 transactions,
    /// 14,681 frauds). <see cref="SimulationOptions.Seed"/> shifts every one of the book's seeds.
    /// </summary>
    Numpy = 1,
}
