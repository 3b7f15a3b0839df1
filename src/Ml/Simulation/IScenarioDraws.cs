namespace FraudActors.Ml.Simulation;

/// <summary>One day's draws for a fraud scenario: which terminals or cards, and which of their transactions.</summary>
internal interface IScenarioDraws
{
    /// <summary>Fills <paramref name="destination"/> with distinct values uniform on [0, <paramref name="population"/>).</summary>
    void SampleDistinct(int population, Span<int> destination);

    /// <summary>
    /// Chooses <paramref name="count"/> distinct elements of <paramref name="candidates"/> uniformly at random and
    /// moves them to its front; the order of the rest is unspecified.
    /// </summary>
    void MoveSampleToFront(Span<int> candidates, int count);
}
