namespace FraudActors.Ml.Simulation;

/// <summary>
/// The positions of the transactions of each key (a terminal or a customer id), ascending, so each key's
/// list is in time order when the transactions are. Built once by counting, in linear time.
/// </summary>
internal sealed class TransactionsByKey
{
    private readonly int[] starts;
    private readonly int[] positions;

    /// <summary>Groups positions 0 … keys.Length − 1 by <paramref name="keys"/>[position] ∈ [0, <paramref name="keyCount"/>).</summary>
    public TransactionsByKey(ReadOnlySpan<int> keys, int keyCount)
    {
        starts = new int[keyCount + 1];
        foreach (int key in keys)
        {
            starts[key + 1]++;
        }

        for (int key = 0; key < keyCount; key++)
        {
            starts[key + 1] += starts[key];
        }

        positions = new int[keys.Length];
        var next = starts[..keyCount];
        for (int position = 0; position < keys.Length; position++)
        {
            positions[next[keys[position]]++] = position;
        }
    }

    /// <summary>The positions of <paramref name="key"/>'s transactions, ascending.</summary>
    public ReadOnlySpan<int> Of(int key) => positions.AsSpan(starts[key], starts[key + 1] - starts[key]);
}
