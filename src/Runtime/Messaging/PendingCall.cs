using FraudActors.Runtime.Invocation;

namespace FraudActors.Runtime.Messaging;

/// <summary>
/// The caller's side of a call: a task completed by the response or failed by the deadline, whichever comes
/// first. Continuations run asynchronously so a callee never runs its caller's code on its own turn.
/// </summary>
internal sealed class PendingCall<TResult> : TaskCompletionSource<TResult>, IResponseSink<TResult>, IPendingCall
{
    private readonly CallRegistry _registry;
    private readonly GrainId _target;
    private readonly GrainRequest _request;
    private CancellationTokenRegistration _cancellation;
    private volatile Exception? _notDelivered;

    public PendingCall(CallRegistry registry, long id, long deadlineTimestamp, TimeSpan timeout, GrainId target, GrainRequest request)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        _registry = registry;
        Id = id;
        DeadlineTimestamp = deadlineTimestamp;
        Timeout = timeout;
        _target = target;
        _request = request;
    }

    public long Id { get; }

    public long DeadlineTimestamp { get; }

    public TimeSpan Timeout { get; }

    /// <summary>
    /// Why the call, sent to another silo, is known not to have run anywhere yet; null while it may have run (or is
    /// local). Set between attempts of a remote call, so that a deadline passing then reports a retryable
    /// <see cref="SiloUnavailableException"/> (nothing ran: retrying is safe) rather than a timeout, whichever of the
    /// sweep and the sender notices the deadline first.
    /// </summary>
    public Exception? NotDelivered
    {
        get => _notDelivered;
        set => _notDelivered = value;
    }

    /// <summary>Stops waiting when the caller's token fires (the callee may still run the call).</summary>
    public void CancelWith(CancellationToken token) =>
        _cancellation = token.UnsafeRegister(static (state, token) => ((PendingCall<TResult>)state!).Cancel(token), this);

    public void Complete(TResult result)
    {
        if (TrySetResult(result))
        {
            Done();
        }
    }

    public void Fail(Exception exception)
    {
        if (TrySetException(exception))
        {
            Done();
        }
    }

    public void Expire() =>
        Fail(_notDelivered is { } reason
            ? (Exception)new SiloUnavailableException(
                $"{_request} on {_target} could not be delivered to the grain's owner within its deadline of {Timeout.TotalMilliseconds:0} ms: {reason.Message}", reason)
            : new TimeoutException($"{_request} on {_target} did not answer within its deadline of {Timeout.TotalMilliseconds:0} ms."));

    private void Cancel(CancellationToken token)
    {
        if (TrySetCanceled(token))
        {
            Done();
        }
    }

    private void Done()
    {
        _registry.Remove(Id);
        _cancellation.Dispose();
    }
}

/// <summary>What the deadline sweep needs of a call in flight.</summary>
internal interface IPendingCall
{
    long DeadlineTimestamp { get; }

    void Expire();
}
