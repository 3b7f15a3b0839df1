using System.Text;
using FraudActors.Silo.Storage.Journal;

namespace FraudActors.Silo.Tests.Storage.Journal;

public sealed class JournalRecordFormatTests
{
    [Fact]
    public void Crc32C_matches_the_published_check_value()
    {
        // RFC 3720 (iSCSI) and every CRC catalogue: CRC-32C of "123456789" is 0xE3069283.
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void A_record_reads_back_and_any_flipped_bit_makes_it_unreadable()
    {
        var payload = Encoding.UTF8.GetBytes("a payload of 29 bytes, padded");
        var buffer = new byte[JournalRecordFormat.RecordBytes(payload.Length) + 8];

        var written = JournalRecordFormat.Write(buffer, sequence: 77, batchIndex: 3, payload);

        Assert.Equal(0, written % 8);
        Assert.True(JournalRecordFormat.TryRead(buffer, 0, out var record));
        Assert.Equal((77L, 3, 74L, written), (record.Sequence, record.BatchIndex, record.BatchStart, record.End));
        Assert.Equal(payload, record.Payload(buffer).ToArray());
        for (var bit = 0; bit < (JournalRecordFormat.HeaderBytes + payload.Length) * 8; bit++)
        {
            var damaged = (byte[])buffer.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(JournalRecordFormat.TryRead(damaged, 0, out _), $"bit {bit} flipped");
        }
    }
}
