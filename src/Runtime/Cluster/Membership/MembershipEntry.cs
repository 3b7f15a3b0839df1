namespace FraudActors.Runtime.Cluster.Membership;

/// <summary>One row of the membership table.</summary>
/// <param name="Silo">The silo.</param>
/// <param name="Status">Its standing.</param>
/// <param name="StartedAt">When it registered (database clock).</param>
/// <param name="Silence">Time since its last heartbeat, by the database's clock.</param>
/// <param name="DeclaredDeadBy">The silo that declared it dead, if any.</param>
public sealed record MembershipEntry(SiloAddress Silo, MembershipStatus Status, DateTimeOffset StartedAt, TimeSpan Silence, string? DeclaredDeadBy);

/// <summary>The membership table as read at one moment: its version and its rows.</summary>
/// <param name="Version">Raised by every status change (joins, leaves, deaths), not by heartbeats.</param>
/// <param name="Entries">Every row.</param>
public sealed record MembershipSnapshot(long Version, IReadOnlyList<MembershipEntry> Entries);
