using System.Text;
using FraudActors.Runtime.Invocation;

namespace FraudActors.Runtime.Tests.Serialization;

public sealed class WirePrimitiveRoundTripTests
{
    [Fact]
    public void Integers_round_trip_at_their_limits()
    {
        AssertRoundTrips(false, true);
        AssertRoundTrips(byte.MinValue, byte.MaxValue);
        AssertRoundTrips(sbyte.MinValue, (sbyte)-1, (sbyte)0, sbyte.MaxValue);
        AssertRoundTrips(short.MinValue, (short)-1, short.MaxValue);
        AssertRoundTrips(ushort.MinValue, ushort.MaxValue);
        AssertRoundTrips('\0', 'a', '\uD800', '\uFFFF');
        AssertRoundTrips(int.MinValue, -1, 0, 1, 127, 128, int.MaxValue);
        AssertRoundTrips(uint.MinValue, uint.MaxValue);
        AssertRoundTrips(long.MinValue, -1L, 0L, long.MaxValue);
        AssertRoundTrips(ulong.MinValue, 1UL << 63, ulong.MaxValue);
    }

    [Fact]
    public void Doubles_round_trip_bit_for_bit_including_nan_payloads_and_negative_zero()
    {
        double[] values =
        [
            0.0, -0.0, double.Epsilon, -double.Epsilon, double.MinValue, double.MaxValue,
            double.PositiveInfinity, double.NegativeInfinity, double.NaN,
            BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234), 0.1,
        ];
        foreach (var value in values)
        {
            foreach (var back in CodecRoundTrip.ReadBackEveryWay(value))
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(back));
            }
        }
    }

    [Fact]
    public void Floats_round_trip_bit_for_bit_including_nan_payloads_and_negative_zero()
    {
        float[] values =
        [
            0f, -0f, float.Epsilon, float.MinValue, float.MaxValue, float.PositiveInfinity, float.NegativeInfinity,
            float.NaN, BitConverter.Int32BitsToSingle(0x7FC0_0123),
        ];
        foreach (var value in values)
        {
            foreach (var back in CodecRoundTrip.ReadBackEveryWay(value))
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(value), BitConverter.SingleToInt32Bits(back));
            }
        }
    }

    [Fact]
    public void Decimals_keep_their_scale_and_sign()
    {
        decimal[] values =
        [
            0m, 1.0m, 1.00m, -1.000m, decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m,
            new decimal(0, 0, 0, isNegative: true, scale: 3),
        ];
        foreach (var value in values)
        {
            foreach (var back in CodecRoundTrip.ReadBackEveryWay(value))
            {
                // decimal equality ignores scale (1.0m == 1.00m): compare the four parts instead.
                Assert.Equal(decimal.GetBits(value), decimal.GetBits(back));
            }
        }
    }

    [Fact]
    public void Strings_round_trip_empty_null_and_beyond_the_basic_plane()
    {
        AssertRoundTrips<string?>(null, string.Empty, "a", "é", "€", "𝄞😀", "mixed ascii, ü, 中文 and 🎉");

        // 42 three-byte chars fill the one-byte length exactly; 43 take the long path.
        AssertRoundTrips(new string('€', 42), new string('€', 43), new string('a', 127), new string('a', 128));

        // Long enough to be encoded in several chunks, with surrogate pairs straddling every chunk boundary.
        var builder = new StringBuilder();
        for (var i = 0; i < 5_000; i++)
        {
            builder.Append(i % 3 == 0 ? "😀" : "x€");
        }

        AssertRoundTrips(builder.ToString());
    }

    [Fact]
    public void A_lone_surrogate_is_written_as_the_replacement_character()
    {
        var back = CodecRoundTrip.Decode<string?>(CodecRoundTrip.Encode<string?>("a\uD800b"));

        Assert.Equal("a\uFFFDb", back);
    }

    [Fact]
    public void Byte_arrays_round_trip_null_empty_and_larger_than_a_chunk()
    {
        var large = new byte[10_000];
        new Random(7).NextBytes(large);

        foreach (var value in new[] { null, Array.Empty<byte>(), large })
        {
            foreach (var back in CodecRoundTrip.ReadBackEveryWay(value))
            {
                Assert.Equal(value, back);
            }
        }
    }

    [Fact]
    public void Guids_and_time_spans_round_trip()
    {
        AssertRoundTrips(Guid.Empty, Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), Guid.AllBitsSet);
        AssertRoundTrips(TimeSpan.MinValue, TimeSpan.FromTicks(-1), TimeSpan.Zero, TimeSpan.MaxValue);
    }

    [Fact]
    public void Dates_and_times_of_day_round_trip_to_the_tick()
    {
        AssertRoundTrips(DateOnly.MinValue, new DateOnly(2024, 2, 29), DateOnly.MaxValue);
        AssertRoundTrips(TimeOnly.MinValue, new TimeOnly(23, 59, 59).Add(TimeSpan.FromTicks(1234567)), TimeOnly.MaxValue);
    }

    [Fact]
    public void Date_times_keep_their_ticks_and_kind()
    {
        DateTime[] values =
        [
            DateTime.MinValue, DateTime.MaxValue,
            new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(1234567),
            new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Local),
            new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Unspecified),
        ];
        foreach (var value in values)
        {
            foreach (var back in CodecRoundTrip.ReadBackEveryWay(value))
            {
                Assert.Equal(value.Ticks, back.Ticks);
                Assert.Equal(value.Kind, back.Kind);
            }
        }
    }

    [Fact]
    public void Date_time_offsets_keep_their_clock_time_and_offset()
    {
        var clock = new DateTime(2025, 3, 30, 1, 30, 0).AddTicks(9_876_543);
        DateTimeOffset[] values =
        [
            DateTimeOffset.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.UnixEpoch,
            new(clock, TimeSpan.FromHours(14)), new(clock, TimeSpan.FromHours(-14)),
            new(clock, new TimeSpan(5, 45, 0)), new(clock, new TimeSpan(-3, -30, 0)),
            new(DateTime.MinValue.AddHours(14), TimeSpan.FromHours(14)),
        ];
        foreach (var value in values)
        {
            foreach (var back in CodecRoundTrip.ReadBackEveryWay(value))
            {
                // DateTimeOffset equality compares instants only: the offset must survive too.
                Assert.True(value.EqualsExact(back), $"{value:O} came back as {back:O}");
            }
        }
    }

    [Fact]
    public void No_result_is_a_single_null_byte()
    {
        Assert.Equal([0], CodecRoundTrip.Encode(default(NoResult)));
        Assert.Equal(default, CodecRoundTrip.Decode<NoResult>([0]));
    }

    private static void AssertRoundTrips<T>(params T[] values)
    {
        foreach (var value in values)
        {
            foreach (var back in CodecRoundTrip.ReadBackEveryWay(value))
            {
                Assert.Equal(value, back);
            }
        }
    }
}
