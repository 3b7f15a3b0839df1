namespace FraudActors.Ml.Simulation.Numpy;

/// <summary>
/// One fraud day's draws as the book makes them: the terminals or cards by pandas'
/// <c>Series.sample(n, random_state=seed)</c> (numpy's <c>RandomState(seed).choice(N, n, replace=False)</c>), the
/// transactions by <c>random.seed(seed); random.sample(candidates, k)</c>.
/// </summary>
internal sealed class BookScenarioDraws(uint seed) : IScenarioDraws
{
    public void SampleDistinct(int population, Span<int> destination) =>
        new NumpyRandomState(seed).Choice(population, destination.Length, replace: false).CopyTo(destination);

    public void MoveSampleToFront(Span<int> candidates, int count)
    {
        var picked = new PythonRandom(seed).SamplePositions(candidates.Length, count);
        var original = candidates.ToArray();
        var taken = new bool[original.Length];
        int front = 0;
        foreach (int position in picked)
        {
            candidates[front++] = original[position];
            taken[position] = true;
        }

        for (int position = 0; position < original.Length; position++)
        {
            if (!taken[position])
            {
                candidates[front++] = original[position];
            }
        }
    }
}
