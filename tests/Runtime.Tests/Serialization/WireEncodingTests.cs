using FraudActors.Runtime.Serialization;

namespace FraudActors.Runtime.Tests.Serialization;

/// <summary>The bytes themselves, worked out by hand from the format's definition.</summary>
public sealed class WireEncodingTests
{
    [Fact]
    public void Unsigned_integers_are_tagged_little_endian_base_128_varints()
    {
        // 300 = 0b10_0101100: low seven bits 0x2C with the continuation bit, then 0b10.
        Assert.Equal([0x01, 0xAC, 0x02], Wire.Write((ref WireWriter w) => w.WriteUInt64(300)));
        Assert.Equal([0x01, 0x00], Wire.Write((ref WireWriter w) => w.WriteUInt32(0)));
    }

    [Fact]
    public void Signed_integers_are_zig_zagged_so_small_negatives_stay_short()
    {
        Assert.Equal([0x01, 0x01], Wire.Write((ref WireWriter w) => w.WriteInt32(-1)));
        Assert.Equal([0x01, 0x02], Wire.Write((ref WireWriter w) => w.WriteInt32(1)));
        // 300 zig-zags to 600 = 0b100_1011000: 0x58 | 0x80, then 0x04.
        Assert.Equal([0x01, 0xD8, 0x04], Wire.Write((ref WireWriter w) => w.WriteInt32(300)));
        // int.MinValue zig-zags to 2^32 - 1: four full groups and 0x0F.
        Assert.Equal([0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], Wire.Write((ref WireWriter w) => w.WriteInt32(int.MinValue)));
        // long.MinValue zig-zags to 2^64 - 1: nine full groups and a final 1.
        Assert.Equal(
            [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
            Wire.Write((ref WireWriter w) => w.WriteInt64(long.MinValue)));
    }

    [Fact]
    public void An_int_and_a_long_of_the_same_value_are_the_same_bytes_so_a_field_can_widen()
    {
        Assert.Equal(
            Wire.Write((ref WireWriter w) => w.WriteInt64(-123_456)),
            Wire.Write((ref WireWriter w) => w.WriteInt32(-123_456)));
        Assert.Equal(-123_456L, Wire.Read(Wire.Write((ref WireWriter w) => w.WriteInt32(-123_456)), (ref WireReader r) => r.ReadInt64()));
    }

    [Fact]
    public void Strings_are_utf8_bytes_after_their_byte_length_and_null_is_one_byte()
    {
        Assert.Equal([0x00], Wire.Write((ref WireWriter w) => w.WriteString(null)));
        Assert.Equal([0x05, 0x00], Wire.Write((ref WireWriter w) => w.WriteString(string.Empty)));
        Assert.Equal([0x05, 0x02, 0xC3, 0xA9], Wire.Write((ref WireWriter w) => w.WriteString("é")));
        // U+1D11E (musical G clef) is F0 9D 84 9E in UTF-8.
        Assert.Equal([0x05, 0x04, 0xF0, 0x9D, 0x84, 0x9E], Wire.Write((ref WireWriter w) => w.WriteString("𝄞")));
    }

    [Fact]
    public void A_string_of_200_ascii_chars_has_a_two_byte_length()
    {
        var bytes = Wire.Write((ref WireWriter w) => w.WriteString(new string('x', 200)));

        // 200 = 0x48 | 0x80, then 0x01.
        Assert.Equal([0x05, 0xC8, 0x01], bytes[..3]);
        Assert.Equal(203, bytes.Length);
    }

    [Fact]
    public void Doubles_are_eight_little_endian_bytes_of_ieee_754()
    {
        // 1.0 is 0x3FF0_0000_0000_0000.
        Assert.Equal([0x03, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F], Wire.Write((ref WireWriter w) => w.WriteDouble(1.0)));
        // -0.0 is only the sign bit.
        Assert.Equal([0x03, 0, 0, 0, 0, 0, 0, 0, 0x80], Wire.Write((ref WireWriter w) => w.WriteDouble(-0.0)));
    }

    [Fact]
    public void A_date_time_offset_is_its_clock_ticks_then_its_offset_in_zig_zag_minutes()
    {
        var clock = new DateTime(2000, 1, 1);
        var bytes = Wire.Write((ref WireWriter w) => w.WriteDateTimeOffset(new DateTimeOffset(clock, new TimeSpan(5, 45, 0))));

        Assert.Equal(0x06, bytes[0]);
        Assert.Equal(BitConverter.GetBytes(clock.Ticks), bytes[1..9]);
        // +345 minutes zig-zag to 690 = 0b101_0110010: 0x32 | 0x80, then 0x05.
        Assert.Equal([0xB2, 0x05], bytes[9..]);
    }

    [Fact]
    public void Containers_are_a_tag_and_a_varint_count()
    {
        Assert.Equal([0x07, 0x03], Wire.Write((ref WireWriter w) => w.WriteObjectHeader(3)));
        Assert.Equal([0x08, 0x80, 0x01], Wire.Write((ref WireWriter w) => w.WriteListHeader(128)));
        Assert.Equal([0x09, 0x00], Wire.Write((ref WireWriter w) => w.WriteMapHeader(0)));
    }

    [Fact]
    public void Decimal_parts_follow_decimal_get_bits_in_little_endian()
    {
        // 1.5m is 15 with scale 1: lo = 15, flags = 1 << 16.
        Assert.Equal(
            [0x04, 15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0],
            Wire.Write((ref WireWriter w) => w.WriteDecimal(1.5m)));
    }
}
