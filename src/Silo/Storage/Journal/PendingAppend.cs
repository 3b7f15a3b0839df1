using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;
using FraudActors.Grains.Decisions;

namespace FraudActors.Silo.Storage.Journal;

/// <summary>
/// One append waiting for its batch to be durable, and the source of the <see cref="ValueTask{TResult}"/> its caller
/// awaits. Pooled: an append on the hot path allocates neither a Task nor a completion source. Continuations always
/// run asynchronously, so the caller's code never runs on the writer thread.
/// </summary>
internal sealed class PendingAppend : IValueTaskSource<AppendOutcome>
{
    private const int MaxPooled = 4096;
    private static readonly ConcurrentQueue<PendingAppend> Pool = new();
    private static int _pooled;

    private ManualResetValueTaskSourceCore<AppendOutcome> _core = new() { RunContinuationsAsynchronously = true };

    private PendingAppend()
    {
    }

    /// <summary>The encoded decision to write.</summary>
    public TailEntry Entry { get; private set; } = null!;

    /// <summary>The caller's token: an append cancelled before its batch is written is dropped, not written.</summary>
    public CancellationToken CancellationToken { get; private set; }

    /// <summary>What the caller awaits.</summary>
    public ValueTask<AppendOutcome> Task => new(this, _core.Version);

    public static PendingAppend Rent(TailEntry entry, CancellationToken cancellationToken)
    {
        if (Pool.TryDequeue(out var pending))
        {
            Interlocked.Decrement(ref _pooled);
        }
        else
        {
            pending = new PendingAppend();
        }

        pending.Entry = entry;
        pending.CancellationToken = cancellationToken;
        return pending;
    }

    /// <summary>Completes the append. The writer must not touch this object afterwards: it may already be reused.</summary>
    public void Complete(AppendOutcome outcome) => _core.SetResult(outcome);

    /// <summary>Fails the append. The writer must not touch this object afterwards: it may already be reused.</summary>
    public void Fail(Exception exception) => _core.SetException(exception);

    /// <summary>Returns an append that was never handed to a caller.</summary>
    public void Abandon() => Return();

    AppendOutcome IValueTaskSource<AppendOutcome>.GetResult(short token)
    {
        // Only the awaiter holding the current version recycles this object; a stale token just throws.
        var current = token == _core.Version;
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            if (current)
            {
                Return();
            }
        }
    }

    ValueTaskSourceStatus IValueTaskSource<AppendOutcome>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<AppendOutcome>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void Return()
    {
        Entry = null!;
        CancellationToken = default;
        _core.Reset();
        if (Interlocked.Increment(ref _pooled) <= MaxPooled)
        {
            Pool.Enqueue(this);
        }
        else
        {
            Interlocked.Decrement(ref _pooled);
        }
    }
}
