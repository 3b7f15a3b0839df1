namespace FraudActors.Ml.Tests.Simulation;

/// <summary>
/// A <see cref="Random"/> whose uniforms are chosen by the test, so each drawing rule can be checked by hand.
/// </summary>
internal sealed class ScriptedRandom(IEnumerable<double> doubles, IEnumerable<int>? integers = null) : Random
{
    private readonly Queue<double> doubles = new(doubles);
    private readonly Queue<int> integers = new(integers ?? []);

    public int DoublesLeft => doubles.Count;

    public override double NextDouble() =>
        doubles.TryDequeue(out double value) ? value : throw new InvalidOperationException("The script ran out of uniforms.");

    public override int Next(int maxValue)
    {
        if (!integers.TryDequeue(out int value))
        {
            throw new InvalidOperationException("The script ran out of integers.");
        }

        Assert.InRange(value, 0, maxValue - 1);
        return value;
    }
}
