using System.Buffers;
using System.Collections.Concurrent;
using FraudActors.Runtime.Invocation;
using FraudActors.Runtime.Messaging;
using FraudActors.Runtime.Serialization;

namespace FraudActors.Runtime.Cluster.Transport;

/// <summary>
/// Runs a call received from another silo on the local activation and writes its response. A request read from the
/// wire is only a <see cref="GrainRequest"/>; this bridges to the result type the local message and the serialiser
/// need, with one instance per request type made once by reflection.
/// </summary>
internal abstract class IncomingCall
{
    private static readonly ConcurrentDictionary<Type, IncomingCall> ByRequestType = new();

    /// <summary>The bridge for <paramref name="request"/>'s result type.</summary>
    public static IncomingCall For(GrainRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ByRequestType.GetOrAdd(request.GetType(), static type =>
        {
            for (var t = type; t is not null; t = t.BaseType)
            {
                if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(GrainRequest<>))
                {
                    return (IncomingCall)Activator.CreateInstance(typeof(IncomingCall<>).MakeGenericType(t.GetGenericArguments()[0]))!;
                }
            }

            throw new InvalidOperationException($"{type} does not derive from GrainRequest<TResult>.");
        });
    }

    /// <summary>
    /// Dispatches the call to the local activation and returns the response body: the result, or the exception the
    /// call failed with (a <see cref="TimeoutException"/> when the deadline passes first); null when the call was
    /// refused before any grain code ran (see <see cref="NotRun"/>), so the caller may send it to a new owner.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="aborted"/> fired: the caller is gone, nobody reads a response.</exception>
    public abstract Task<ArrayBufferWriter<byte>?> RunAsync(
        SiloRuntime runtime, WireSerializer serializer, GrainId target, GrainRequest request, long deadlineTimestamp, CancellationToken aborted);
}

/// <inheritdoc />
internal sealed class IncomingCall<TResult> : IncomingCall
{
    public override async Task<ArrayBufferWriter<byte>?> RunAsync(
        SiloRuntime runtime, WireSerializer serializer, GrainId target, GrainRequest request, long deadlineTimestamp, CancellationToken aborted)
    {
        var sink = new Sink();
        runtime.Dispatcher.Dispatch(new Message<TResult>(target, (GrainRequest<TResult>)request, deadlineTimestamp, sink));

        var time = runtime.TimeProvider;
        var remaining = time.GetElapsedTime(time.GetTimestamp(), deadlineTimestamp);
        using var deadline = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, aborted);
        var output = new ArrayBufferWriter<byte>();
        TResult result;
        try
        {
            result = await sink.Task.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            aborted.ThrowIfCancellationRequested();

            // The caller stops waiting at about the same moment; answer anyway, so one that has not yet reads a timeout.
            serializer.WriteFailure(
                new TimeoutException($"{request} on {target} did not answer within its deadline at the called silo."),
                output);
            return output;
        }
        catch (Exception exception) when (NotRun.IsMarked(exception))
        {
            return null;
        }
        catch (Exception exception)
        {
            serializer.WriteFailure(exception, output);
            return output;
        }

        try
        {
            serializer.WriteResult(result, output);
        }
        catch (Exception exception)
        {
            // A result no codec can write (a derived type where only the declared one crosses): report that instead.
            output.ResetWrittenCount();
            serializer.WriteFailure(exception, output);
        }

        return output;
    }

    /// <summary>Receives the local call's outcome; continuations leave the activation's turn.</summary>
    private sealed class Sink() : TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously), IResponseSink<TResult>
    {
        public void Complete(TResult result) => TrySetResult(result);

        public void Fail(Exception exception) => TrySetException(exception);
    }
}
