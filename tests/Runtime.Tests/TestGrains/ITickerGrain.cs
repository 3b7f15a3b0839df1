using FraudActors.Runtime;

namespace FraudActors.Runtime.Tests.TestGrains;

/// <summary>A grain with a timer.</summary>
public interface ITickerGrain : IGrainWithStringKey
{
    Task StartAsync(TimeSpan period);

    Task<int> GetTicksAsync();

    Task<int> GetMaxOverlapAsync();

    Task StopAsync();
}

/// <summary>Shared release gate so a test can hold a tick open.</summary>
public sealed class TickerProbe
{
    public TaskCompletionSource Gate { get; set; } = CompletedGate();
    public int Ticks;

    public static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }
}

public sealed class TickerGrain(TickerProbe probe) : Grain, ITickerGrain
{
    private FraudActors.Runtime.Timers.IGrainTimer? _timer;
    private int _inTick;
    private int _maxOverlap;

    public Task StartAsync(TimeSpan period)
    {
        _timer = RegisterGrainTimer(async _ =>
        {
            var now = Interlocked.Increment(ref _inTick);
            _maxOverlap = Math.Max(_maxOverlap, now);
            await probe.Gate.Task;
            Interlocked.Increment(ref probe.Ticks);
            Interlocked.Decrement(ref _inTick);
        }, period, period);
        return Task.CompletedTask;
    }

    public Task<int> GetTicksAsync() => Task.FromResult(Volatile.Read(ref probe.Ticks));

    public Task<int> GetMaxOverlapAsync() => Task.FromResult(_maxOverlap);

    public Task StopAsync()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }
}
