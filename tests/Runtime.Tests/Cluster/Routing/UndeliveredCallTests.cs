using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Runtime.Cluster.Placement;
using FraudActors.Runtime.Metadata;
using FraudActors.Runtime.Tests.Cluster.Transport;
using FraudActors.Runtime.Tests.TestGrains;
using FraudActors.Testing;

namespace FraudActors.Runtime.Tests.Cluster.Routing;

/// <summary>
/// Calls whose owner, by the caller's view, cannot be reached (it died and the view has not caught up): nothing was
/// delivered, so the call may go to the owner by a newer view, within its deadline, and only then.
/// </summary>
public sealed class UndeliveredCallTests(ThreeSiloFixture fixture) : IClassFixture<ThreeSiloFixture>
{
    private const int NotDeliveredEvent = 222;

    private TestCluster Cluster => fixture.Cluster;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_call_to_an_unreachable_owner_is_sent_again_to_the_owner_by_the_next_view()
    {
        var caller = Cluster.Running.First();
        var (key, grainId) = ImposeViewWithUnreachableOwner(caller, "retried");
        try
        {
            var notDeliveredBefore = caller.Log.Count(NotDeliveredEvent);
            var call = caller.Grains.GetGrain<ICounterGrain>(key).GetActivationIdAsync();
            await Eventually.HoldsAsync(() => caller.Log.Count(NotDeliveredEvent) > notDeliveredBefore, "the caller found the owner unreachable");
            Assert.False(call.IsCompleted);

            caller.Membership.Clear();   // the view catches up: the dead silo is gone

            Assert.NotEmpty(await call.WaitAsync(TimeSpan.FromSeconds(10), Ct));
            Assert.Same(Cluster.OwnerOf(grainId), Assert.Single(Cluster.WhereActive(grainId)));
        }
        finally
        {
            caller.Membership.Clear();
        }
    }

    [Fact]
    public async Task A_call_that_cannot_be_delivered_within_its_deadline_fails_as_retryable_and_ran_nowhere()
    {
        var caller = Cluster.Running.First();
        var (key, grainId) = ImposeViewWithUnreachableOwner(caller, "undeliverable");
        try
        {
            var failure = await Assert.ThrowsAsync<SiloUnavailableException>(
                () => caller.Grains.GetGrain<ICounterGrain>(key).WaitShortAsync());   // [ResponseTimeout(500)]

            Assert.Contains("could not be delivered", failure.Message, StringComparison.Ordinal);
            Assert.Empty(Cluster.WhereActive(grainId));
        }
        finally
        {
            caller.Membership.Clear();
        }
    }

    /// <summary>
    /// Makes <paramref name="caller"/> see itself and a silo nobody listens for as the active silos, and returns a key
    /// that silo owns by that view.
    /// </summary>
    private static (string Key, GrainId GrainId) ImposeViewWithUnreachableOwner(ClusterSilo caller, string prefix)
    {
        var ghost = new SiloAddress("127.0.0.1", UnusedLoopbackPort(), Generation: 1);
        var placement = new RendezvousPlacement([caller.Address, ghost]);
        var grainType = caller.Get<GrainInterfaceRegistry>().Get(typeof(ICounterGrain)).GrainType;
        var key = Enumerable.Range(0, 1000).Select(i => $"{prefix}-{i}").First(k => placement.OwnerOf(new GrainId(grainType, k)) == ghost);
        var real = caller.Membership.Current;
        caller.Membership.Impose(new MembershipView(
            real.Version + 1,
            ImmutableDictionary<SiloAddress, MembershipStatus>.Empty.Add(caller.Address, MembershipStatus.Active).Add(ghost, MembershipStatus.Active)));
        return (key, new GrainId(grainType, key));
    }

    private static int UnusedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
