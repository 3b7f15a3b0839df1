using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using FraudActors.Grains.Interfaces;
using FraudActors.Silo.Storage.Sqlite;

namespace FraudActors.Silo.Storage.Journal;

/// <summary>
/// The payload of a journal record: one <see cref="LoggedDecision"/>, compact and self-delimiting. Layout
/// (little-endian; "str" is a varint byte count then UTF-8; "varint" is LEB128, "zigzag" a signed varint):
/// <code>
/// u8 version (1)
/// str transaction id, str customer id, str terminal id
/// zigzag amount in cents
/// i64 timestamp UTC ticks, i16 its offset in minutes
/// f64 score, u8 decision, u8 explanation method
/// str model version
/// varint feature schema id (<c>feature_schemas</c>: names are stored once per schema, not per decision)
/// varint feature count, then f64 per feature            (<see cref="DecisionBlobs"/>, as stored in SQLite)
/// varint reason count, then (u16 feature index, f64)     (<see cref="DecisionBlobs"/>)
/// i64 decided-at UTC ticks, i16 its offset in minutes
/// version 2 only, the challenger's score in shadow mode (<see cref="ShadowScore"/>):
/// str shadow model version, f64 shadow score, u8 shadow decision
/// </code>
/// A decision with the 15 features, 3 reasons and short ids takes about 220 bytes.
/// <para>
/// A decision without a shadow score is written as version 1, byte for byte as before version 2 existed: the
/// unshadowed path costs nothing more, and a build that reads only version 1 can still recover such a journal.
/// Version 2 is version 1 with the shadow section appended; readers accept both.
/// </para>
/// </summary>
internal static class DecisionRecord
{
    /// <summary>The layout without a shadow score.</summary>
    public const byte Version = 1;

    /// <summary>The layout with the shadow section after the decided-at instant.</summary>
    public const byte ShadowVersion = 2;

    /// <summary>Encodes a validated decision whose feature schema has id <paramref name="schemaId"/>.</summary>
    /// <exception cref="ArgumentException">A reason is not one of the features, or the record would be too large.</exception>
    public static byte[] Encode(LoggedDecision decision, long schemaId)
    {
        var (request, result) = (decision.Request, decision.Result);
        var transactionBytes = Encoding.UTF8.GetByteCount(request.TransactionId);
        var customerBytes = Encoding.UTF8.GetByteCount(request.CustomerId);
        var terminalBytes = Encoding.UTF8.GetByteCount(request.TerminalId);
        var modelBytes = Encoding.UTF8.GetByteCount(result.ModelVersion);
        var featureBytes = result.Features.Length * sizeof(double);
        var reasonBytes = result.Reasons.Length * DecisionBlobs.BytesPerReason;
        long length = 1
            + VarintBytes((ulong)transactionBytes) + transactionBytes
            + VarintBytes((ulong)customerBytes) + customerBytes
            + VarintBytes((ulong)terminalBytes) + terminalBytes
            + VarintBytes(ZigZag(request.AmountCents))
            + sizeof(long) + sizeof(short)
            + sizeof(double) + 2
            + VarintBytes((ulong)modelBytes) + modelBytes
            + VarintBytes((ulong)schemaId)
            + VarintBytes((ulong)result.Features.Length) + featureBytes
            + VarintBytes((ulong)result.Reasons.Length) + reasonBytes
            + sizeof(long) + sizeof(short);
        var shadow = result.Shadow;
        var shadowModelBytes = 0;
        if (shadow is not null)
        {
            shadowModelBytes = Encoding.UTF8.GetByteCount(shadow.ModelVersion);
            length += VarintBytes((ulong)shadowModelBytes) + shadowModelBytes + sizeof(double) + 1;
        }

        if (length > JournalRecordFormat.MaxPayloadBytes)
        {
            throw new ArgumentException(
                $"Decision {request.TransactionId}: {length} bytes encoded, more than the {JournalRecordFormat.MaxPayloadBytes} a journal record holds.", nameof(decision));
        }

        var payload = new byte[length];
        var span = payload.AsSpan();
        var at = 0;
        span[at++] = shadow is null ? Version : ShadowVersion;
        at += WriteString(span[at..], request.TransactionId, transactionBytes);
        at += WriteString(span[at..], request.CustomerId, customerBytes);
        at += WriteString(span[at..], request.TerminalId, terminalBytes);
        at += WriteVarint(span[at..], ZigZag(request.AmountCents));
        at += WriteInstant(span[at..], request.Timestamp);
        BinaryPrimitives.WriteDoubleLittleEndian(span[at..], result.Score);
        at += sizeof(double);
        span[at++] = (byte)result.Decision;
        span[at++] = (byte)result.Explanation;
        at += WriteString(span[at..], result.ModelVersion, modelBytes);
        at += WriteVarint(span[at..], (ulong)schemaId);
        at += WriteVarint(span[at..], (ulong)result.Features.Length);
        DecisionBlobs.WriteFeatures(span.Slice(at, featureBytes), result.Features);
        at += featureBytes;
        at += WriteVarint(span[at..], (ulong)result.Reasons.Length);
        DecisionBlobs.WriteReasons(span.Slice(at, reasonBytes), result.Reasons, result.Features, request.TransactionId);
        at += reasonBytes;
        at += WriteInstant(span[at..], result.DecidedAt);
        if (shadow is not null)
        {
            at += WriteString(span[at..], shadow.ModelVersion, shadowModelBytes);
            BinaryPrimitives.WriteDoubleLittleEndian(span[at..], shadow.Score);
            at += sizeof(double);
            span[at++] = (byte)shadow.Decision;
        }

        return at == payload.Length ? payload : throw new InvalidOperationException($"Encoded {at} bytes of a {payload.Length}-byte record.");
    }

