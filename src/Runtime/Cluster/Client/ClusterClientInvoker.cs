using FraudActors.Runtime.Cluster.Routing;
using FraudActors.Runtime.Invocation;
using FraudActors.Runtime.Messaging;
using Microsoft.Extensions.Options;

namespace FraudActors.Runtime.Cluster.Client;

/// <summary>
/// The invoker of a cluster client: every call goes to the silo that owns the grain by the client's view, with the
/// silos' own delivery rules (<see cref="RemoteGrainCaller"/>). There is no dispatcher to fall back on, so a call made
/// while no silo is active waits for one within its deadline and otherwise fails as not delivered.
/// </summary>
internal sealed class ClusterClientInvoker(CallRegistry calls, RemoteGrainCaller remote, IOptions<RuntimeOptions> options) : IGrainCallInvoker
{
    private readonly TimeSpan _defaultTimeout = options.Value.ResponseTimeout;

    public ValueTask<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request)
    {
        var pending = calls.Begin(target, request, _defaultTimeout);
        remote.Start(remote.RemoteOwnerOf(target), target, request, pending.DeadlineTimestamp, pending, dispatcher: null);
        return new ValueTask<TResult>(pending.Task);
    }
}
