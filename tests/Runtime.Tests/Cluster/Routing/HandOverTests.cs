using FraudActors.Runtime.Metadata;
using FraudActors.Runtime.Tests.TestGrains;
using FraudActors.Testing;

namespace FraudActors.Runtime.Tests.Cluster.Routing;

/// <summary>A silo leaving gracefully: its grains move to their new owners through persisted state, and callers do not notice.</summary>
public sealed class HandOverTests : IAsyncLifetime
{
    private TestCluster? _cluster;

    private TestCluster Cluster => _cluster!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _cluster = await TestCluster.StartAsync(3, Ct);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task After_a_silo_stops_gracefully_its_grains_reactivate_on_the_new_owner_and_calls_keep_succeeding()
    {
        var leaving = Cluster.Silos[2];
        var key = Cluster.KeyOwnedBy<IAccountGrain>(leaving, "account");
        var grainId = new GrainId(leaving.Get<GrainInterfaceRegistry>().Get(typeof(IAccountGrain)).GrainType, key);
        var caller = Cluster.Silos[0];
        var account = caller.Grains.GetGrain<IAccountGrain>(key);
        await account.DepositAsync(100);
        await Cluster.Silos[1].Grains.GetGrain<IAccountGrain>(key).DepositAsync(100);
        Assert.Same(leaving, Assert.Single(Cluster.WhereActive(grainId)));

        // One deposit after another from a silo whose view still names the leaving silo at first: each must succeed,
        // through the leaving silo, its forwarding, and the new owner once views agree.
        using var stopDepositing = new CancellationTokenSource();
        var deposits = 0;
        var depositing = Task.Run(
            async () =>
            {
                while (!stopDepositing.IsCancellationRequested)
                {
                    await account.DepositAsync(1);
                    deposits++;
                }
            },
            Ct);
        await Eventually.HoldsAsync(() => depositing.IsCompleted || Volatile.Read(ref deposits) >= 5, "deposits flow before the stop");
        if (depositing.IsCompleted)
        {
            await depositing;   // surfaces the failed deposit
        }


        await TestCluster.StopSiloAsync(leaving);
        await Cluster.ConvergedAsync();
        var afterStop = Volatile.Read(ref deposits);
        await Eventually.HoldsAsync(() => depositing.IsCompleted || Volatile.Read(ref deposits) >= afterStop + 5, "deposits flow after the stop");
        await stopDepositing.CancelAsync();
        await depositing;

        Assert.Equal(200 + deposits, await Cluster.Silos[1].Grains.GetGrain<IAccountGrain>(key).GetBalanceAsync());
        var newOwner = Cluster.OwnerOf(grainId);
        Assert.NotSame(leaving, newOwner);
        Assert.Same(newOwner, Assert.Single(Cluster.WhereActive(grainId)));
        Assert.Equal(0, leaving.Get<SiloRuntime>().Directory.Count);
    }

    [Fact]
    public async Task When_a_silo_joins_the_grains_it_takes_over_leave_their_old_silo_and_no_other_grain_moves()
    {
        var caller = Cluster.Silos[0];
        var grainType = caller.Get<GrainInterfaceRegistry>().Get(typeof(ICounterGrain)).GrainType;
        var ids = Enumerable.Range(0, 60).Select(i => new GrainId(grainType, $"spread-{i}")).ToArray();
        foreach (var id in ids)
        {
            await caller.Grains.GetGrain<ICounterGrain>(id.Key).PingAsync();
        }

        var before = ids.ToDictionary(id => id, id => Assert.Single(Cluster.WhereActive(id)));

        var joining = await Cluster.StartSiloAsync(Ct);
        await Cluster.ConvergedAsync();
        var moved = ids.Where(id => Cluster.OwnerOf(id) == joining).ToArray();
        var stayed = ids.Except(moved).ToArray();
        Assert.NotEmpty(moved);

        await Eventually.HoldsAsync(() => moved.All(id => Cluster.WhereActive(id).Length == 0), "the old activations of the moved grains are gone");
        Assert.All(stayed, id => Assert.Same(before[id], Assert.Single(Cluster.WhereActive(id))));
        foreach (var id in moved)
        {
            await caller.Grains.GetGrain<ICounterGrain>(id.Key).PingAsync();
            Assert.Same(joining, Assert.Single(Cluster.WhereActive(id)));
        }
    }

    [Fact]
    public async Task A_grain_owned_by_a_stopped_silo_reactivates_from_its_state_when_next_called()
    {
        var leaving = Cluster.Silos[1];
        var key = Cluster.KeyOwnedBy<IAccountGrain>(leaving, "parked");
        var caller = Cluster.Silos[0];
        await caller.Grains.GetGrain<IAccountGrain>(key).DepositAsync(7);

        await TestCluster.StopSiloAsync(leaving);
        await Cluster.ConvergedAsync();

        Assert.Equal(7, await caller.Grains.GetGrain<IAccountGrain>(key).GetBalanceAsync());
        Assert.Equal(7, await Cluster.Silos[2].Grains.GetGrain<IAccountGrain>(key).GetBalanceAsync());
    }
}
