using System.Collections.Concurrent;

namespace FraudActors.Runtime.Activation;

/// <summary>The activations living in this silo, by grain id: at most one per id.</summary>
internal sealed class ActivationDirectory
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();

    public int Count => _activations.Count;

    public IEnumerable<ActivationData> All => _activations.Values;

    public bool TryGet(GrainId grainId, out ActivationData? activation) => _activations.TryGetValue(grainId, out activation);

    public bool TryAdd(ActivationData activation) => _activations.TryAdd(activation.GrainId, activation);

    /// <summary>Removes exactly this activation (not a newer one for the same id).</summary>
    public void Remove(ActivationData activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));
}
