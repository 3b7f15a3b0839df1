namespace FraudActors.Runtime.Tests.TestGrains;

/// <summary>Activation probes shared by all counter grains of one test, by key.</summary>
public sealed class CounterProbe
{
    public int Activations;
    public int Deactivations;
    public TaskCompletionSource Gate { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when WaitShortAsync's turn has started, so a test moves time only once the call is running.</summary>
    public TaskCompletionSource ShortWaitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public int ReadOnlyConcurrency;
    public int MaxReadOnlyConcurrency;
}

public sealed class CounterGrain(CounterProbe probe) : Grain, ICounterGrain
{
    private readonly List<int> _sequence = [];
    private readonly string _activationId = Guid.NewGuid().ToString("N");
    private int _concurrent;
    private int _maxConcurrent;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref probe.Activations);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref probe.Deactivations);
        return Task.CompletedTask;
    }

    public async ValueTask<int> RecordAsync(int sequence)
    {
        var now = Interlocked.Increment(ref _concurrent);
        _maxConcurrent = Math.Max(_maxConcurrent, now);

        // An await point in the middle of the turn: another call running now would show as overlap.
        await Task.Yield();
        _sequence.Add(sequence);
        Interlocked.Decrement(ref _concurrent);
        return _sequence.Count;
    }

    public Task<IReadOnlyList<int>> GetSequenceAsync() => Task.FromResult<IReadOnlyList<int>>(_sequence.ToArray());

    public Task<int> GetMaxConcurrencyAsync() => Task.FromResult(_maxConcurrent);

    public Task<string> GetActivationIdAsync() => Task.FromResult(_activationId);

    public Task<int> GetActivationCountAsync() => Task.FromResult(Volatile.Read(ref probe.Activations));

    public Task FailAsync(string message) => throw new ArgumentException(message, nameof(message));

    public async Task<int> WaitForeverAsync(CancellationToken cancellationToken)
    {
        await probe.Gate.Task.WaitAsync(cancellationToken);
        return 1;
    }

    public async Task<int> WaitShortAsync()
    {
        probe.ShortWaitStarted.TrySetResult();
        await probe.Gate.Task;
        return 2;
    }

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task<int> ReadSlowlyAsync(int id)
    {
        var now = Interlocked.Increment(ref probe.ReadOnlyConcurrency);
        InterlockedMax(ref probe.MaxReadOnlyConcurrency, now);
        await probe.Gate.Task;
        Interlocked.Decrement(ref probe.ReadOnlyConcurrency);
        return id;
    }

    public Task<int> PingAsync() => Task.FromResult(42);

    public Task ReleaseAsync()
    {
        probe.Gate.TrySetResult();
        return Task.CompletedTask;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
