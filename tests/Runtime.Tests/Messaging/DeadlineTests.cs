using FraudActors.Runtime.Tests.TestGrains;
using FraudActors.Testing;

namespace FraudActors.Runtime.Tests.Messaging;

public sealed class DeadlineTests : SiloTest
{
    private readonly ManualTimeProvider _time = new();

    protected override TimeProvider? Time => _time;

    protected override void Configure(RuntimeOptions options) => options.ResponseTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_call_past_its_declared_deadline_fails_with_TimeoutException()
    {
        var grain = Grains.GetGrain<ICounterGrain>("slow");
        var call = grain.WaitShortAsync();   // [ResponseTimeout(500)]

        // Move time only once the call runs: under load the turn may start late, and a call whose deadline passes
        // while it still waits in the queue fails there instead ("expired in the queue"), which another test covers.
        await Silo.Get<CounterProbe>().ShortWaitStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(200));

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains("WaitShortAsync", timeout.Message, StringComparison.Ordinal);
        Assert.Contains("500 ms", timeout.Message, StringComparison.Ordinal);
        Silo.Get<CounterProbe>().Gate.TrySetResult();
    }

    [Fact]
    public async Task A_call_that_expired_in_the_queue_is_dropped_without_running()
    {
        var grain = Grains.GetGrain<ICounterGrain>("queue");
        var blocked = grain.WaitForeverAsync(CancellationToken.None);
        var queued = grain.RecordAsync(1).AsTask();

        _time.Advance(TimeSpan.FromSeconds(6));   // the default deadline is 5 s here
        await Assert.ThrowsAsync<TimeoutException>(() => queued);
        await Assert.ThrowsAsync<TimeoutException>(() => blocked);

        Silo.Get<CounterProbe>().Gate.TrySetResult();
        Assert.Empty(await grain.GetSequenceAsync());
    }

    [Fact]
    public async Task Exceptions_thrown_by_a_grain_reach_the_caller_with_type_and_message()
    {
        var failure = await Assert.ThrowsAsync<ArgumentException>(() => Grains.GetGrain<ICounterGrain>("thrower").FailAsync("bad amount"));

        Assert.StartsWith("bad amount", failure.Message, StringComparison.Ordinal);
        Assert.Equal("message", failure.ParamName);
        Assert.Equal(42, await Grains.GetGrain<ICounterGrain>("thrower").PingAsync());  // the activation survives
    }

    [Fact]
    public async Task Caller_cancellation_stops_the_wait_and_reaches_the_grain()
    {
        using var cancellation = new CancellationTokenSource();
        var call = Grains.GetGrain<ICounterGrain>("cancelled").WaitForeverAsync(cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(42, await Grains.GetGrain<ICounterGrain>("cancelled").PingAsync());
        Assert.Equal(1, await Grains.GetGrain<ICounterGrain>("cancelled").RecordAsync(1));  // its turn ended: the grain saw the token
    }

    [Fact]
    public void Empty_keys_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Grains.GetGrain<ICounterGrain>(""));
    }
}
