using System.Diagnostics;
using FraudActors.Runtime.Metadata;
using FraudActors.Runtime.Tests.Cluster.Transport;
using FraudActors.Runtime.Tests.TestGrains;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Runtime.Tests.Cluster.Client;

/// <summary>A cluster client: reads the view without joining, sends every call to the owner, runs nothing itself.</summary>
public sealed class ClusterClientTests(ThreeSiloFixture fixture) : IClassFixture<ThreeSiloFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Calls_from_a_client_run_on_each_grains_owner_and_the_client_hosts_nothing()
    {
        await using var client = await ClusterClientHost.StartAsync(Cluster.Database.ConnectionString);
        var grainType = Cluster.Silos[0].Get<GrainInterfaceRegistry>().Get(typeof(ICounterGrain)).GrainType;

        foreach (var owner in Cluster.Silos)
        {
            var key = Cluster.KeyOwnedBy<ICounterGrain>(owner, "client-call");
            Assert.Equal(1, await client.Grains.GetGrain<ICounterGrain>(key).RecordAsync(1));
            Assert.Equal(2, await Cluster.Silos[0].Grains.GetGrain<ICounterGrain>(key).RecordAsync(2));

            // One activation, on the owner: the client's call and a silo's call reached the same one.
            Assert.Same(owner, Assert.Single(Cluster.WhereActive(new GrainId(grainType, key))));
            Assert.Equal([1, 2], await client.Grains.GetGrain<ICounterGrain>(key).GetSequenceAsync());
        }

        // Not a silo: no runtime to activate grains in, not in anyone's view, and no row of its own in the table.
        Assert.Null(client.Host.Services.GetService<SiloRuntime>());
        Assert.DoesNotContain(client.Membership.LocalSilo, Cluster.Silos[0].Membership.Current.Members.Keys);
        Assert.Equal(Cluster.Silos[0].Membership.Current.ActiveSilos, client.Membership.Current.ActiveSilos);
    }

    [Fact]
    public async Task A_client_with_a_grain_registered_refuses_to_start()
    {
        await using var client = ClusterClientHost.Build(
            Cluster.Database.ConnectionString, configure: services => services.AddGrain<ICounterGrain, CounterGrain>());

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => client.Host.StartAsync(Ct));

        Assert.Contains(nameof(CounterGrain), refused.Message, StringComparison.Ordinal);
    }
}

/// <summary>A client through view changes: a silo leaving, and no silo at all.</summary>
public sealed class ClusterClientViewChangeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_the_owner_leaves_the_client_follows_the_new_view_to_the_new_owner()
    {
        await using var cluster = await TestCluster.StartAsync(2, Ct);
        await using var client = await ClusterClientHost.StartAsync(cluster.Database.ConnectionString);
        var leaving = cluster.Silos[1];
        var key = cluster.KeyOwnedBy<IAccountGrain>(leaving, "client-account");
        var grainId = new GrainId(leaving.Get<GrainInterfaceRegistry>().Get(typeof(IAccountGrain)).GrainType, key);
        await client.Grains.GetGrain<IAccountGrain>(key).DepositAsync(100);
        Assert.Same(leaving, Assert.Single(cluster.WhereActive(grainId)));

        await TestCluster.StopSiloAsync(leaving);
        await Eventually.HoldsAsync(
            () => client.Membership.Current.ActiveSilos.SequenceEqual([cluster.Silos[0].Address]),
            $"the client's view drops the stopped silo; it is {client.Membership.Current}");
        await client.Grains.GetGrain<IAccountGrain>(key).DepositAsync(1);

        Assert.Equal(101, await client.Grains.GetGrain<IAccountGrain>(key).GetBalanceAsync());
        Assert.Same(cluster.Silos[0], Assert.Single(cluster.WhereActive(grainId)));
    }

    [Fact]
    public async Task With_no_active_silo_a_call_fails_as_not_delivered_at_its_deadline_and_runs_nowhere()
    {
        await using var cluster = await TestCluster.StartAsync(1, Ct);
        // A cluster id with no silo in the same table: the table exists, the view is empty.
        await using var client = await ClusterClientHost.StartAsync(cluster.Database.ConnectionString, "nobody", TimeSpan.FromSeconds(1));
        var started = Stopwatch.GetTimestamp();

        var failure = await Assert.ThrowsAsync<SiloUnavailableException>(() => client.Grains.GetGrain<ICounterGrain>("unplaced").RecordAsync(1).AsTask());

        var elapsed = Stopwatch.GetElapsedTime(started);
        Assert.Contains("No silo is active", failure.Message, StringComparison.Ordinal);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Empty(client.Membership.Current.ActiveSilos);
        Assert.Equal(0, cluster.Silos[0].Get<SiloRuntime>().Directory.Count);
    }

    [Fact]
    public async Task A_call_made_before_any_silo_is_active_waits_for_one_within_its_deadline_and_runs_there()
    {
        await using var cluster = await TestCluster.StartAsync(0, Ct);
        await using var client = await ClusterClientHost.StartAsync(cluster.Database.ConnectionString);
        var call = client.Grains.GetGrain<ICounterGrain>("early").RecordAsync(1).AsTask();

        var silo = await cluster.StartSiloAsync(Ct);

        Assert.Equal(1, await call.WaitAsync(TestCluster.ResponseTimeout, Ct));
        var grainType = silo.Get<GrainInterfaceRegistry>().Get(typeof(ICounterGrain)).GrainType;
        Assert.Same(silo, Assert.Single(cluster.WhereActive(new GrainId(grainType, "early"))));
    }
}
