using System.Buffers;
using FraudActors.Runtime.Invocation;

namespace FraudActors.Runtime.Serialization;

/// <summary>
/// The binary encoding of what travels between processes: a request's arguments, a response (the result or the
/// exception the call failed with) and standalone values. Envelopes (target grain, method, deadline, call id)
/// belong to the transport.
/// </summary>
/// <remarks>
/// A response is a varint status (0: a result follows, 1: an exception follows) and then the value or the exception
/// (see <see cref="WriteException"/>). Arguments are their tagged values one after another, in declaration order.
/// </remarks>
public sealed class WireSerializer
{
    private const ulong ResultStatus = 0;
    private const ulong FailureStatus = 1;

    private readonly WireExceptionFormat _exceptions;

    /// <summary>Creates a serialiser.</summary>
    /// <param name="codecs">Resolves codecs.</param>
    /// <param name="includeStackTraces">Whether failures carry the thrower's stack trace text (useful between silos; leave it out toward untrusted callers).</param>
    public WireSerializer(WireCodecRegistry codecs, bool includeStackTraces = true)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        Codecs = codecs;
        _exceptions = new WireExceptionFormat(codecs, includeStackTraces);
    }

    /// <summary>The codecs in use.</summary>
    public WireCodecRegistry Codecs { get; }

    /// <summary>Writes the arguments of <paramref name="request"/>.</summary>
    public void WriteArguments(GrainRequest request, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.WriteArguments(new WireArgumentWriter(Codecs, output));
    }

    /// <summary>Reads the arguments of <paramref name="request"/> (created empty from its method descriptor).</summary>
    /// <exception cref="WireFormatException">The bytes are not exactly the method's arguments.</exception>
    public void ReadArguments(GrainRequest request, ReadOnlySequence<byte> input)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reader = new WireArgumentReader(Codecs, input);
        request.ReadArguments(reader);
        reader.EnsureEnd();
    }

    /// <summary>Writes a successful response. Should the result's codec throw (a derived type where only the declared one
    /// crosses, say), the output holds part of a value: discard it and write a failure instead.</summary>
    public void WriteResult<TResult>(TResult result, IBufferWriter<byte> output)
    {
        var writer = new WireWriter(output);
        writer.WriteUInt64(ResultStatus);
        Codecs.GetCodec<TResult>().Write(ref writer, result);
        writer.Flush();
    }

    /// <summary>
    /// Writes a failed response. Never fails because of the exception itself: should its codec throw (a property
    /// getter that fails, say), the exception is written without its own fields and arrives as a
    /// <see cref="RemoteGrainException"/> with its type name and message.
    /// </summary>
    public void WriteFailure(Exception exception, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(output);

        // Failures are rare: staging them costs nothing that matters and means a codec that throws halfway cannot
        // leave half an exception in the output.
        var staged = new ArrayBufferWriter<byte>();
        try
        {
            WriteStagedFailure(exception, staged, withOwnFields: true);
        }
#pragma warning disable CA1031 // Whatever the codec threw, the failure must still be reported.
        catch (Exception)
#pragma warning restore CA1031
        {
            staged.ResetWrittenCount();
            WriteStagedFailure(exception, staged, withOwnFields: false);
        }

        output.Write(staged.WrittenSpan);
    }

    private void WriteStagedFailure(Exception exception, IBufferWriter<byte> output, bool withOwnFields)
    {
        var writer = new WireWriter(output);
        writer.WriteUInt64(FailureStatus);
        _exceptions.Write(ref writer, exception, withOwnFields);
        writer.Flush();
    }

    /// <summary>Reads a response written by <see cref="WriteResult{TResult}"/> or <see cref="WriteFailure"/>.</summary>
    /// <exception cref="WireFormatException">The bytes are not a response of this shape.</exception>
    public WireResponse<TResult> ReadResponse<TResult>(ReadOnlySequence<byte> input)
    {
        var reader = new WireReader(input);
        var start = reader.Consumed;
        var status = reader.ReadUInt64();
        WireResponse<TResult> response = status switch
        {
            ResultStatus => WireResponse<TResult>.Success(Codecs.GetCodec<TResult>().Read(ref reader)),
            FailureStatus => WireResponse<TResult>.Failed(_exceptions.Read(ref reader)),
            _ => throw new WireFormatException($"{status} is not a response status", start),
        };
        reader.EnsureEnd();
        return response;
    }

    /// <summary>
    /// Writes an exception: type name, message, stack trace text, inner exception and the type's own fields when a
    /// codec knows the type.
    /// </summary>
    public void WriteException(ref WireWriter writer, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _exceptions.Write(ref writer, exception);
    }

    /// <summary>
    /// Reads an exception written by <see cref="WriteException"/>: as its own type when a codec knows it, as a
    /// <see cref="RemoteGrainException"/> otherwise.
    /// </summary>
    public Exception ReadException(ref WireReader reader) => _exceptions.Read(ref reader);

    /// <summary>Writes one value.</summary>
    public void Serialize<T>(T value, IBufferWriter<byte> output)
    {
        var writer = new WireWriter(output);
        Codecs.GetCodec<T>().Write(ref writer, value);
        writer.Flush();
    }

    /// <summary>Reads one value written by <see cref="Serialize{T}"/>; the input must hold nothing else.</summary>
    /// <exception cref="WireFormatException">The bytes are not exactly one <typeparamref name="T"/>.</exception>
    public T Deserialize<T>(ReadOnlySequence<byte> input)
    {
        var reader = new WireReader(input);
        var value = Codecs.GetCodec<T>().Read(ref reader);
        reader.EnsureEnd();
        return value;
    }

    /// <inheritdoc cref="Deserialize{T}(ReadOnlySequence{byte})"/>
    public T Deserialize<T>(ReadOnlySpan<byte> input)
    {
        var reader = new WireReader(input);
        var value = Codecs.GetCodec<T>().Read(ref reader);
        reader.EnsureEnd();
        return value;
    }
}
