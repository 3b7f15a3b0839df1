using System.Collections.Immutable;
using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Runtime.Cluster.Placement;
using FraudActors.Runtime.Cluster.Routing;

namespace FraudActors.Runtime.Tests.Cluster.Routing;

public sealed class GrainRouterTests
{
    private static readonly SiloAddress Local = new("127.0.0.1", 11111, 1);
    private static readonly SiloAddress Peer = new("127.0.0.1", 11112, 1);

    [Fact]
    public void With_no_active_silo_in_the_view_every_call_runs_here()
    {
        var router = new GrainRouter(new FixedMembership(Local, View(1)));

        Assert.Null(router.OwnerOf(new GrainId("counter", "a")));
        Assert.Null(router.RemoteOwnerOf(new GrainId("counter", "a")));
    }

    [Fact]
    public void A_call_goes_to_the_rendezvous_owner_and_runs_here_when_that_is_this_silo()
    {
        var router = new GrainRouter(new FixedMembership(Local, View(2, Local, Peer)));
        var placement = new RendezvousPlacement([Local, Peer]);
        var ids = Enumerable.Range(0, 200).Select(i => new GrainId("counter", $"k{i}")).ToArray();

        Assert.All(ids, id => Assert.Equal(placement.OwnerOf(id), router.OwnerOf(id)));
        Assert.All(ids, id => Assert.Equal(placement.OwnerOf(id) == Local ? null : Peer, router.RemoteOwnerOf(id)));
        Assert.Contains(ids, id => router.RemoteOwnerOf(id) is null);
        Assert.Contains(ids, id => router.RemoteOwnerOf(id) == Peer);
    }

    [Fact]
    public void A_newer_view_is_used_from_the_next_call_on()
    {
        var membership = new FixedMembership(Local, View(2, Local, Peer));
        var router = new GrainRouter(membership);
        var id = Enumerable.Range(0, 200).Select(i => new GrainId("counter", $"k{i}")).First(i => router.RemoteOwnerOf(i) == Peer);

        membership.Current = View(3, Local);   // the peer left

        Assert.Null(router.RemoteOwnerOf(id));
    }

    private static MembershipView View(long version, params SiloAddress[] active) =>
        new(version, active.ToImmutableDictionary(s => s, _ => MembershipStatus.Active));

    private sealed class FixedMembership(SiloAddress local, MembershipView view) : IClusterMembership
    {
        public SiloAddress LocalSilo => local;

        public MembershipView Current { get; set; } = view;

        public CancellationToken SteppedDown => CancellationToken.None;

        public IAsyncEnumerable<MembershipView> WatchAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