    /// <summary>The fields of an encoded decision, without allocating (but the ids, read on demand).</summary>
    /// <exception cref="InvalidDataException">The payload is not a decision record of a known version.</exception>
    public static DecisionRecordView Read(ReadOnlySpan<byte> payload) => new(payload);

    /// <summary>The decision, with the feature names of its schema.</summary>
    /// <exception cref="InvalidDataException">The payload is not a decision record of a known version.</exception>
    public static LoggedDecision Decode(ReadOnlySpan<byte> payload, Func<long, ImmutableArray<string>> schemaNames)
    {
        var view = new DecisionRecordView(payload);
        var transactionId = view.TransactionId;
        var features = DecisionBlobs.DecodeFeatures(view.Features, schemaNames(view.SchemaId), transactionId);
        var reasons = DecisionBlobs.DecodeReasons(view.Reasons, features, transactionId);
        var request = new ScoreRequest(transactionId, view.CustomerId, view.TerminalId, view.AmountCents, view.Timestamp);
        var result = new ScoreResult(
            transactionId, view.Score, view.Decision, view.ModelVersion, reasons, view.Explanation, features, view.DecidedAt, Replayed: false,
            view.HasShadow ? new ShadowScore(view.ShadowModelVersion, view.ShadowScore, view.ShadowDecision) : null);
        return new LoggedDecision(request, result);
    }

    internal static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    internal static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    internal static int VarintBytes(ulong value)
    {
        var bytes = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            bytes++;
        }

        return bytes;
    }

    private static int WriteVarint(Span<byte> destination, ulong value)
    {
        var at = 0;
        while (value >= 0x80)
        {
            destination[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[at++] = (byte)value;
        return at;
    }

    private static int WriteString(Span<byte> destination, string value, int byteCount)
    {
        var at = WriteVarint(destination, (ulong)byteCount);
        return at + Encoding.UTF8.GetBytes(value, destination[at..]);
    }

    private static int WriteInstant(Span<byte> destination, DateTimeOffset value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, value.UtcTicks);
        BinaryPrimitives.WriteInt16LittleEndian(destination[sizeof(long)..], (short)(value.Offset.Ticks / TimeSpan.TicksPerMinute));
        return sizeof(long) + sizeof(short);
    }
}
