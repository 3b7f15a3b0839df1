using System.Buffers.Binary;

namespace FraudActors.Silo.Storage.Journal;

/// <summary>
/// How a record sits in a journal segment. Every record starts at a multiple of 8 bytes:
/// <code>
/// offset size
///  0     4    payload length n (uint32 LE), never 0: a zero length is where written data ends
///  4     4    CRC-32C of (length, bytes 8 .. 20+n)
///  8     8    sequence number (uint64 LE): the previous record's plus one, across segments
/// 16     4    index of the record in its write batch (uint32 LE): tells a torn batch from later ones on recovery
/// 20     n    payload (<see cref="DecisionRecord"/>)
/// 20+n   0-7  zero padding to the next multiple of 8
/// </code>
/// A segment is named by its first sequence number and may be preallocated: zeros after the last record.
/// </summary>
internal static class JournalRecordFormat
{
    public const int HeaderBytes = 20;

    public const int Alignment = 8;

    /// <summary>Largest payload accepted: far above any decision, small enough that a corrupt length is caught.</summary>
    public const int MaxPayloadBytes = 16 << 20;

    /// <summary>Bytes a record with an <paramref name="payloadLength"/>-byte payload takes, padding included.</summary>
    public static int RecordBytes(int payloadLength) => (HeaderBytes + payloadLength + Alignment - 1) & ~(Alignment - 1);

    /// <summary>Writes a record (header, payload, padding) at the start of <paramref name="destination"/>.</summary>
    /// <returns>Bytes written.</returns>
    public static int Write(Span<byte> destination, long sequence, int batchIndex, ReadOnlySpan<byte> payload)
    {
        var total = RecordBytes(payload.Length);
        var record = destination[..total];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(record[8..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(record[16..], (uint)batchIndex);
        payload.CopyTo(record[HeaderBytes..]);
        record[(HeaderBytes + payload.Length)..].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], Checksum(record, payload.Length));
        return total;
    }

    /// <summary>
    /// Reads the record at <paramref name="offset"/> if one is there whole and intact (length in range, checksum
    /// right); says nothing about whether its sequence number is the expected one.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> segment, int offset, out JournalRecord record)
    {
        record = default;
        if (offset < 0 || segment.Length - offset < HeaderBytes)
        {
            return false;
        }

        var header = segment[offset..];
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length == 0 || length > MaxPayloadBytes || length > (uint)(segment.Length - offset - HeaderBytes))
        {
            return false;
        }

        var payloadLength = (int)length;
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != Checksum(header, payloadLength))
        {
            return false;
        }

        record = new JournalRecord(
            BinaryPrimitives.ReadInt64LittleEndian(header[8..]),
            (int)BinaryPrimitives.ReadUInt32LittleEndian(header[16..]),
            offset,
            payloadLength);
        return true;
    }

    private static uint Checksum(ReadOnlySpan<byte> record, int payloadLength)
    {
        var crc = Crc32C.Append(Crc32C.Start, (uint)payloadLength);
        return Crc32C.Finish(Crc32C.Append(crc, record[8..(HeaderBytes + payloadLength)]));
    }
}

/// <summary>An intact record found in a segment.</summary>
/// <param name="Sequence">Its sequence number.</param>
/// <param name="BatchIndex">Its position in the batch it was written with.</param>
/// <param name="Offset">Where it starts in the segment.</param>
/// <param name="PayloadLength">Bytes of payload.</param>
internal readonly record struct JournalRecord(long Sequence, int BatchIndex, int Offset, int PayloadLength)
{
    /// <summary>Sequence number of the first record of its batch.</summary>
    public long BatchStart => Sequence - BatchIndex;

    /// <summary>Where the next record starts.</summary>
    public int End => Offset + JournalRecordFormat.RecordBytes(PayloadLength);

    public ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> segment) => segment.Slice(Offset + JournalRecordFormat.HeaderBytes, PayloadLength);
}
