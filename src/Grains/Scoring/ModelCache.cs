using FraudActors.Grains.Interfaces.Models;
using FraudActors.Ml.Models;
using FraudActors.Runtime;

namespace FraudActors.Grains.Scoring;

/// <summary>
/// What this silo scores with: champion, challenger and traffic split as one immutable <see cref="ServingSet"/>.
/// Reads are a volatile load on the hot path; a swap replaces the whole set atomically, so every score sees one
/// consistent set, old or new, never a mix.
/// </summary>
public sealed class ModelCache
{
    private volatile ServingSet _current = ServingSet.Empty;

    /// <summary>The set in force.</summary>
    public ServingSet Current => _current;

    /// <summary>The champion in force, or null before one is loaded.</summary>
    public ScoringModel? Champion => _current.Champion;

    /// <summary>Replaces the set unless it is older than the one in force (a late notification never rolls back).</summary>
    /// <returns>True when <paramref name="set"/> is now in force.</returns>
    public bool Apply(ServingSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        while (true)
        {
            var current = _current;
            if (set.Revision < current.Revision)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _current, set, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Makes <paramref name="model"/> the sole champion at the next revision (tools and tests that have no registry).</summary>
    public void Serve(ScoringModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Apply(new ServingSet(_current.Revision + 1, model, null, TrafficPolicy.ChampionOnly));
    }
}

/// <summary>The models of one assignment revision, loaded and verified.</summary>
/// <param name="Revision">The registry's assignment revision.</param>
/// <param name="Champion">The champion, or null before one exists.</param>
/// <param name="Challenger">The challenger, if any.</param>
/// <param name="Traffic">How the challenger takes part.</param>
public sealed record ServingSet(long Revision, ScoringModel? Champion, ScoringModel? Challenger, TrafficPolicy Traffic)
{
    /// <summary>Nothing loaded yet.</summary>
    public static ServingSet Empty { get; } = new(0, null, null, TrafficPolicy.ChampionOnly);

    /// <summary>
    /// The model that decides for a customer and the one scoring in its shadow, if any. Canary membership is sticky:
    /// a stable hash of the customer id, so a customer's decisions come from one model for the whole canary.
    /// </summary>
    public (ScoringModel Decider, ScoringModel? Shadow) For(string customerId)
    {
        var champion = Champion ?? throw new InvalidOperationException("No champion is loaded.");
        if (Challenger is null)
        {
            return (champion, null);
        }

        return Traffic.Mode switch
        {
            TrafficMode.Canary when IsInCanary(customerId, Traffic.CanaryPercent) => (Challenger, null),
            TrafficMode.Shadow => (champion, Challenger),
            _ => (champion, null),
        };
    }

    /// <summary>True when the customer falls in the first <paramref name="percent"/> % of the hash space.</summary>
    public static bool IsInCanary(string customerId, double percent) =>
        StableHash.Of(customerId) % 10_000 < (ulong)Math.Round(percent * 100);
}
