namespace FraudActors.Runtime.Cluster.Membership;

/// <summary>
/// What a silo knows of the cluster, for the placement layer and anything else that must follow joins and deaths.
/// </summary>
/// <remarks>
/// Two ways to consume it. The hot path (placing a grain call) reads <see cref="Current"/>: one volatile read, no
/// lock, no allocation. Work that must react to a change (handing grains over, dropping connections to a dead silo)
/// runs <c>await foreach</c> over <see cref="WatchAsync"/>; it yields the latest view and then each newer one, skipping
/// any that were superseded while the consumer was busy (like Orleans' membership updates), so a slow consumer
/// never holds the membership loop up and always ends on the newest view.
/// </remarks>
public interface IClusterMembership
{
    /// <summary>This silo.</summary>
    SiloAddress LocalSilo { get; }

    /// <summary>The newest view this silo has read.</summary>
    MembershipView Current { get; }

    /// <summary>
    /// Cancelled when this silo finds itself declared dead and steps down: it must stop serving, since its peers are
    /// activating its grains elsewhere. (The host is stopped too, unless <see cref="ClusterOptions.StopHostWhenDeclaredDead"/> is off.)
    /// </summary>
    CancellationToken SteppedDown { get; }

    /// <summary>
    /// The current view, then every newer one as it is read (intermediate ones skipped when the consumer is slower
    /// than the changes). Ends when this silo leaves the cluster or steps down.
    /// </summary>
    IAsyncEnumerable<MembershipView> WatchAsync(CancellationToken cancellationToken);
}
