using System.Buffers;
using FraudActors.Runtime.Serialization;

namespace FraudActors.Runtime.Cluster.Transport;

/// <summary>
/// What travels in front of a request's arguments from one silo to another: who calls what, how long the caller still
/// waits, and how often the call was handed on. The arguments follow it to the end of the HTTP/2 request body.
/// </summary>
/// <remarks>
/// Encoded with the wire format's tagged values: a format version, then the fields in the order below. The deadline
/// travels as the time remaining when the request was written, never as a clock reading, so the silos' clocks do not
/// need to agree; the receiver's deadline is its own now plus that (the time on the wire counts against the callee,
/// which errs on the safe side for the caller).
/// </remarks>
/// <param name="CallId">The caller's id for the call; for logs and traces only (HTTP/2 streams pair responses with requests).</param>
/// <param name="Sender">The silo that first sent the call.</param>
/// <param name="Target">The grain called.</param>
/// <param name="MethodId">Index of the method in the grain type's interface.</param>
/// <param name="MethodName">The method's name: a cheap check that both silos run the same build of the interface.</param>
/// <param name="Remaining">Time left before the caller's deadline when this envelope was written.</param>
/// <param name="ForwardCount">How many times a silo that did not own the grain handed the call on.</param>
internal readonly record struct CallEnvelope(
    long CallId,
    string Sender,
    GrainId Target,
    int MethodId,
    string MethodName,
    TimeSpan Remaining,
    int ForwardCount)
{
    /// <summary>Raised when the envelope's shape changes; a receiver refuses versions it does not know.</summary>
    public const int FormatVersion = 1;

    /// <summary>Writes the envelope.</summary>
    public void Write(IBufferWriter<byte> output)
    {
        var writer = new WireWriter(output);
        writer.WriteInt32(FormatVersion);
        writer.WriteInt64(CallId);
        writer.WriteString(Sender);
        writer.WriteString(Target.Type);
        writer.WriteString(Target.Key);
        writer.WriteInt32(MethodId);
        writer.WriteString(MethodName);
        writer.WriteInt64(Math.Max(0, Remaining.Ticks));
        writer.WriteInt32(ForwardCount);
        writer.Flush();
    }

    /// <summary>Reads an envelope from the start of <paramref name="input"/>.</summary>
    /// <param name="input">A request body: the envelope, then the arguments.</param>
    /// <param name="length">Bytes the envelope took; the arguments start there.</param>
    /// <exception cref="WireFormatException">The bytes are not an envelope of a known version.</exception>
    public static CallEnvelope Read(ReadOnlySequence<byte> input, out long length)
    {
        var reader = new WireReader(input);
        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new WireFormatException($"call envelope version {version} is not {FormatVersion}", 0);
        }

        var callId = reader.ReadInt64();
        var sender = Required(ref reader, "sender");
        var type = Required(ref reader, "grain type");
        var key = Required(ref reader, "grain key");
        var methodId = reader.ReadInt32();
        var methodName = Required(ref reader, "method name");
        var remaining = reader.ReadInt64();
        var forwardCount = reader.ReadInt32();
        if (remaining < 0 || forwardCount < 0 || methodId < 0)
        {
            throw new WireFormatException("a negative deadline, forward count or method id", reader.Consumed);
        }

        length = reader.Consumed;
        return new CallEnvelope(callId, sender, new GrainId(type, key), methodId, methodName, TimeSpan.FromTicks(remaining), forwardCount);
    }

    private static string Required(ref WireReader reader, string what)
    {
        var at = reader.Consumed;
        return reader.ReadString() ?? throw new WireFormatException($"the {what} is null", at);
    }

    /// <inheritdoc />
    public override string ToString() => $"call {CallId} from {Sender} to {Target}.{MethodName}";
}
