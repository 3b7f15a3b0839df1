using FraudActors.Runtime.Metadata;
using FraudActors.Runtime.Reminders;
using FraudActors.Runtime.Tests.Cluster;
using FraudActors.Runtime.Tests.TestGrains;
using FraudActors.Testing;

namespace FraudActors.Runtime.Tests.Reminders;

/// <summary>Reminders in a 3-silo cluster on PostgreSQL: only the grain's owner fires them, and a new owner takes over.</summary>
public sealed class ClusterReminderTests : IAsyncLifetime
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(300);

    private TestCluster? _cluster;

    private TestCluster Cluster => _cluster!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _cluster = await TestCluster.StartAsync(3, Ct, reminders: true);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private static int TicksOn(ClusterSilo silo, string key) => silo.Get<ReminderProbe>().TicksOf(key);

    [Fact]
    public async Task A_reminder_fires_only_on_the_owner_and_after_the_owner_stops_gracefully_on_the_new_owner()
    {
        var owner = Cluster.Silos[2];
        var key = Cluster.KeyOwnedBy<IReminderGrain>(owner, "reminded");
        var grainId = new GrainId(owner.Get<GrainInterfaceRegistry>().Get(typeof(IReminderGrain)).GrainType, key);

        // Registered through another silo: the call, and so the registration, runs on the owner.
        await Cluster.Silos[0].Grains.GetGrain<IReminderGrain>(key).RegisterAsync("r", Period, Period);

        await Eventually.HoldsAsync(() => TicksOn(owner, key) >= 3, "three ticks on the owner");
        Assert.Equal(0, TicksOn(Cluster.Silos[0], key));
        Assert.Equal(0, TicksOn(Cluster.Silos[1], key));
        Assert.True(owner.Get<ReminderService>().IsScheduled(grainId, "r"));
        Assert.False(Cluster.Silos[0].Get<ReminderService>().IsScheduled(grainId, "r"));
        Assert.False(Cluster.Silos[1].Get<ReminderService>().IsScheduled(grainId, "r"));

        await TestCluster.StopSiloAsync(owner);
        await Cluster.ConvergedAsync();
        var newOwner = Cluster.OwnerOf(grainId);
        var bystander = Cluster.Running.Single(s => s != newOwner);

        await Eventually.HoldsAsync(() => TicksOn(newOwner, key) >= 3, "three ticks on the new owner");
        Assert.Equal(0, TicksOn(bystander, key));
        Assert.False(bystander.Get<ReminderService>().IsScheduled(grainId, "r"));
        Assert.Equal(0, owner.Get<ReminderService>().ScheduledCount);
    }
}
