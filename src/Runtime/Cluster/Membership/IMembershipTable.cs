namespace FraudActors.Runtime.Cluster.Membership;

/// <summary>
/// The shared membership table: versioned, every status change conditional on the version read (optimistic
/// concurrency, like Orleans' ADO.NET clustering), heartbeats timestamped by the database's own clock.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Creates or migrates the table and registers the cluster; idempotent, and safe when silos start together.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Reads the table: the version and the rows of one moment.</summary>
    Task<MembershipSnapshot> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Sets a silo's status (inserting its row when new) if the table is still at <paramref name="expectedVersion"/>.</summary>
    /// <returns>
    /// False, changing nothing, when someone changed the table first (read again and retry) or when the silo is dead
    /// (a dead silo never comes back; a restart registers a new generation).
    /// </returns>
    Task<bool> TrySetStatusAsync(SiloAddress silo, MembershipStatus status, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Declares <paramref name="suspect"/> dead if the table is still at <paramref name="expectedVersion"/> and the suspect
    /// has really been silent longer than <paramref name="deathTimeout"/> by the database's clock (checked again in the write).
    /// </summary>
    /// <returns>False, changing nothing, on a version conflict, or when the suspect is alive after all or already dead.</returns>
    Task<bool> TryDeclareDeadAsync(SiloAddress suspect, SiloAddress declaredBy, TimeSpan deathTimeout, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Records a heartbeat. Does not change the version.</summary>
    /// <returns>False when the silo is not alive in the table (declared dead, left, or never registered): it must step down.</returns>
    Task<bool> HeartbeatAsync(SiloAddress silo, CancellationToken cancellationToken);

    /// <summary>Deletes the rows of silos dead for longer than <paramref name="age"/>.</summary>
    /// <returns>How many rows were deleted.</returns>
    Task<int> CleanUpAsync(TimeSpan age, CancellationToken cancellationToken);
}
