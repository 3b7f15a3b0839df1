using System.Buffers;
using FraudActors.Runtime.Serialization;

namespace FraudActors.Runtime.Tests.Serialization;

internal delegate void WriteAction(ref WireWriter writer);

internal delegate T ReadFunc<out T>(ref WireReader reader);

/// <summary>Runs the wire writer and reader over plain arrays and over sequences cut into small segments.</summary>
internal static class Wire
{
    public static byte[] Write(WriteAction write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new WireWriter(buffer);
        write(ref writer);
        writer.Flush();
        Assert.Equal(buffer.WrittenCount, writer.BytesWritten);
        return buffer.WrittenSpan.ToArray();
    }

    public static T Read<T>(byte[] bytes, ReadFunc<T> read)
    {
        var reader = new WireReader(bytes);
        var value = read(ref reader);
        reader.EnsureEnd();
        return value;
    }

    /// <summary>Reads from a sequence of <paramref name="segmentSize"/>-byte segments, as a pipe may hand them out.</summary>
    public static T ReadSegmented<T>(byte[] bytes, int segmentSize, ReadFunc<T> read)
    {
        var reader = new WireReader(Segmented(bytes, segmentSize));
        var value = read(ref reader);
        reader.EnsureEnd();
        return value;
    }

    public static ReadOnlySequence<byte> Segmented(byte[] bytes, int segmentSize)
    {
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(bytes.AsMemory(0, Math.Min(segmentSize, bytes.Length)), 0);
        var last = first;
        for (var offset = segmentSize; offset < bytes.Length; offset += segmentSize)
        {
            // An empty segment between the real ones: readers must step over it.
            last = last.Append(ReadOnlyMemory<byte>.Empty);
            last = last.Append(bytes.AsMemory(offset, Math.Min(segmentSize, bytes.Length - offset)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

/// <summary>Round trips through a codec, over one array and over 1- and 3-byte segments.</summary>
internal static class CodecRoundTrip
{
    public static WireCodecRegistry Registry { get; } = new();

    public static byte[] Encode<T>(T value)
    {
        var codec = Registry.GetCodec<T>();
        return Wire.Write((ref WireWriter writer) => codec.Write(ref writer, value));
    }

    public static T Decode<T>(byte[] bytes)
    {
        var codec = Registry.GetCodec<T>();
        return Wire.Read(bytes, (ref WireReader reader) => codec.Read(ref reader));
    }

    /// <summary>Every way of reading <paramref name="value"/> back; all must agree with the original.</summary>
    public static IReadOnlyList<T> ReadBackEveryWay<T>(T value)
    {
        var codec = Registry.GetCodec<T>();
        var bytes = Encode(value);
        return
        [
            Wire.Read(bytes, (ref WireReader reader) => codec.Read(ref reader)),
            Wire.ReadSegmented(bytes, 1, (ref WireReader reader) => codec.Read(ref reader)),
            Wire.ReadSegmented(bytes, 3, (ref WireReader reader) => codec.Read(ref reader)),
        ];
    }
}
