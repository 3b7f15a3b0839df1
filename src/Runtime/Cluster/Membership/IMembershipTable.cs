namespace FraudActors.Runtime.Cluster.Membership;

/// <summary>
/// The shared membership table: versioned, every status change conditional on the version read (optimistic
/// concurrency, like Orleans' ADO.NET clustering), heartbeats timestamped by the database's own clock.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Creates or migrates the table.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Reads the table.</summary>
    Task<MembershipSnapshot> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Sets a silo's status (inserting its row when new) if the table is still at <paramref name="expectedVersion"/>.</summary>
    /// <returns>False when someone changed the table first: read again and retry.</returns>
    Task<bool> TrySetStatusAsync(SiloAddress silo, MembershipStatus status, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Declares <paramref name="suspect"/> dead if the table is still at <paramref name="expectedVersion"/> and the suspect
    /// has really been silent longer than <paramref name="deathTimeout"/> by the database's clock (checked again in the write).
    /// </summary>
    Task<bool> TryDeclareDeadAsync(SiloAddress suspect, SiloAddress declaredBy, TimeSpan deathTimeout, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Records a heartbeat; returns false when the silo is no longer alive in the table (it has been declared dead).</summary>
    Task<bool> HeartbeatAsync(SiloAddress silo, CancellationToken cancellationToken);

    /// <summary>Deletes rows of silos dead for longer than <paramref name="age"/>.</summary>
    Task CleanUpAsync(TimeSpan age, CancellationToken cancellationToken);
}
