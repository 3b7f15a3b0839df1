using System.Buffers;
using FraudActors.Runtime.Invocation;

namespace FraudActors.Runtime.Serialization;

/// <summary>Writes a request's arguments, each as one tagged value, with the codecs of a <see cref="WireCodecRegistry"/>.</summary>
/// <param name="codecs">Resolves each argument type's codec.</param>
/// <param name="output">Receives the bytes; each argument is committed to it before the next is written.</param>
public sealed class WireArgumentWriter(WireCodecRegistry codecs, IBufferWriter<byte> output) : IArgumentWriter
{
    /// <summary>Arguments written so far.</summary>
    public int Count { get; private set; }

    /// <inheritdoc />
    public void Write<T>(T value)
    {
        // One writer per argument: a ref struct cannot live in this object between calls.
        var writer = new WireWriter(output);
        codecs.GetCodec<T>().Write(ref writer, value);
        writer.Flush();
        Count++;
    }
}
