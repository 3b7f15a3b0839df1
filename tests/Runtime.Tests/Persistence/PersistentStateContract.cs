using System.Text;
using FraudActors.Runtime.Persistence;
using FraudActors.Runtime.Tests.TestGrains;
using FraudActors.Testing;

namespace FraudActors.Runtime.Tests.Persistence;

/// <summary>Grain-level persistence, run on a silo over each storage provider.</summary>
public abstract class PersistentStateContract : SiloTest
{
    [Fact]
    public async Task State_survives_deactivation()
    {
        var account = Grains.GetGrain<IAccountGrain>("survivor");
        await account.DepositAsync(150);
        await account.DepositAsync(25);

        var activation = Assert.Single(Silo.Runtime.Directory.All, a => a.GrainId.Key == "survivor");
        activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "test"));
        await activation.Deactivated;

        Assert.Equal(175, await account.GetBalanceAsync());
        Assert.Equal("2", await account.GetEtagAsync());
    }

    [Fact]
    public async Task A_stale_etag_write_is_rejected_and_the_activation_steps_down()
    {
        var account = Grains.GetGrain<IAccountGrain>("contested");
        await account.DepositAsync(100);
        var storage = Silo.Get<IGrainStorage>();

        // Another activation (say, on a silo that took the grain over) writes a newer version behind our back.
        var id = new GrainId("account", "contested");
        await storage.WriteAsync(id, "account", Encoding.UTF8.GetBytes("""{"balanceCents":1000}"""), "1", TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<InconsistentStateException>(() => account.DepositAsync(5));

        // The stale activation stepped down; the next call sees the newer state, not the stale +5.
        await Eventually.HoldsAsync(async () => await account.GetBalanceAsync() == 1000, "a fresh activation with the newer state");
        Assert.Equal("2", await account.GetEtagAsync());
    }
}
