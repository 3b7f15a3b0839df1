using FraudActors.Runtime.Invocation;

namespace FraudActors.Runtime.Serialization.BuiltIn;

/// <summary>
/// The codecs of the types the wire format encodes natively. The source generator knows this list too: it calls the
/// writer and reader directly for these types and emits codecs only for the rest.
/// </summary>
internal static class PrimitiveWireCodecs
{
    public static void Register(WireCodecRegistry registry)
    {
        registry.AddCodec<bool>(new BooleanCodec());
        registry.AddCodec<byte>(new ByteCodec());
        registry.AddCodec<sbyte>(new SByteCodec());
        registry.AddCodec<short>(new Int16Codec());
        registry.AddCodec<ushort>(new UInt16Codec());
        registry.AddCodec<char>(new CharCodec());
        registry.AddCodec<int>(new Int32Codec());
        registry.AddCodec<uint>(new UInt32Codec());
        registry.AddCodec<long>(new Int64Codec());
        registry.AddCodec<ulong>(new UInt64Codec());
        registry.AddCodec<float>(new SingleCodec());
        registry.AddCodec<double>(new DoubleCodec());
        registry.AddCodec<decimal>(new DecimalCodec());
        registry.AddCodec<Guid>(new GuidCodec());
        registry.AddCodec<DateTime>(new DateTimeCodec());
        registry.AddCodec<DateTimeOffset>(new DateTimeOffsetCodec());
        registry.AddCodec<TimeSpan>(new TimeSpanCodec());
        registry.AddCodec<DateOnly>(new DateOnlyCodec());
        registry.AddCodec<TimeOnly>(new TimeOnlyCodec());
        registry.AddCodec<string?>(new StringCodec());
        registry.AddCodec<byte[]?>(new ByteArrayCodec());
        registry.AddCodec<NoResult>(new NoResultCodec());
    }

    private sealed class BooleanCodec : IWireCodec<bool>
    {
        public void Write(ref WireWriter writer, bool value) => writer.WriteBoolean(value);

        public bool Read(ref WireReader reader) => reader.ReadBoolean();
    }

    private sealed class ByteCodec : IWireCodec<byte>
    {
        public void Write(ref WireWriter writer, byte value) => writer.WriteByte(value);

        public byte Read(ref WireReader reader) => reader.ReadByte();
    }

    private sealed class SByteCodec : IWireCodec<sbyte>
    {
        public void Write(ref WireWriter writer, sbyte value) => writer.WriteSByte(value);

        public sbyte Read(ref WireReader reader) => reader.ReadSByte();
    }

    private sealed class Int16Codec : IWireCodec<short>
    {
        public void Write(ref WireWriter writer, short value) => writer.WriteInt16(value);

        public short Read(ref WireReader reader) => reader.ReadInt16();
    }

    private sealed class UInt16Codec : IWireCodec<ushort>
    {
        public void Write(ref WireWriter writer, ushort value) => writer.WriteUInt16(value);

        public ushort Read(ref WireReader reader) => reader.ReadUInt16();
    }

    private sealed class CharCodec : IWireCodec<char>
    {
        public void Write(ref WireWriter writer, char value) => writer.WriteChar(value);

        public char Read(ref WireReader reader) => reader.ReadChar();
    }

    private sealed class Int32Codec : IWireCodec<int>
    {
        public void Write(ref WireWriter writer, int value) => writer.WriteInt32(value);

        public int Read(ref WireReader reader) => reader.ReadInt32();
    }

    private sealed class UInt32Codec : IWireCodec<uint>
    {
        public void Write(ref WireWriter writer, uint value) => writer.WriteUInt32(value);

        public uint Read(ref WireReader reader) => reader.ReadUInt32();
    }

    private sealed class Int64Codec : IWireCodec<long>
    {
        public void Write(ref WireWriter writer, long value) => writer.WriteInt64(value);

        public long Read(ref WireReader reader) => reader.ReadInt64();
    }

    private sealed class UInt64Codec : IWireCodec<ulong>
    {
        public void Write(ref WireWriter writer, ulong value) => writer.WriteUInt64(value);

        public ulong Read(ref WireReader reader) => reader.ReadUInt64();
    }

    private sealed class SingleCodec : IWireCodec<float>
    {
        public void Write(ref WireWriter writer, float value) => writer.WriteSingle(value);

        public float Read(ref WireReader reader) => reader.ReadSingle();
    }

    private sealed class DoubleCodec : IWireCodec<double>
    {
        public void Write(ref WireWriter writer, double value) => writer.WriteDouble(value);

        public double Read(ref WireReader reader) => reader.ReadDouble();
    }

    private sealed class DecimalCodec : IWireCodec<decimal>
    {
        public void Write(ref WireWriter writer, decimal value) => writer.WriteDecimal(value);

        public decimal Read(ref WireReader reader) => reader.ReadDecimal();
    }

    private sealed class GuidCodec : IWireCodec<Guid>
    {
        public void Write(ref WireWriter writer, Guid value) => writer.WriteGuid(value);

        public Guid Read(ref WireReader reader) => reader.ReadGuid();
    }

    private sealed class DateTimeCodec : IWireCodec<DateTime>
    {
        public void Write(ref WireWriter writer, DateTime value) => writer.WriteDateTime(value);

        public DateTime Read(ref WireReader reader) => reader.ReadDateTime();
    }

    private sealed class DateTimeOffsetCodec : IWireCodec<DateTimeOffset>
    {
        public void Write(ref WireWriter writer, DateTimeOffset value) => writer.WriteDateTimeOffset(value);

        public DateTimeOffset Read(ref WireReader reader) => reader.ReadDateTimeOffset();
    }

    private sealed class TimeSpanCodec : IWireCodec<TimeSpan>
    {
        public void Write(ref WireWriter writer, TimeSpan value) => writer.WriteTimeSpan(value);

        public TimeSpan Read(ref WireReader reader) => reader.ReadTimeSpan();
    }

    private sealed class DateOnlyCodec : IWireCodec<DateOnly>
    {
        public void Write(ref WireWriter writer, DateOnly value) => writer.WriteDateOnly(value);

        public DateOnly Read(ref WireReader reader) => reader.ReadDateOnly();
    }

    private sealed class TimeOnlyCodec : IWireCodec<TimeOnly>
    {
        public void Write(ref WireWriter writer, TimeOnly value) => writer.WriteTimeOnly(value);

        public TimeOnly Read(ref WireReader reader) => reader.ReadTimeOnly();
    }

    private sealed class StringCodec : IWireCodec<string?>
    {
        public void Write(ref WireWriter writer, string? value) => writer.WriteString(value);

        public string? Read(ref WireReader reader) => reader.ReadString();
    }

    private sealed class ByteArrayCodec : IWireCodec<byte[]?>
    {
        public void Write(ref WireWriter writer, byte[]? value) => writer.WriteByteArray(value);

        public byte[]? Read(ref WireReader reader) => reader.ReadByteArray();
    }

    /// <summary>Methods without a result answer with a null: one byte.</summary>
    private sealed class NoResultCodec : IWireCodec<NoResult>
    {
        public void Write(ref WireWriter writer, NoResult value) => writer.WriteNull();

        public NoResult Read(ref WireReader reader)
        {
            if (!reader.TryReadNull())
            {
                // Whatever a newer writer might send for a result-less method, there is nothing to keep.
                reader.Skip();
            }

            return default;
        }
    }
}
