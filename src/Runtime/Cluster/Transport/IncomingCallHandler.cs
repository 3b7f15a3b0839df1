using System.Buffers;
using FraudActors.Runtime.Cluster.Routing;
using FraudActors.Runtime.Invocation;
using FraudActors.Runtime.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FraudActors.Runtime.Cluster.Transport;

/// <summary>
/// The receiving side of a call from another silo: reads the envelope, then runs the call here when this silo owns
/// the grain by its own view, forwards it to the owner when it does not (at most <see cref="ClusterOptions.MaxForwards"/>
/// times in all), or answers "not run" when it must not run it at all.
/// </summary>
/// <remarks>
/// Answers: 200 with a wire response (the result or the exception, including deadline expiry at this silo); 503 with
/// <see cref="SiloTransportProtocol.NotRunHeader"/> when the call ran nowhere, so the caller may retry on a newer view;
/// 400 for a body that is not a call. A caller that gives up resets its stream, which cancels
/// <see cref="HttpContext.RequestAborted"/>: the grain's cancellation token for methods that take one.
/// </remarks>
internal sealed class IncomingCallHandler(
    SiloRuntime runtime,
    GrainRouter router,
    SiloTransportClient client,
    WireSerializer serializer,
    TransportInstruments instruments,
    IOptions<ClusterOptions> options,
    ILogger<IncomingCallHandler> logger)
{
    private readonly int _maxForwards = options.Value.MaxForwards;

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path.Value != SiloTransportProtocol.CallPath)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        try
        {
            await HandleCallAsync(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller reset the stream (it gave up, or its deadline passed): nobody reads an answer.
        }
    }

    private async Task HandleCallAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        var time = runtime.TimeProvider;
        var body = context.Request.BodyReader;
        ReadOnlySequence<byte> buffer;
        while (true)
        {
            var read = await body.ReadAsync(aborted).ConfigureAwait(false);
            if (read.IsCompleted)
            {
                buffer = read.Buffer;
                break;
            }

            // Not consumed yet: ask for the rest of the body.
            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        // The deadline starts from the moment the whole request is here: the time on the wire counts against the callee.
        var received = time.GetTimestamp();
        CallEnvelope envelope;
        long envelopeLength;
        try
        {
            envelope = CallEnvelope.Read(buffer, out envelopeLength);
        }
        catch (WireFormatException exception)
        {
            body.AdvanceTo(buffer.End);
            logger.Malformed(exception, context.Connection.RemoteIpAddress?.ToString());
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var deadlineTimestamp = received + (long)(envelope.Remaining.TotalSeconds * time.TimestampFrequency);
        var arguments = buffer.Slice(envelopeLength);

        if (router.SteppedDown.IsCancellationRequested)
        {
            body.AdvanceTo(buffer.End);
            await NotRunAsync(context, envelope, "this silo has been declared dead").ConfigureAwait(false);
            return;
        }

        var owner = router.RemoteOwnerOf(envelope.Target);
        if (owner is not null)
        {
            // Copied: the request buffer is released before the forwarded call goes out.
            var argumentBytes = arguments.ToArray();
            body.AdvanceTo(buffer.End);
            if (envelope.ForwardCount >= _maxForwards)
            {
                await NotRunAsync(context, envelope, $"forwarded {envelope.ForwardCount} times and this silo's view names yet another owner, {owner}").ConfigureAwait(false);
                return;
            }

            await ForwardAsync(context, envelope, owner, argumentBytes, deadlineTimestamp).ConfigureAwait(false);
            return;
        }

        // While stopping, grains still active here answer, but nothing new is activated (the dispatcher would refuse
        // it anyway, marked as not run; refusing here just skips reading the arguments).
        if (runtime.Dispatcher.IsStopping && !runtime.Directory.TryGet(envelope.Target, out _))
        {
            body.AdvanceTo(buffer.End);
            await NotRunAsync(context, envelope, "this silo is stopping").ConfigureAwait(false);
            return;
        }

        var output = new ArrayBufferWriter<byte>();
        GrainRequest request;
        try
        {
            request = CreateRequest(envelope);
            serializer.ReadArguments(request, arguments);
        }
        catch (Exception exception) when (exception is WireFormatException or InvalidOperationException)
        {
            serializer.WriteFailure(exception, output);
            await RespondAsync(context, output.WrittenMemory).ConfigureAwait(false);
            return;
        }
        finally
        {
            body.AdvanceTo(buffer.End);
        }

        // The caller's cancellation (and its deadline: it resets the stream when it stops waiting) reaches the grain.
        request.CancellationToken = aborted;
        var response = await IncomingCall.For(request).RunAsync(runtime, serializer, envelope.Target, request, deadlineTimestamp, aborted).ConfigureAwait(false);
        if (response is null)
        {
            // Queued behind a deactivation and then refused by the stopping dispatcher: it ran nowhere.
            await NotRunAsync(context, envelope, "this silo is stopping").ConfigureAwait(false);
            return;
        }

        await RespondAsync(context, response.WrittenMemory).ConfigureAwait(false);
    }

    private GrainRequest CreateRequest(CallEnvelope envelope)
    {
        if (!runtime.Interfaces.TryGetByGrainType(envelope.Target.Type, out var grainInterface))
        {
            throw new InvalidOperationException($"No grain interface with grain type '{envelope.Target.Type}' is known in silo {router.LocalSilo}.");
        }

        var methods = grainInterface!.Methods;
        if (envelope.MethodId >= methods.Count || methods[envelope.MethodId].MethodName != envelope.MethodName)
        {
            throw new InvalidOperationException(
                $"{grainInterface.InterfaceType} has no method {envelope.MethodName} with id {envelope.MethodId} in silo {router.LocalSilo}: the silos run different builds of it.");
        }

        return methods[envelope.MethodId].CreateEmpty();
    }

    private async Task ForwardAsync(HttpContext context, CallEnvelope envelope, SiloAddress owner, byte[] arguments, long deadlineTimestamp)
    {
        var time = runtime.TimeProvider;
        var remaining = time.GetElapsedTime(time.GetTimestamp(), deadlineTimestamp);
        if (remaining < TimeSpan.Zero)
        {
            remaining = TimeSpan.Zero;
        }

        var forwarded = envelope with { Remaining = remaining, ForwardCount = envelope.ForwardCount + 1 };
        logger.Forwarding(envelope, owner, forwarded.ForwardCount);
        instruments.Forwarded();
        using var deadline = new CancellationTokenSource(remaining, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, context.RequestAborted);
        byte[] response;
        try
        {
            response = await client.SendAsync(owner, RemoteGrainCaller.Body(forwarded, arguments), linked.Token).ConfigureAwait(false);
        }
        catch (CallNotDeliveredException exception)
        {
            // Ran nowhere: pass that on, so the original caller may retry.
            await NotRunAsync(context, envelope, $"forwarded to {owner}, which did not run it: {exception.Message}").ConfigureAwait(false);
            return;
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            Exception failure = exception is OperationCanceledException
                ? new TimeoutException($"{envelope} did not answer within its deadline (forwarded to {owner}).")
                : (exception as SiloUnavailableException ?? new SiloUnavailableException(exception.Message, exception));
            var output = new ArrayBufferWriter<byte>();
            serializer.WriteFailure(failure, output);
            await RespondAsync(context, output.WrittenMemory).ConfigureAwait(false);
            return;
        }

        // The owner's response, byte for byte.
        await RespondAsync(context, response).ConfigureAwait(false);
    }

    private Task NotRunAsync(HttpContext context, CallEnvelope envelope, string reason)
    {
        logger.Refused(envelope, reason);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers[SiloTransportProtocol.NotRunHeader] = reason;
        return Task.CompletedTask;
    }

    private static async Task RespondAsync(HttpContext context, ReadOnlyMemory<byte> body)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = SiloTransportProtocol.ContentType;
        context.Response.ContentLength = body.Length;
        await context.Response.BodyWriter.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
