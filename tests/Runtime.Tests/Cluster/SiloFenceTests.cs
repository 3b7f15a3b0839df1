using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Runtime.Metadata;
using FraudActors.Runtime.Tests.TestGrains;
using FraudActors.Testing;
using Microsoft.Extensions.Hosting;

namespace FraudActors.Runtime.Tests.Cluster;

/// <summary>
/// A silo paused until its peers declared it dead, then running on: its grains' activations are stale, their grains
/// live on the survivor, and whatever the stale activations write is refused by the fence and makes the silo step down.
/// </summary>
public sealed class SiloFenceTests : IAsyncLifetime
{
    private TestCluster? _cluster;

    private TestCluster Cluster => _cluster!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _cluster = await TestCluster.StartAsync(2, Ct);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_stale_activation_cannot_overwrite_the_state_its_grain_s_new_owner_wrote_and_its_silo_steps_down()
    {
        var (stale, survivor, key) = await StaleActivationAsync();
        var moved = survivor.Grains.GetGrain<IAccountGrain>(key);
        await moved.DepositAsync(10);
        Assert.Equal(110, await moved.GetBalanceAsync());

        // Its silo's view still makes it the owner, so the call runs on the stale activation, which writes.
        await Assert.ThrowsAsync<SiloFencedException>(() => stale.Grains.GetGrain<IAccountGrain>(key).DepositAsync(1000));

        Assert.Equal(110, await moved.GetBalanceAsync());
        Assert.Equal("2", await moved.GetEtagAsync());
        AssertSteppedDownOnTheRefusal(stale);
    }

    [Fact]
    public async Task A_stale_activation_writing_before_the_new_owner_is_refused_though_its_version_still_matches()
    {
        var (stale, survivor, key) = await StaleActivationAsync();

        // No write on the survivor yet: the version the stale activation holds is still the stored one.
        await Assert.ThrowsAsync<SiloFencedException>(() => stale.Grains.GetGrain<IAccountGrain>(key).DepositAsync(1000));
        AssertSteppedDownOnTheRefusal(stale);

        var moved = survivor.Grains.GetGrain<IAccountGrain>(key);
        await moved.DepositAsync(10);
        Assert.Equal(110, await moved.GetBalanceAsync());
        Assert.Equal("2", await moved.GetEtagAsync());
    }

    /// <summary>
    /// An account of 100 on the first silo, then that silo's membership paused until the second has declared it dead:
    /// the account's activation stays on the paused silo, which has not noticed.
    /// </summary>
    private async Task<(ClusterSilo Stale, ClusterSilo Survivor, string Key)> StaleActivationAsync()
    {
        var stale = Cluster.Silos[0];
        var survivor = Cluster.Silos[1];
        var key = Cluster.KeyOwnedBy<IAccountGrain>(stale, "fenced");
        var grainId = new GrainId(stale.Get<GrainInterfaceRegistry>().Get(typeof(IAccountGrain)).GrainType, key);
        await stale.Grains.GetGrain<IAccountGrain>(key).DepositAsync(100);

        stale.Table.Pause();
        await Eventually.HoldsAsync(
            () => survivor.Membership.Current.Members.TryGetValue(stale.Address, out var status) && status == MembershipStatus.Dead,
            "the survivor declares the paused silo dead");

        Assert.False(stale.Membership.SteppedDown.IsCancellationRequested);
        Assert.True(stale.Membership.Current.IsActive(stale.Address));
        Assert.Same(stale, Assert.Single(Cluster.WhereActive(grainId)));
        return (stale, survivor, key);
    }

    private static void AssertSteppedDownOnTheRefusal(ClusterSilo stale)
    {
        // Its table is still paused: no heartbeat or refresh can have told it; the refused write did, before it returned.
        Assert.True(stale.Membership.SteppedDown.IsCancellationRequested);
        Assert.True(stale.Get<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        Assert.Equal(1, stale.Log.Count(204));
    }
}
