using System.Collections.Immutable;

namespace FraudActors.Runtime.Cluster.Membership;

/// <summary>
/// The cluster as one silo last read it: immutable, so the placement layer can hold one and hash against it without
/// locks while a newer one is published.
/// </summary>
public sealed class MembershipView
{
    /// <summary>Before the first read: version 0, nobody.</summary>
    public static readonly MembershipView Empty = new(0, ImmutableDictionary<SiloAddress, MembershipStatus>.Empty);

    /// <summary>Builds a view from every silo's status.</summary>
    /// <param name="version">The membership table's version (raised by every status change).</param>
    /// <param name="members">Every silo in the table and its status.</param>
    public MembershipView(long version, ImmutableDictionary<SiloAddress, MembershipStatus> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        Version = version;
        Members = members;

        // Sorted so every silo holding the same version holds the same array (logs and tests compare them).
        ActiveSilos = [.. members.Where(m => m.Value == MembershipStatus.Active).Select(m => m.Key).OrderBy(s => s.ToString(), StringComparer.Ordinal)];
    }

    /// <summary>The table version this view was read at; views with the same version are the same.</summary>
    public long Version { get; }

    /// <summary>The silos that own grains: the ones placement chooses among, sorted by address.</summary>
    public ImmutableArray<SiloAddress> ActiveSilos { get; }

    /// <summary>Every silo in the table, including joining, leaving and dead ones (until cleaned up).</summary>
    public ImmutableDictionary<SiloAddress, MembershipStatus> Members { get; }

    /// <summary>Whether <paramref name="silo"/> is active in this view.</summary>
    public bool IsActive(SiloAddress silo) => Members.TryGetValue(silo, out var status) && status == MembershipStatus.Active;

    /// <inheritdoc />
    public override string ToString() => $"v{Version}: [{string.Join(", ", ActiveSilos)}]";
}
