using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace FraudActors.Runtime.Serialization;

/// <summary>
/// Writes tagged values in the wire format (see <see cref="WireKind"/>) to an <see cref="IBufferWriter{T}"/>.
/// </summary>
/// <remarks>
/// A ref struct so it can hold the span it is filling: each primitive is a bounds-checked store into that span, with
/// no virtual call to the buffer writer and no allocation per message. The price is that it lives on the stack only:
/// codecs take it by <c>ref</c>, and a holder that must outlive a call (an <c>IArgumentWriter</c>) creates one per
/// value. Call <see cref="Flush"/> at the end: until then the bytes are not committed to the buffer writer.
/// </remarks>
public ref struct WireWriter
{
    private const int MinimumBufferSize = 256;

    // At most 3 UTF-8 bytes per UTF-16 char, so a string this short needs at most 126 bytes: a one-byte length.
    private const int ShortStringChars = 42;
    private const int LongChunkBytes = 4096;
    private const int MaxVarint32Bytes = 5;
    private const int MaxVarint64Bytes = 10;

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _buffer;
    private int _buffered;
    private long _flushed;

    /// <summary>Creates a writer appending to <paramref name="output"/>.</summary>
    public WireWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _buffer = default;
        _buffered = 0;
        _flushed = 0;
    }

    /// <summary>Bytes written through this writer so far, flushed or not.</summary>
    public readonly long BytesWritten => _flushed + _buffered;

    /// <summary>Commits the bytes written so far to the buffer writer.</summary>
    public void Flush()
    {
        Commit();
        _buffer = default;
    }

    /// <summary>Writes the absence of a value.</summary>
    public void WriteNull()
    {
        Reserve(1)[0] = (byte)WireKind.Null;
        _buffered++;
    }

    /// <summary>Writes a <see cref="bool"/> as the varint 0 or 1.</summary>
    public void WriteBoolean(bool value)
    {
        var span = Reserve(2);
        span[0] = (byte)WireKind.Varint;
        span[1] = value ? (byte)1 : (byte)0;
        _buffered += 2;
    }

    /// <summary>Writes a <see cref="byte"/>.</summary>
    public void WriteByte(byte value) => WriteUInt64(value);

    /// <summary>Writes an <see cref="sbyte"/>.</summary>
    public void WriteSByte(sbyte value) => WriteInt64(value);

    /// <summary>Writes a <see cref="short"/>.</summary>
    public void WriteInt16(short value) => WriteInt64(value);

    /// <summary>Writes a <see cref="ushort"/>.</summary>
    public void WriteUInt16(ushort value) => WriteUInt64(value);

    /// <summary>Writes a <see cref="char"/> as its UTF-16 code unit.</summary>
    public void WriteChar(char value) => WriteUInt64(value);

    /// <summary>Writes an <see cref="int"/> (zig-zag varint: the same bytes as the equal <see cref="long"/>).</summary>
    public void WriteInt32(int value) => WriteInt64(value);

    /// <summary>Writes a <see cref="uint"/>.</summary>
    public void WriteUInt32(uint value) => WriteUInt64(value);

    /// <summary>Writes a <see cref="long"/> as a zig-zag varint, so small negative numbers stay short.</summary>
    public void WriteInt64(long value) => WriteUInt64((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Writes a <see cref="ulong"/> as a varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUInt64(ulong value)
    {
        var span = Reserve(1 + MaxVarint64Bytes);
        span[0] = (byte)WireKind.Varint;
        _buffered += WriteVarint(span, 1, value);
    }

    /// <summary>Writes a <see cref="float"/> bit for bit (NaN payloads and negative zero survive).</summary>
    public void WriteSingle(float value)
    {
        var span = Reserve(5);
        span[0] = (byte)WireKind.Fixed32;
        BinaryPrimitives.WriteSingleLittleEndian(span[1..], value);
        _buffered += 5;
    }

    /// <summary>Writes a <see cref="double"/> bit for bit (NaN payloads and negative zero survive).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteDouble(double value)
    {
        var span = Reserve(9);
        span[0] = (byte)WireKind.Fixed64;
        BinaryPrimitives.WriteDoubleLittleEndian(span[1..], value);
        _buffered += 9;
    }

    /// <summary>Writes a <see cref="decimal"/> as its four 32-bit parts, so scale (1.0 versus 1.00) survives.</summary>
    public void WriteDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var span = Reserve(17);
        span[0] = (byte)WireKind.Fixed128;
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[(1 + (4 * i))..], bits[i]);
        }

        _buffered += 17;
    }

    /// <summary>Writes a <see cref="Guid"/> in its little-endian 16-byte layout.</summary>
    public void WriteGuid(Guid value)
    {
        var span = Reserve(17);
        span[0] = (byte)WireKind.Fixed128;
        value.TryWriteBytes(span[1..]);
        _buffered += 17;
    }

    /// <summary>Writes a <see cref="DateTime"/>: its ticks with its <see cref="DateTimeKind"/> in the top two bits.</summary>
    public void WriteDateTime(DateTime value)
    {
        var span = Reserve(9);
        span[0] = (byte)WireKind.Fixed64;
        BinaryPrimitives.WriteUInt64LittleEndian(span[1..], (ulong)value.Ticks | ((ulong)value.Kind << 62));
        _buffered += 9;
    }

    /// <summary>Writes a <see cref="DateTimeOffset"/>: clock ticks and offset minutes, so both round-trip exactly.</summary>
    public void WriteDateTimeOffset(DateTimeOffset value)
    {
        var span = Reserve(1 + 8 + MaxVarint32Bytes);
        span[0] = (byte)WireKind.Timestamp;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], value.Ticks);
        long minutes = value.Offset.Ticks / TimeSpan.TicksPerMinute;
        _buffered += WriteVarint(span, 9, (ulong)((minutes << 1) ^ (minutes >> 63)));
    }

    /// <summary>Writes a <see cref="TimeSpan"/> as its ticks.</summary>
    public void WriteTimeSpan(TimeSpan value) => WriteInt64(value.Ticks);

    /// <summary>Writes a <see cref="DateOnly"/> as its day number.</summary>
    public void WriteDateOnly(DateOnly value) => WriteInt32(value.DayNumber);

    /// <summary>Writes a <see cref="TimeOnly"/> as its ticks.</summary>
    public void WriteTimeOnly(TimeOnly value) => WriteInt64(value.Ticks);

    /// <summary>
    /// Writes a string as UTF-8 with its byte length, or null. A lone surrogate (not valid UTF-16) becomes U+FFFD,
    /// as it would in any UTF-8 encoder.
    /// </summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteNull();
            return;
        }

        if (value.Length <= ShortStringChars)
        {
            var span = Reserve(2 + (value.Length * 3));
            span[0] = (byte)WireKind.Bytes;
            // The transcoder itself, without Encoding's virtual dispatch and argument checks: short strings are most
            // of a message (ids, feature names), so this is the writer's hottest loop.
            Utf8.FromUtf16(value, span[2..], out _, out var length, replaceInvalidSequences: true);
            span[1] = (byte)length;
            _buffered += 2 + length;
            return;
        }

        WriteLongString(value);
    }

    /// <summary>Writes bytes with their length.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteLengthHeader(WireKind.Bytes, value.Length);
        while (!value.IsEmpty)
        {
            var span = Reserve(Math.Min(value.Length, LongChunkBytes));
            var chunk = Math.Min(span.Length, value.Length);
            value[..chunk].CopyTo(span);
            _buffered += chunk;
            value = value[chunk..];
        }
    }

    /// <summary>Writes a byte array with its length, or null.</summary>
    public void WriteByteArray(byte[]? value)
    {
        if (value is null)
        {
            WriteNull();
        }
        else
        {
            WriteBytes(value);
        }
    }

    /// <summary>Starts a record or class: the fields follow, each a tagged value, in constructor order.</summary>
    public void WriteObjectHeader(int fieldCount) => WriteLengthHeader(WireKind.Object, fieldCount);

    /// <summary>Starts a list: the elements follow, each a tagged value.</summary>
    public void WriteListHeader(int count) => WriteLengthHeader(WireKind.List, count);

    /// <summary>Starts a dictionary: key and value of each entry follow, each a tagged value.</summary>
    public void WriteMapHeader(int count) => WriteLengthHeader(WireKind.Map, count);

    private void WriteLengthHeader(WireKind kind, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var span = Reserve(1 + MaxVarint32Bytes);
        span[0] = (byte)kind;
        _buffered += WriteVarint(span, 1, (uint)count);
    }

    private void WriteLongString(string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteLengthHeader(WireKind.Bytes, byteCount);
        ReadOnlySpan<char> rest = value;
        var written = 0;
        while (!rest.IsEmpty)
        {
            // Four bytes is the longest UTF-8 sequence: any smaller chunk could stall on a surrogate pair.
            var span = Reserve(Math.Max(4, Math.Min(byteCount - written, LongChunkBytes)));
            var status = Utf8.FromUtf16(rest, span, out var charsRead, out var bytesWritten, replaceInvalidSequences: true);
            _buffered += bytesWritten;
            written += bytesWritten;
            rest = rest[charsRead..];
            if (status is not (OperationStatus.Done or OperationStatus.DestinationTooSmall))
            {
                throw new InvalidOperationException($"UTF-8 encoding of a string stopped with {status}.");
            }
        }

        if (written != byteCount)
        {
            throw new InvalidOperationException($"UTF-8 encoding wrote {written} bytes where {byteCount} were counted.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteVarint(Span<byte> span, int offset, ulong value)
    {
        var position = offset;
        while (value >= 0x80)
        {
            span[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[position++] = (byte)value;
        return position;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int size)
    {
        var free = _buffer[_buffered..];
        return free.Length >= size ? free : Grow(size);
    }

    private Span<byte> Grow(int size)
    {
        Commit();
        _buffer = _output.GetSpan(Math.Max(size, MinimumBufferSize));
        if (_buffer.Length < size)
        {
            throw new InvalidOperationException($"The buffer writer returned {_buffer.Length} bytes where {size} were requested.");
        }

        return _buffer;
    }

    private void Commit()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _flushed += _buffered;
            _buffered = 0;
        }
    }
}
