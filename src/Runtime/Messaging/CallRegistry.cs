using System.Collections.Concurrent;
using FraudActors.Runtime.Invocation;

namespace FraudActors.Runtime.Messaging;

/// <summary>
/// Calls in flight from this process, by id, so that a periodic sweep can fail the ones whose deadline passed
/// (the callee may still be running: delivery is at most once) and remote responses can find their caller.
/// One sweep timer for all calls costs far less than a timer per call.
/// </summary>
internal sealed class CallRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, IPendingCall> _calls = new();
    private readonly TimeProvider _time;
    private readonly ITimer _sweep;
    private long _nextId;

    public CallRegistry(TimeProvider time, TimeSpan sweepPeriod)
    {
        _time = time;
        _sweep = time.CreateTimer(static state => ((CallRegistry)state!).Sweep(), this, sweepPeriod, sweepPeriod);
    }

    public int Count => _calls.Count;

    public long NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>
    /// Registers a new call: its deadline is the method's <see cref="ResponseTimeoutAttribute"/> or
    /// <paramref name="defaultTimeout"/> from now, and it stops waiting when the request's token fires. Shared by a
    /// silo's invoker and a cluster client's, so both measure deadlines the same way.
    /// </summary>
    public PendingCall<TResult> Begin<TResult>(GrainId target, GrainRequest<TResult> request, TimeSpan defaultTimeout)
    {
        var timeout = request.Method.ResponseTimeout ?? defaultTimeout;
        var deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
        var id = NextId();
        var pending = new PendingCall<TResult>(this, id, deadline, timeout, target, request);
        Add(id, pending);
        if (request.CancellationToken.CanBeCanceled)
        {
            pending.CancelWith(request.CancellationToken);
        }

        return pending;
    }

    public void Add(long id, IPendingCall call) => _calls[id] = call;

    public void Remove(long id) => _calls.TryRemove(id, out _);

    public bool TryGet(long id, out IPendingCall? call) => _calls.TryGetValue(id, out call);

    /// <summary>Fails every call whose deadline has passed; runs on the sweep timer, and from tests.</summary>
    internal void Sweep()
    {
        var now = _time.GetTimestamp();
        foreach (var (_, call) in _calls)
        {
            if (call.DeadlineTimestamp <= now)
            {
                call.Expire();
            }
        }
    }

    public ValueTask DisposeAsync() => _sweep.DisposeAsync();
}
