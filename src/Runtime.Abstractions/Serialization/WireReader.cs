using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace FraudActors.Runtime.Serialization;

/// <summary>
/// Reads tagged values in the wire format (see <see cref="WireKind"/>) from a span or a sequence of segments.
/// </summary>
/// <remarks>
/// Every read checks the tag and the remaining length first and throws <see cref="WireFormatException"/> naming the
/// offset: truncated input, a length or count larger than the bytes left (so a hostile length cannot make it
/// allocate), a value out of the target type's range, or nesting deeper than <see cref="MaxDepth"/>.
/// A ref struct for the same reason as <see cref="WireWriter"/>: it reads straight from the current segment's span.
/// </remarks>
public ref struct WireReader
{
    /// <summary>How deeply objects, lists and maps may nest; deeper input is refused rather than recursed into.</summary>
    public const int MaxDepth = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private ReadOnlySpan<byte> _span;
    private int _position;
    private ReadOnlySequence<byte> _rest;
    private long _consumedBefore;
    private readonly long _length;
    private int _depth;

    /// <summary>Creates a reader over contiguous bytes.</summary>
    public WireReader(ReadOnlySpan<byte> input)
    {
        _span = input;
        _position = 0;
        _rest = ReadOnlySequence<byte>.Empty;
        _consumedBefore = 0;
        _length = input.Length;
        _depth = 0;
    }

    /// <summary>Creates a reader over a sequence of segments (as a pipe reader hands them out).</summary>
    public WireReader(ReadOnlySequence<byte> input) : this(input, origin: 0)
    {
    }

    /// <summary>Creates a reader over part of a message.</summary>
    /// <param name="input">The bytes to read.</param>
    /// <param name="origin">Offset of <paramref name="input"/> within the whole message: <see cref="Consumed"/> and the offsets in errors count from the message's start.</param>
    public WireReader(ReadOnlySequence<byte> input, long origin)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(origin);
        _length = origin + input.Length;
        _position = 0;
        _consumedBefore = origin;
        _depth = 0;
        if (input.IsSingleSegment)
        {
            _span = input.FirstSpan;
            _rest = ReadOnlySequence<byte>.Empty;
        }
        else
        {
            _span = ReadOnlySpan<byte>.Empty;
            _rest = input;
            NextSegment();
        }
    }

    /// <summary>Bytes read so far (counted from the origin given at construction, if any).</summary>
    public readonly long Consumed => _consumedBefore + _position;

    /// <summary>Bytes not read yet.</summary>
    public readonly long Remaining => _length - Consumed;

    /// <summary>True when every byte has been read.</summary>
    public readonly bool End => Remaining == 0;

    /// <summary>The tag of the next value, without reading it.</summary>
    /// <exception cref="WireFormatException">The input ends or the tag is unknown.</exception>
    public WireKind PeekKind()
    {
        if (_position >= _span.Length && !NextSegment())
        {
            throw Malformed("the input ends where a value was expected");
        }

        var tag = _span[_position];
        return tag <= (byte)WireKind.Map ? (WireKind)tag : throw Malformed($"0x{tag:X2} is not a wire tag");
    }

    /// <summary>Reads a null if one comes next and says so; otherwise reads nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadNull()
    {
        if (_position < _span.Length)
        {
            if (_span[_position] != (byte)WireKind.Null)
            {
                return false;
            }

            _position++;
            return true;
        }

        if (PeekKind() != WireKind.Null)
        {
            return false;
        }

        _position++;
        return true;
    }

    /// <summary>Reads a <see cref="bool"/>.</summary>
    public bool ReadBoolean()
    {
        var value = ReadVarintValue();
        return value switch
        {
            0 => false,
            1 => true,
            _ => throw Malformed($"{value} is not a boolean"),
        };
    }

    /// <summary>Reads a <see cref="byte"/>.</summary>
    public byte ReadByte() => (byte)ReadUnsigned(byte.MaxValue, "byte");

    /// <summary>Reads an <see cref="sbyte"/>.</summary>
    public sbyte ReadSByte() => (sbyte)ReadSigned(sbyte.MinValue, sbyte.MaxValue, "sbyte");

    /// <summary>Reads a <see cref="short"/>.</summary>
    public short ReadInt16() => (short)ReadSigned(short.MinValue, short.MaxValue, "short");

    /// <summary>Reads a <see cref="ushort"/>.</summary>
    public ushort ReadUInt16() => (ushort)ReadUnsigned(ushort.MaxValue, "ushort");

    /// <summary>Reads a <see cref="char"/>.</summary>
    public char ReadChar() => (char)ReadUnsigned(char.MaxValue, "char");

    /// <summary>Reads an <see cref="int"/>.</summary>
    public int ReadInt32() => (int)ReadSigned(int.MinValue, int.MaxValue, "int");

    /// <summary>Reads a <see cref="uint"/>.</summary>
    public uint ReadUInt32() => (uint)ReadUnsigned(uint.MaxValue, "uint");

    /// <summary>Reads a <see cref="long"/>.</summary>
    public long ReadInt64()
    {
        var raw = ReadVarintValue();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    /// <summary>Reads a <see cref="ulong"/>.</summary>
    public ulong ReadUInt64() => ReadVarintValue();

    /// <summary>Reads a <see cref="float"/>.</summary>
    public float ReadSingle()
    {
        ExpectTag(WireKind.Fixed32);
        Span<byte> bytes = stackalloc byte[4];
        CopyTo(bytes);
        return BinaryPrimitives.ReadSingleLittleEndian(bytes);
    }

    /// <summary>Reads a <see cref="double"/>.</summary>
    public double ReadDouble()
    {
        if (_span.Length - _position >= 9 && _span[_position] == (byte)WireKind.Fixed64)
        {
            var value = BinaryPrimitives.ReadDoubleLittleEndian(_span.Slice(_position + 1, 8));
            _position += 9;
            return value;
        }

        ExpectTag(WireKind.Fixed64);
        return BitConverter.UInt64BitsToDouble(ReadFixed64());
    }

    /// <summary>Reads a <see cref="decimal"/>.</summary>
    public decimal ReadDecimal()
    {
        var start = Consumed;
        ExpectTag(WireKind.Fixed128);
        Span<byte> bytes = stackalloc byte[16];
        CopyTo(bytes);
        Span<int> bits = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            bits[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(4 * i)..]);
        }

        // The flags word holds the sign in bit 31 and the scale (at most 28) in bits 16-23; nothing else may be set.
        var flags = bits[3];
        if ((flags & 0x7F00FFFF) != 0 || ((flags >> 16) & 0xFF) > 28)
        {
            throw new WireFormatException($"0x{flags:X8} is not the flags word of a decimal", start);
        }

        return new decimal(bits);
    }

    /// <summary>Reads a <see cref="Guid"/>.</summary>
    public Guid ReadGuid()
    {
        ExpectTag(WireKind.Fixed128);
        Span<byte> bytes = stackalloc byte[16];
        CopyTo(bytes);
        return new Guid(bytes);
    }

    /// <summary>Reads a <see cref="DateTime"/> with its kind.</summary>
    public DateTime ReadDateTime()
    {
        var start = Consumed;
        ExpectTag(WireKind.Fixed64);
        var raw = ReadFixed64();
        var ticks = (long)(raw & 0x3FFF_FFFF_FFFF_FFFFUL);
        var kind = (int)(raw >> 62);
        if (ticks > DateTime.MaxValue.Ticks || kind > (int)DateTimeKind.Local)
        {
            throw new WireFormatException($"ticks {ticks} with kind {kind} are not a DateTime", start);
        }

        return new DateTime(ticks, (DateTimeKind)kind);
    }

    /// <summary>Reads a <see cref="DateTimeOffset"/> with its offset.</summary>
    public DateTimeOffset ReadDateTimeOffset()
    {
        var start = Consumed;
        ExpectTag(WireKind.Timestamp);
        var ticks = (long)ReadFixed64();
        var rawMinutes = ReadVarint();
        var minutes = (long)(rawMinutes >> 1) ^ -(long)(rawMinutes & 1);
        const long MaxOffsetMinutes = 14 * 60;
        if (minutes is < -MaxOffsetMinutes or > MaxOffsetMinutes)
        {
            throw new WireFormatException($"an offset of {minutes} minutes is outside ±14 hours", start);
        }

        var utcTicks = ticks - (minutes * TimeSpan.TicksPerMinute);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks
            || utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            throw new WireFormatException($"ticks {ticks} with offset {minutes} minutes are not a DateTimeOffset", start);
        }

        return new DateTimeOffset(ticks, TimeSpan.FromMinutes(minutes));
    }

    /// <summary>Reads a <see cref="TimeSpan"/>.</summary>
    public TimeSpan ReadTimeSpan() => new(ReadInt64());

    /// <summary>Reads a <see cref="DateOnly"/>.</summary>
    public DateOnly ReadDateOnly()
    {
        var start = Consumed;
        var dayNumber = ReadInt64();
        return dayNumber >= DateOnly.MinValue.DayNumber && dayNumber <= DateOnly.MaxValue.DayNumber
            ? DateOnly.FromDayNumber((int)dayNumber)
            : throw new WireFormatException($"day number {dayNumber} is not a DateOnly", start);
    }

    /// <summary>Reads a <see cref="TimeOnly"/>.</summary>
    public TimeOnly ReadTimeOnly()
    {
        var start = Consumed;
        var ticks = ReadInt64();
        return ticks >= 0 && ticks <= TimeOnly.MaxValue.Ticks
            ? new TimeOnly(ticks)
            : throw new WireFormatException($"{ticks} ticks are not a TimeOnly", start);
    }

    /// <summary>Reads a string, or null.</summary>
    public string? ReadString()
    {
        if (TryReadNull())
        {
            return null;
        }

        var start = Consumed;
        var length = ReadLength(WireKind.Bytes, bytesPerItem: 1);
        try
        {
            if (_span.Length - _position >= length)
            {
                var text = StrictUtf8.GetString(_span.Slice(_position, length));
                _position += length;
                return text;
            }

            var rented = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                var bytes = rented.AsSpan(0, length);
                CopyTo(bytes);
                return StrictUtf8.GetString(bytes);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        catch (DecoderFallbackException exception)
        {
            throw new WireFormatException("the string is not valid UTF-8", start, exception);
        }
    }

    /// <summary>Reads a byte array, or null.</summary>
    public byte[]? ReadByteArray()
    {
        if (TryReadNull())
        {
            return null;
        }

        var length = ReadLength(WireKind.Bytes, bytesPerItem: 1);
        var bytes = GC.AllocateUninitializedArray<byte>(length);
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>
    /// Starts reading a record or class and returns its field count; fields beyond those the reader knows are
    /// skipped by <see cref="EndObject"/>, fields it knows but the writer did not send take their defaults.
    /// </summary>
    public int ReadObjectHeader()
    {
        var count = ReadLength(WireKind.Object, bytesPerItem: 1);
        Enter();
        return count;
    }

    /// <summary>Finishes an object: skips the fields after the first <paramref name="knownFields"/> of <paramref name="fieldCount"/>.</summary>
    public void EndObject(int fieldCount, int knownFields)
    {
        for (var i = knownFields; i < fieldCount; i++)
        {
            Skip();
        }

        _depth--;
    }

    /// <summary>Starts reading a list and returns its element count (never more than the bytes left).</summary>
    public int ReadListHeader()
    {
        var count = ReadLength(WireKind.List, bytesPerItem: 1);
        Enter();
        return count;
    }

    /// <summary>Finishes a list.</summary>
    public void EndList() => _depth--;

    /// <summary>Starts reading a dictionary and returns its entry count (never more than half the bytes left).</summary>
    public int ReadMapHeader()
    {
        var count = ReadLength(WireKind.Map, bytesPerItem: 2);
        Enter();
        return count;
    }

    /// <summary>Finishes a dictionary.</summary>
    public void EndMap() => _depth--;

    /// <summary>Reads a dictionary key: a string that is not null.</summary>
    public string ReadMapKey() => ReadString() ?? throw Malformed("a dictionary key is null");

    /// <summary>The error for a key that appears twice in one dictionary.</summary>
    public readonly WireFormatException DuplicateKey(string key) => Malformed($"the dictionary key '{key}' appears twice");

    /// <summary>Skips the next value, whatever its kind.</summary>
    public void Skip()
    {
        var kind = PeekKind();
        _position++;
        switch (kind)
        {
            case WireKind.Null:
                break;
            case WireKind.Varint:
                ReadVarint();
                break;
            case WireKind.Fixed32:
                SkipBytes(4);
                break;
            case WireKind.Fixed64:
                SkipBytes(8);
                break;
            case WireKind.Fixed128:
                SkipBytes(16);
                break;
            case WireKind.Timestamp:
                SkipBytes(8);
                ReadVarint();
                break;
            case WireKind.Bytes:
                SkipBytes(ReadCount(bytesPerItem: 1));
                break;
            case WireKind.Object:
            case WireKind.List:
                SkipValues(ReadCount(bytesPerItem: 1));
                break;
            case WireKind.Map:
                SkipValues(2L * ReadCount(bytesPerItem: 2));
                break;
        }
    }

    /// <summary>Throws unless every byte has been read: trailing bytes mean writer and reader disagree on the shape.</summary>
    public readonly void EnsureEnd()
    {
        if (!End)
        {
            throw Malformed($"{Remaining} bytes remain after the last value");
        }
    }

    private void SkipValues(long count)
    {
        Enter();
        for (var i = 0L; i < count; i++)
        {
            Skip();
        }

        _depth--;
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw Malformed($"values nest deeper than {MaxDepth} levels");
        }
    }

    private ulong ReadVarintValue()
    {
        ExpectTag(WireKind.Varint);
        return ReadVarint();
    }

    private long ReadSigned(long min, long max, string type)
    {
        var start = Consumed;
        var raw = ReadVarintValue();
        var value = (long)(raw >> 1) ^ -(long)(raw & 1);
        return value >= min && value <= max ? value : throw new WireFormatException($"{value} is out of range for {type}", start);
    }

    private ulong ReadUnsigned(ulong max, string type)
    {
        var start = Consumed;
        var value = ReadVarintValue();
        return value <= max ? value : throw new WireFormatException($"{value} is out of range for {type}", start);
    }

    private int ReadLength(WireKind kind, int bytesPerItem)
    {
        ExpectTag(kind);
        return ReadCount(bytesPerItem);
    }

    private int ReadCount(int bytesPerItem)
    {
        var start = Consumed;
        var count = ReadVarint();
        // Every element, field or byte takes at least one byte of input: a count beyond that is a lie.
        if (count > (ulong)(Remaining / bytesPerItem))
        {
            throw new WireFormatException($"a length of {count} exceeds the {Remaining} bytes left", start);
        }

        return (int)count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ExpectTag(WireKind kind)
    {
        if (_position < _span.Length && _span[_position] == (byte)kind)
        {
            _position++;
            return;
        }

        ExpectTagSlow(kind);
    }

    private void ExpectTagSlow(WireKind kind)
    {
        var found = PeekKind();
        if (found != kind)
        {
            throw Malformed($"expected a {kind} value, found {found}");
        }

        _position++;
    }

    private ulong ReadVarint()
    {
        var start = Consumed;
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadRawByte();
            if (shift == 63 && b > 1)
            {
                break;
            }

            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new WireFormatException("a varint is longer than 64 bits", start);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte ReadRawByte()
    {
        if (_position < _span.Length)
        {
            return _span[_position++];
        }

        return NextSegment() ? _span[_position++] : throw Malformed("the input ends inside a value");
    }

    private ulong ReadFixed64()
    {
        if (_span.Length - _position >= 8)
        {
            var value = BinaryPrimitives.ReadUInt64LittleEndian(_span.Slice(_position, 8));
            _position += 8;
            return value;
        }

        Span<byte> bytes = stackalloc byte[8];
        CopyTo(bytes);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    private void CopyTo(scoped Span<byte> destination)
    {
        if (destination.Length > Remaining)
        {
            throw Malformed("the input ends inside a value");
        }

        while (!destination.IsEmpty)
        {
            if (_position >= _span.Length && !NextSegment())
            {
                throw Malformed("the input ends inside a value");
            }

            var chunk = Math.Min(destination.Length, _span.Length - _position);
            _span.Slice(_position, chunk).CopyTo(destination);
            _position += chunk;
            destination = destination[chunk..];
        }
    }

    private void SkipBytes(long count)
    {
        if (count > Remaining)
        {
            throw Malformed("the input ends inside a value");
        }

        while (count > 0)
        {
            if (_position >= _span.Length && !NextSegment())
            {
                throw Malformed("the input ends inside a value");
            }

            var chunk = (int)Math.Min(count, _span.Length - _position);
            _position += chunk;
            count -= chunk;
        }
    }

    private bool NextSegment()
    {
        while (!_rest.IsEmpty)
        {
            var first = _rest.First;
            _rest = _rest.Slice(first.Length);
            if (!first.IsEmpty)
            {
                _consumedBefore += _span.Length;
                _span = first.Span;
                _position = 0;
                return true;
            }
        }

        return false;
    }

    private readonly WireFormatException Malformed(string message) => new(message, Consumed);
}
