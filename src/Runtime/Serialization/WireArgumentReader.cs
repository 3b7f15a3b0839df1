using System.Buffers;
using FraudActors.Runtime.Invocation;

namespace FraudActors.Runtime.Serialization;

/// <summary>Reads a request's arguments written by <see cref="WireArgumentWriter"/>.</summary>
public sealed class WireArgumentReader : IArgumentReader
{
    private readonly WireCodecRegistry _codecs;
    private readonly long _length;
    private ReadOnlySequence<byte> _remaining;

    /// <summary>Creates a reader over the encoded arguments.</summary>
    /// <param name="codecs">Resolves each argument type's codec.</param>
    /// <param name="input">The arguments as written, and nothing else.</param>
    public WireArgumentReader(WireCodecRegistry codecs, ReadOnlySequence<byte> input)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        _codecs = codecs;
        _remaining = input;
        _length = input.Length;
    }

    /// <summary>Arguments read so far.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes read so far.</summary>
    public long Consumed => _length - _remaining.Length;

    /// <inheritdoc />
    /// <exception cref="WireFormatException">The next argument is missing or not a valid <typeparamref name="T"/>.</exception>
    public T Read<T>()
    {
        var reader = new WireReader(_remaining, origin: Consumed);
        if (reader.End)
        {
            throw new WireFormatException($"argument {Count + 1} ({typeof(T)}) is missing", reader.Consumed);
        }

        var value = _codecs.GetCodec<T>().Read(ref reader);
        _remaining = _remaining.Slice(reader.Consumed - Consumed);
        Count++;
        return value;
    }

    /// <summary>Throws unless every byte was read: more arguments arrived than the method takes.</summary>
    /// <exception cref="WireFormatException">Bytes remain after the last argument.</exception>
    public void EnsureEnd()
    {
        if (!_remaining.IsEmpty)
        {
            throw new WireFormatException($"{_remaining.Length} bytes remain after argument {Count}: the request has more arguments than the method takes", Consumed);
        }
    }
}
