using System.Collections.Immutable;

namespace FraudActors.Runtime.Cluster.Placement;

/// <summary>
/// Which silo owns a grain: rendezvous (highest-random-weight) hashing over a set of active silos. Every silo holding
/// the same membership view computes the same owner, with no directory look-up; a joining silo takes about 1/N of
/// the grains, all from the others, and a departing silo's grains spread over the rest while no other grain moves.
/// </summary>
/// <remarks>
/// Build one per membership view (it hashes each silo's identity once) and share it: it is immutable. An owner costs
/// one hash of the grain id plus one multiply-and-mix per silo, which beats a ring for the tens of silos this cluster
/// is meant for, and needs no virtual nodes to balance.
/// </remarks>
public sealed class RendezvousPlacement
{
    private readonly ulong[] _siloHashes;

    /// <summary>Places among <paramref name="activeSilos"/> (order does not matter; duplicates count once).</summary>
    public RendezvousPlacement(IEnumerable<SiloAddress> activeSilos)
    {
        ArgumentNullException.ThrowIfNull(activeSilos);

        // Sorted, so a tie (a 2^-64 chance) goes the same way on every silo, whatever order its view listed them in.
        Silos = [.. activeSilos.Distinct().OrderBy(s => s.ToString(), StringComparer.Ordinal)];
        _siloHashes = [.. Silos.Select(s => s.PlacementHash)];
    }

    /// <summary>The silos placed among, sorted by address.</summary>
    public ImmutableArray<SiloAddress> Silos { get; }

    /// <summary>The silo that owns <paramref name="grainId"/>, or null when there is no active silo.</summary>
    public SiloAddress? OwnerOf(GrainId grainId)
    {
        var grainHash = HashOf(grainId);
        var owner = -1;
        var best = 0UL;
        for (var i = 0; i < _siloHashes.Length; i++)
        {
            var weight = Weight(grainHash, _siloHashes[i]);
            if (owner < 0 || weight > best)
            {
                owner = i;
                best = weight;
            }
        }

        return owner < 0 ? null : Silos[owner];
    }

    /// <summary>The grain's side of the weight: stable across processes and machines.</summary>
    internal static ulong HashOf(GrainId grainId) => StableHash.Of(grainId.Type, grainId.Key);

    /// <summary>
    /// The weight of a (grain, silo) pair. Part of the cluster's protocol: silos of different builds must compute the
    /// same weights, or they disagree on owners; changing it is a breaking change that needs a full cluster restart.
    /// </summary>
    /// <remarks>
    /// wyhash's mix (the 128-bit product of the two inputs, each xored with a constant, folded high into low) then
    /// SplitMix64's finaliser: neither half alone decides the weight, so the weights of one grain on different silos
    /// behave as independent draws, which is what balance and minimal movement rest on. Xoring the two hashes
    /// instead would make every grain rank the silos by the same few bits.
    /// </remarks>
    internal static ulong Weight(ulong grainHash, ulong siloHash)
    {
        var high = Math.BigMul(grainHash ^ 0xA0761D6478BD642FUL, siloHash ^ 0xE7037ED1A0B428DBUL, out var low);
        var z = high ^ low;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
