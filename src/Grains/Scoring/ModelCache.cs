using FraudActors.Ml.Models;

namespace FraudActors.Grains.Scoring;

/// <summary>
/// The model(s) this silo scores with. Reads are a volatile load on the hot path; a swap replaces the reference
/// atomically, so every score uses one whole model, old or new, never a mix.
/// </summary>
public sealed class ModelCache
{
    private volatile ScoringModel? _champion;

    /// <summary>The model scoring every transaction, or null before one is loaded.</summary>
    public ScoringModel? Champion => _champion;

    /// <summary>Makes <paramref name="model"/> the champion; returns the one it replaced.</summary>
    public ScoringModel? Swap(ScoringModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Interlocked.Exchange(ref _champion, model);
    }
}
