using FraudActors.Runtime.Activation;
using FraudActors.Runtime.Tests.TestGrains;
using FraudActors.Testing;

namespace FraudActors.Runtime.Tests.Activation;

public sealed class ActivationLifecycleTests : SiloTest
{
    private readonly ManualTimeProvider _time = new();

    protected override TimeProvider? Time => _time;

    protected override void Configure(RuntimeOptions options)
    {
        options.CollectionAge = TimeSpan.FromMinutes(10);
        options.CollectionQuantum = TimeSpan.FromMinutes(1);
    }

    [Fact]
    public async Task First_call_activates_the_grain_once()
    {
        var probe = Silo.Get<CounterProbe>();
        var grain = Grains.GetGrain<ICounterGrain>("first");
        Assert.Equal(0, probe.Activations);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => grain.RecordAsync(i).AsTask()));

        Assert.Equal(1, probe.Activations);
        Assert.Single(Silo.Runtime.Directory.All, a => a.GrainId.Key == "first");
    }

    [Fact]
    public async Task Idle_activation_is_collected_after_the_collection_age_and_calls_keep_it_alive()
    {
        var probe = Silo.Get<CounterProbe>();
        var grain = Grains.GetGrain<ICounterGrain>("idle");
        var first = await grain.GetActivationIdAsync();

        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(first, await grain.GetActivationIdAsync());  // a call at minute 6 resets its idle time
        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, probe.Deactivations);

        _time.Advance(TimeSpan.FromMinutes(2));  // 11 minutes idle
        await Eventually.HoldsAsync(() => Volatile.Read(ref probe.Deactivations) == 1, "the idle activation to deactivate");

        Assert.NotEqual(first, await grain.GetActivationIdAsync());
        Assert.Equal(2, probe.Activations);
    }

    [Fact]
    public async Task Timer_ticks_do_not_keep_a_grain_active()
    {
        var probe = Silo.Get<TickerProbe>();
        var ticker = Grains.GetGrain<ITickerGrain>("ticking");
        await ticker.StartAsync(TimeSpan.FromMinutes(1));
        var started = _time.GetTimestamp();

        // Move the clock in small steps while waiting, so a timer re-armed a moment late still comes due: a tick is
        // counted inside its callback, a little before its timer is armed again.
        await Eventually.HoldsAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            return Silo.Runtime.Directory.Count == 0;
        }, "the ticking but otherwise idle grain to be collected");

        var idle = _time.GetElapsedTime(started);
        Assert.InRange(idle, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(12));   // collection age 10 min, quantum 1 min
        Assert.InRange(probe.Ticks, 5, 11);                                          // it kept ticking until then
    }

    [Fact]
    public async Task Failed_activation_fails_the_call_and_a_later_call_activates_again()
    {
        var probe = Silo.Get<FlakyProbe>();
        var grain = Grains.GetGrain<IFlakyGrain>("flaky");

        var failure = await Assert.ThrowsAsync<GrainActivationException>(() => grain.GetAsync());
        Assert.Contains("activation refused by the test", failure.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(failure.InnerException);

        probe.FailActivation = false;
        Assert.Equal(7, await grain.GetAsync());
        Assert.Equal(2, probe.Attempts);
    }

    [Fact]
    public async Task Calls_arriving_during_deactivation_reach_a_new_activation()
    {
        var grain = Grains.GetGrain<ICounterGrain>("moving");
        var first = await grain.GetActivationIdAsync();

        await grain.DeactivateAsync();
        var afterwards = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => grain.GetActivationIdAsync()));

        Assert.All(afterwards, id => Assert.NotEqual(first, id));
        Assert.Single(afterwards.Distinct());
    }
}
