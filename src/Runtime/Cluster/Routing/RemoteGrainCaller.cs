using System.Buffers;
using FraudActors.Runtime.Cluster.Transport;
using FraudActors.Runtime.Invocation;
using FraudActors.Runtime.Messaging;
using FraudActors.Runtime.Serialization;
using Microsoft.Extensions.Logging;

namespace FraudActors.Runtime.Cluster.Routing;

/// <summary>
/// The caller's side of a call to a grain owned by another silo: writes the envelope and arguments, sends them to the
/// owner, and completes the caller's pending call with the response, the exception, a timeout or a retryable error.
/// </summary>
/// <remarks>
/// Delivery is at most once. A call is sent again only when it is known not to have run anywhere (the connection
/// could not be made, or the receiver answered "not run"), and only to the owner by the newest view, within the
/// call's deadline; anything else that goes wrong after sending leaves the outcome unknown and surfaces as a
/// <see cref="SiloUnavailableException"/>, which idempotent callers may retry.
/// </remarks>
internal sealed class RemoteGrainCaller(
    GrainRouter router,
    SiloTransportClient client,
    WireSerializer serializer,
    TimeProvider time,
    TransportInstruments instruments,
    ILogger<RemoteGrainCaller> logger)
{
    // A "not run" usually means a view is stale somewhere; views refresh every second or so. Back off from a quick
    // first retry to a few per second, so a call keeps trying until its deadline without hammering a leaving silo.
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>The silo a call to <paramref name="target"/> goes to, or null when it runs in this silo.</summary>
    public SiloAddress? RemoteOwnerOf(GrainId target) => router.RemoteOwnerOf(target);

    /// <summary>
    /// Sends the call in the background; <paramref name="pending"/> is completed exactly as a local call's would be.
    /// In a silo, falls back to <paramref name="dispatcher"/> if, on a retry, the newest view makes this silo the owner.
    /// </summary>
    /// <param name="owner">
    /// The owner by the caller's view; null only from a cluster client whose view has no active silo yet, in which case
    /// the call waits for a view that names an owner, within its deadline.
    /// </param>
    /// <param name="target">The grain.</param>
    /// <param name="request">The call.</param>
    /// <param name="deadlineTimestamp">The call's deadline as a <see cref="TimeProvider.GetTimestamp"/> value.</param>
    /// <param name="pending">The caller's side of the call.</param>
    /// <param name="dispatcher">This silo's dispatcher; null in a cluster client, which runs no grain.</param>
    public void Start<TResult>(
        SiloAddress? owner, GrainId target, GrainRequest<TResult> request, long deadlineTimestamp, PendingCall<TResult> pending, MessageDispatcher? dispatcher)
    {
        byte[] arguments;
        try
        {
            var buffer = new ArrayBufferWriter<byte>();
            serializer.WriteArguments(request, buffer);
            arguments = buffer.WrittenSpan.ToArray();
        }
        catch (Exception exception)
        {
            // An argument no codec can write (say, a derived type where only the declared one crosses): it can only
            // fail, and nothing was sent.
            pending.Fail(exception);
            return;
        }

        if (TaskScheduler.Current == TaskScheduler.Default)
        {
            _ = CallAsync(owner, target, request, arguments, deadlineTimestamp, pending, dispatcher);
        }
        else
        {
            // Called from a grain's turn: the HTTP stack's synchronous first steps (connection set-up, starting its
            // frame loops) must not run on, or capture, the activation's one-at-a-time scheduler.
            _ = Task.Run(() => CallAsync(owner, target, request, arguments, deadlineTimestamp, pending, dispatcher));
        }
    }

    private async Task CallAsync<TResult>(
        SiloAddress? owner,
        GrainId target,
        GrainRequest<TResult> request,
        byte[] arguments,
        long deadlineTimestamp,
        PendingCall<TResult> pending,
        MessageDispatcher? dispatcher)
    {
        var started = time.GetTimestamp();
        var remaining = Remaining(deadlineTimestamp);
        using var deadline = new CancellationTokenSource(remaining, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, request.CancellationToken);
        var retryDelay = FirstRetryDelay;
        while (true)
        {
            if (owner is null)
            {
                // A cluster client that sees no active silo: nothing was sent, so if the deadline passes like this the
                // caller learns the call ran nowhere (retryable), while a view naming an owner lets it go on.
                pending.NotDelivered ??= new SiloUnavailableException("No silo is active in this client's membership view.");
            }
            else
            {
                try
                {
                    // From here on it may run: a deadline passing now is a timeout, not a failure to deliver.
                    pending.NotDelivered = null;
                    var envelope = new CallEnvelope(
                        pending.Id, router.LocalSilo.ToString(), target, request.Method.MethodId, request.Method.MethodName,
                        Remaining(deadlineTimestamp), ForwardCount: 0);
                    var responseBody = await client.SendAsync(owner, Body(envelope, arguments), linked.Token).ConfigureAwait(false);
                    var response = serializer.ReadResponse<TResult>(new ReadOnlySequence<byte>(responseBody));
                    if (response.Succeeded)
                    {
                        pending.Complete(response.Result);
                    }
                    else
                    {
                        pending.Fail(response.Failure);
                    }

                    instruments.CallEnded(response.Succeeded ? "ok" : "error", time.GetElapsedTime(started));
                    return;
                }
                catch (CallNotDeliveredException exception)
                {
                    pending.NotDelivered = exception;
                    instruments.NotDelivered();
                    logger.NotDelivered(target, request.Method.MethodName, owner, exception.Message);
                }
                catch (OperationCanceledException) when (linked.IsCancellationRequested)
                {
                    Ended(pending, deadline.IsCancellationRequested, started);
                    return;
                }
                catch (Exception exception)
                {
                    // Sent, then lost (the connection broke, the response was unreadable): it may have run.
                    pending.Fail(exception as SiloUnavailableException
                        ?? new SiloUnavailableException($"{request} on {target} at silo {owner} failed after it may have run: {exception.Message}", exception));
                    instruments.CallEnded("unavailable", time.GetElapsedTime(started));
                    return;
                }
            }

            // Known not to have run (or, in a client, not sent for want of a silo): find the owner by the newest view;
            // if it is still the same silo (or still none), give the views time to move before trying again.
            var next = router.RemoteOwnerOf(target);
            if (next == owner)
            {
                try
                {
                    await Task.Delay(retryDelay, time, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Ended(pending, deadline.IsCancellationRequested, started);
                    return;
                }

                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
                next = router.RemoteOwnerOf(target);
            }

            if (next is null && dispatcher is not null)
            {
                // This silo owns it now: run it here, with the same deadline and the same pending call.
                pending.NotDelivered = null;
                dispatcher.Dispatch(new Message<TResult>(target, request, deadlineTimestamp, pending));
                return;
            }

            if (Remaining(deadlineTimestamp) < FirstRetryDelay)
            {
                // Too close to the deadline for another attempt to be worth its risk: one that is still connecting when
                // the deadline passes would turn "certainly not delivered" into "unknown". Let the deadline report it.
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, time, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Ended(pending, deadline.IsCancellationRequested, started);
                    return;
                }
            }

            owner = next;
        }
    }

    /// <summary>The caller's deadline or cancellation ended the call while it was being sent or retried.</summary>
    private void Ended<TResult>(PendingCall<TResult> pending, bool deadlinePassed, long started)
    {
        // On the caller's own token the pending call was cancelled by its registration already. On the deadline,
        // expiry says "timed out" if the last attempt may have run, "not delivered" (retryable) if it certainly did not.
        if (deadlinePassed)
        {
            pending.Expire();
        }

        var outcome = !deadlinePassed ? "cancelled" : pending.NotDelivered is null ? "timeout" : "unavailable";
        instruments.CallEnded(outcome, time.GetElapsedTime(started));
    }

    private TimeSpan Remaining(long deadlineTimestamp)
    {
        var remaining = time.GetElapsedTime(time.GetTimestamp(), deadlineTimestamp);
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary>The request body: the envelope, then the arguments as the caller wrote them.</summary>
    internal static ReadOnlyMemory<byte> Body(CallEnvelope envelope, ReadOnlySpan<byte> arguments)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + arguments.Length);
        envelope.Write(buffer);
        buffer.Write(arguments);
        return buffer.WrittenMemory;
    }
}
