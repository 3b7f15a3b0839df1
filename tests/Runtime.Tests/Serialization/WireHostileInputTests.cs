using System.Collections.Immutable;
using FraudActors.Grains.Interfaces;
using FraudActors.Runtime.Serialization;
using FraudActors.Runtime.Tests.TestGrains;

namespace FraudActors.Runtime.Tests.Serialization;

/// <summary>Input from another process is not trusted: every malformation is a <see cref="WireFormatException"/>.</summary>
public sealed class WireHostileInputTests
{
    private static readonly ScoreResult Result = new(
        "tx-42", 0.5, Decision.Decline, "m-1",
        [new Reason("TX_AMOUNT", 1, 2)], ExplanationMethod.PathAttribution,
        [new FeatureValue("TX_AMOUNT", 1), new FeatureValue("TX_DURING_NIGHT", 0)],
        new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.FromHours(-5)), false);

    [Fact]
    public void Every_truncation_of_a_valid_message_is_malformed_and_never_an_out_of_range_read()
    {
        var bytes = CodecRoundTrip.Encode(Result);

        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<ScoreResult>(prefix));
            Assert.Throws<WireFormatException>(() =>
                Wire.ReadSegmented(prefix, 2, (ref WireReader r) => CodecRoundTrip.Registry.GetCodec<ScoreResult>().Read(ref r)));
        }
    }

    [Fact]
    public void Every_single_byte_corruption_is_either_read_or_malformed_never_another_failure()
    {
        var bytes = CodecRoundTrip.Encode(Result);

        for (var i = 0; i < bytes.Length; i++)
        {
            foreach (var replacement in new byte[] { 0x00, 0x07, 0x08, 0x7F, 0xFF })
            {
                var corrupt = (byte[])bytes.Clone();
                corrupt[i] = replacement;
                try
                {
                    CodecRoundTrip.Decode<ScoreResult>(corrupt);
                }
                catch (WireFormatException)
                {
                    // The only acceptable failure.
                }
            }
        }
    }

    [Fact]
    public void A_string_length_beyond_the_input_is_refused_before_anything_is_allocated()
    {
        // Tag Bytes, then a length of int.MaxValue (FF FF FF FF 07), then three bytes.
        byte[] hostile = [0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 1, 2, 3];

        var before = GC.GetAllocatedBytesForCurrentThread();
        var exception = Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<string?>(hostile));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("a length of 2147483647 exceeds the 3 bytes left", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, exception.Offset);
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated");
    }

    [Fact]
    public void A_list_count_beyond_the_input_is_refused_before_the_list_is_allocated()
    {
        // ScoreResult's fifth field (Reasons) claims 2^28 elements.
        var bytes = Wire.Write((ref WireWriter w) =>
        {
            w.WriteObjectHeader(9);
            w.WriteString("tx");
            w.WriteDouble(0);
            w.WriteInt32(0);
            w.WriteString("m");
            w.WriteListHeader(1 << 28);
        });

        var before = GC.GetAllocatedBytesForCurrentThread();
        var exception = Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<ScoreResult>(bytes));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("a length of 268435456 exceeds the 0 bytes left", exception.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated");
    }

    [Fact]
    public void A_dictionary_count_needs_two_bytes_per_entry()
    {
        // Three entries claimed, five bytes left: too few for three keys and three values.
        byte[] hostile = [0x09, 0x03, 0, 0, 0, 0, 0];

        var exception = Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<Dictionary<string, ImmutableArray<int>>?>(hostile));

        Assert.Contains("a length of 3 exceeds", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_kind_names_what_was_expected_and_what_was_found()
    {
        var bytes = Wire.Write((ref WireWriter w) => w.WriteString("not a number"));

        var exception = Assert.Throws<WireFormatException>(() => Wire.Read(bytes, (ref WireReader r) => r.ReadInt32()));

        Assert.Equal("Malformed wire data at byte 0: expected a Varint value, found Bytes", exception.Message);
    }

    [Fact]
    public void An_unknown_tag_is_refused()
    {
        var exception = Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<int>([0x0A, 0x00]));

        Assert.Contains("0x0A is not a wire tag", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_varint_longer_than_64_bits_is_refused()
    {
        byte[] hostile = [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02];

        var exception = Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<ulong>(hostile));

        Assert.Contains("longer than 64 bits", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_out_of_the_target_range_are_refused()
    {
        var big = Wire.Write((ref WireWriter w) => w.WriteInt64(int.MaxValue + 1L));
        var two = Wire.Write((ref WireWriter w) => w.WriteUInt64(2));

        Assert.Contains("2147483648 is out of range for int", Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<int>(big)).Message, StringComparison.Ordinal);
        Assert.Contains("2 is not a boolean", Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<bool>(two)).Message, StringComparison.Ordinal);
        Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<byte>(Wire.Write((ref WireWriter w) => w.WriteUInt64(256))));
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        // C3 must be followed by a continuation byte (10xxxxxx); 28 is '('.
        var exception = Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<string?>([0x05, 0x02, 0xC3, 0x28]));

        Assert.Contains("not valid UTF-8", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Impossible_decimals_dates_and_offsets_are_refused()
    {
        // A decimal with scale 29.
        byte[] decimalScale29 = [0x04, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 29, 0];
        // DateTime kind bits 11.
        byte[] dateTimeKind3 = [0x03, 0, 0, 0, 0, 0, 0, 0, 0xC0];
        // An offset of 15 hours (900 minutes, zig-zag 1800 = 0x88 0x0E).
        byte[] offset15Hours = [0x06, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x88, 0x0E];

        Assert.Contains("flags word", Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<decimal>(decimalScale29)).Message, StringComparison.Ordinal);
        Assert.Contains("not a DateTime", Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<DateTime>(dateTimeKind3)).Message, StringComparison.Ordinal);
        Assert.Contains("outside ±14 hours", Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<DateTimeOffset>(offset15Hours)).Message, StringComparison.Ordinal);
        Assert.Contains("not a DateOnly", Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<DateOnly>(CodecRoundTrip.Encode(-1))).Message, StringComparison.Ordinal);
        Assert.Contains("not a TimeOnly", Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<TimeOnly>(CodecRoundTrip.Encode(TimeSpan.TicksPerDay))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_even_inside_a_skipped_field()
    {
        // A VersionOne with a third, unknown field: 100 lists, each holding the next.
        var bytes = Wire.Write((ref WireWriter w) =>
        {
            w.WriteObjectHeader(3);
            w.WriteInt32(1);
            w.WriteString("b");
            for (var i = 0; i < 100; i++)
            {
                w.WriteListHeader(1);
            }

            w.WriteNull();
        });

        var exception = Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<VersionOne>(bytes));

        Assert.Contains($"deeper than {WireReader.MaxDepth} levels", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_and_null_dictionary_keys_are_refused()
    {
        var duplicate = Wire.Write((ref WireWriter w) =>
        {
            w.WriteMapHeader(2);
            w.WriteString("k");
            w.WriteNull();
            w.WriteString("k");
            w.WriteNull();
        });
        var nullKey = Wire.Write((ref WireWriter w) =>
        {
            w.WriteMapHeader(1);
            w.WriteNull();
            w.WriteNull();
        });

        Assert.Contains("'k' appears twice", Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<Dictionary<string, ImmutableArray<int>>?>(duplicate)).Message, StringComparison.Ordinal);
        Assert.Contains("key is null", Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<Dictionary<string, ImmutableArray<int>>?>(nullKey)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_bytes_after_a_value_are_refused()
    {
        var bytes = CodecRoundTrip.Encode(42).Concat(new byte[] { 0x00 }).ToArray();

        var exception = Assert.Throws<WireFormatException>(() => CodecRoundTrip.Decode<int>(bytes));

        Assert.Contains("1 bytes remain", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_in_errors_count_from_the_start_of_a_segmented_input()
    {
        // Two valid ints, then a string where a third int is expected, read through 1-byte segments.
        var bytes = Wire.Write((ref WireWriter w) =>
        {
            w.WriteInt32(1);
            w.WriteInt32(2);
            w.WriteString("x");
        });

        var exception = Assert.Throws<WireFormatException>(() => Wire.ReadSegmented(bytes, 1, (ref WireReader r) =>
        {
            r.ReadInt32();
            r.ReadInt32();
            return r.ReadInt32();
        }));

        // Each int is two bytes (tag and one-byte varint): the string's tag is byte 4.
        Assert.Equal(4, exception.Offset);
    }
}
