using FraudActors.Runtime.Tests.TestGrains;
using FraudActors.Testing;

namespace FraudActors.Runtime.Tests.Activation;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Graceful_shutdown_deactivates_every_grain_and_flushes_state()
    {
        using var directory = new TemporaryDirectory();
        var database = directory.File("node.db");
        var silo = await TestSilo.StartAsync(database);
        for (var i = 0; i < 20; i++)
        {
            await silo.Grains.GetGrain<IAccountGrain>($"acct-{i}").DepositLaterAsync(i + 1);
        }

        var probe = silo.Get<CounterProbe>();
        var runtime = silo.Runtime;
        await silo.Grains.GetGrain<ICounterGrain>("counter").PingAsync();
        await silo.DisposeAsync();

        Assert.Equal(1, probe.Deactivations);
        Assert.Equal(0, runtime.Directory.Count);

        await using var restarted = await TestSilo.StartAsync(database);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(i + 1, await restarted.Grains.GetGrain<IAccountGrain>($"acct-{i}").GetBalanceAsync());
        }
    }

    [Fact]
    public async Task Calls_after_shutdown_fail_as_unavailable()
    {
        using var directory = new TemporaryDirectory();
        var silo = await TestSilo.StartAsync(directory.File("node.db"));
        var grains = silo.Grains;
        await silo.StopAsync();

        await Assert.ThrowsAsync<FraudActors.Runtime.SiloUnavailableException>(() => grains.GetGrain<ICounterGrain>("late").PingAsync());
        await silo.DisposeAsync();
    }
}
