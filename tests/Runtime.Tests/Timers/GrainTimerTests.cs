using FraudActors.Runtime.Tests.TestGrains;
using FraudActors.Testing;

namespace FraudActors.Runtime.Tests.Timers;

public sealed class GrainTimerTests : SiloTest
{
    private readonly ManualTimeProvider _time = new();

    protected override TimeProvider? Time => _time;

    [Fact]
    public async Task Ticks_run_as_turns_and_never_overlap()
    {
        var probe = Silo.Get<TickerProbe>();
        probe.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ticker = Grains.GetGrain<ITickerGrain>("t");
        await ticker.StartAsync(TimeSpan.FromSeconds(1));

        _time.Advance(TimeSpan.FromSeconds(1));       // first tick starts and blocks
        var call = ticker.GetTicksAsync();            // an ordinary call queues behind the running tick
        _time.Advance(TimeSpan.FromSeconds(10));      // no second tick: the next one is armed only after the first ends
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(call.IsCompleted, "a call ran while a timer tick was still running");

        probe.Gate.TrySetResult();
        Assert.Equal(1, await call);

        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(() => Volatile.Read(ref probe.Ticks) == 2, "the second tick");
        Assert.Equal(1, await ticker.GetMaxOverlapAsync());
    }

    [Fact]
    public async Task A_disposed_timer_stops_ticking()
    {
        var probe = Silo.Get<TickerProbe>();
        var ticker = Grains.GetGrain<ITickerGrain>("stopped");
        await ticker.StartAsync(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(() => Volatile.Read(ref probe.Ticks) == 1, "the first tick");

        await ticker.StopAsync();
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(1, await ticker.GetTicksAsync());
    }
}
