using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Runtime.Cluster.Placement;

namespace FraudActors.Runtime.Cluster.Routing;

/// <summary>
/// Which silo should run a call to a grain, by this silo's newest membership view: the hot path of every call in a
/// cluster, so it costs one volatile read and one rendezvous hash (the placement is rebuilt only when the view changes).
/// </summary>
internal sealed class GrainRouter(IClusterMembership membership)
{
    private volatile PlacementForView _placement = new(MembershipView.Empty, new RendezvousPlacement([]));

    /// <summary>This silo.</summary>
    public SiloAddress LocalSilo => membership.LocalSilo;

    /// <summary>Cancelled once this silo has been declared dead: it must not run calls any more.</summary>
    public CancellationToken SteppedDown => membership.SteppedDown;

    /// <summary>
    /// The owner of <paramref name="grainId"/> by the newest view, or null when the view has no active silo (this silo
    /// is starting and has not read one, or every silo is leaving): then the call is run here, which is the only
    /// place it can run.
    /// </summary>
    public SiloAddress? OwnerOf(GrainId grainId)
    {
        var view = membership.Current;
        var placement = _placement;
        if (!ReferenceEquals(placement.View, view))
        {
            // Racing rebuilds compute the same thing from the same immutable view; the last write wins harmlessly.
            placement = new PlacementForView(view, new RendezvousPlacement(view.ActiveSilos));
            _placement = placement;
        }

        return placement.Placement.OwnerOf(grainId);
    }

    /// <summary>The silo to send a call to, or null when it runs here.</summary>
    public SiloAddress? RemoteOwnerOf(GrainId grainId)
    {
        var owner = OwnerOf(grainId);
        return owner is null || owner == membership.LocalSilo ? null : owner;
    }

    private sealed record PlacementForView(MembershipView View, RendezvousPlacement Placement);
}
