using FraudActors.Runtime.Invocation;

namespace FraudActors.Runtime.Messaging;

/// <summary>
/// Turns a generated request into a message with a deadline and a pending call the caller awaits, and sends it to the
/// local activation or, in a cluster, to the silo that owns the grain by this silo's membership view.
/// </summary>
internal sealed class GrainCallInvoker(SiloRuntime runtime) : IGrainCallInvoker
{
    public ValueTask<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request)
    {
        var pending = runtime.Calls.Begin(target, request, runtime.Options.ResponseTimeout);
        var deadline = pending.DeadlineTimestamp;
        if (runtime.RemoteCalls is { } remote && remote.RemoteOwnerOf(target) is { } owner)
        {
            remote.Start(owner, target, request, deadline, pending, runtime.Dispatcher);
        }
        else
        {
            runtime.Dispatcher.Dispatch(new Message<TResult>(target, request, deadline, pending));
        }

        return new ValueTask<TResult>(pending.Task);
    }
}
