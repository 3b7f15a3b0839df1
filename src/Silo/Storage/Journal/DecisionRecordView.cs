using System.Buffers.Binary;
using System.Text;
using FraudActors.Grains.Interfaces;
using FraudActors.Silo.Storage.Sqlite;

namespace FraudActors.Silo.Storage.Journal;

/// <summary>
/// The fields of one <see cref="DecisionRecord"/> payload, located once; strings are decoded only when asked for.
/// </summary>
internal readonly ref struct DecisionRecordView
{
    private readonly ReadOnlySpan<byte> _payload;
    private readonly Range _transactionId;
    private readonly Range _customerId;
    private readonly Range _terminalId;
    private readonly Range _modelVersion;
    private readonly Range _shadowModelVersion;

    /// <exception cref="InvalidDataException">The payload is cut short, malformed, or of an unknown version.</exception>
    public DecisionRecordView(ReadOnlySpan<byte> payload)
    {
        _payload = payload;
        try
        {
            var version = payload[0];
            if (version is not (DecisionRecord.Version or DecisionRecord.ShadowVersion))
            {
                throw new InvalidDataException(
                    $"Journal record of an unknown version {version} (this build reads versions {DecisionRecord.Version} and {DecisionRecord.ShadowVersion}).");
            }

            var at = 1;
            _transactionId = ReadString(payload, ref at);
            _customerId = ReadString(payload, ref at);
            _terminalId = ReadString(payload, ref at);
            AmountCents = DecisionRecord.UnZigZag(ReadVarint(payload, ref at));
            Timestamp = ReadInstant(payload, ref at);
            Score = BinaryPrimitives.ReadDoubleLittleEndian(payload[at..]);
            at += sizeof(double);
            Decision = (Decision)payload[at++];
            Explanation = (ExplanationMethod)payload[at++];
            _modelVersion = ReadString(payload, ref at);
            SchemaId = checked((long)ReadVarint(payload, ref at));
            var features = checked((int)ReadVarint(payload, ref at));
            Features = payload.Slice(at, checked(features * sizeof(double)));
            at += Features.Length;
            var reasons = checked((int)ReadVarint(payload, ref at));
            Reasons = payload.Slice(at, checked(reasons * DecisionBlobs.BytesPerReason));
            at += Reasons.Length;
            DecidedAt = ReadInstant(payload, ref at);
            if (version == DecisionRecord.ShadowVersion)
            {
                HasShadow = true;
                _shadowModelVersion = ReadString(payload, ref at);
                ShadowScore = BinaryPrimitives.ReadDoubleLittleEndian(payload[at..]);
                at += sizeof(double);
                ShadowDecision = (Decision)payload[at++];
            }

            if (at != payload.Length)
            {
                throw new InvalidDataException($"Journal record has {payload.Length - at} bytes after the decision.");
            }
        }
        catch (Exception exception) when (exception is ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException or ArgumentException)
        {
            throw new InvalidDataException("Journal record is not a well-formed decision.", exception);
        }

        if (!Enum.IsDefined(Decision) || !Enum.IsDefined(Explanation) || (HasShadow && !Enum.IsDefined(ShadowDecision)))
        {
            throw new InvalidDataException(
                $"Journal record holds decision {(int)Decision}, explanation {(int)Explanation} and shadow decision {(int)ShadowDecision}, not all known values.");
        }
    }

    public string TransactionId => Encoding.UTF8.GetString(_payload[_transactionId]);

    public string CustomerId => Encoding.UTF8.GetString(_payload[_customerId]);

    public string TerminalId => Encoding.UTF8.GetString(_payload[_terminalId]);

    public string ModelVersion => Encoding.UTF8.GetString(_payload[_modelVersion]);

    /// <summary>The ids and model version as UTF-8, as the indexer binds them (no string is decoded).</summary>
    public ReadOnlySpan<byte> TransactionIdUtf8 => _payload[_transactionId];

    /// <inheritdoc cref="TransactionIdUtf8"/>
    public ReadOnlySpan<byte> CustomerIdUtf8 => _payload[_customerId];

    /// <inheritdoc cref="TransactionIdUtf8"/>
    public ReadOnlySpan<byte> TerminalIdUtf8 => _payload[_terminalId];

    /// <inheritdoc cref="TransactionIdUtf8"/>
    public ReadOnlySpan<byte> ModelVersionUtf8 => _payload[_modelVersion];

    public long AmountCents { get; }

    public DateTimeOffset Timestamp { get; }

    public double Score { get; }

    public Decision Decision { get; }

    public ExplanationMethod Explanation { get; }

    public long SchemaId { get; }

    /// <summary>The features as <see cref="DecisionBlobs"/> encodes them (and SQLite stores them).</summary>
    public ReadOnlySpan<byte> Features { get; }

    /// <summary>The reasons as <see cref="DecisionBlobs"/> encodes them (and SQLite stores them).</summary>
    public ReadOnlySpan<byte> Reasons { get; }

    public DateTimeOffset DecidedAt { get; }

    /// <summary>Whether the record holds the challenger's shadow score (version 2); the shadow fields are default otherwise.</summary>
    public bool HasShadow { get; }

    /// <summary>The challenger's version, when <see cref="HasShadow"/>.</summary>
    public string ShadowModelVersion => Encoding.UTF8.GetString(_payload[_shadowModelVersion]);

    /// <inheritdoc cref="TransactionIdUtf8"/>
    public ReadOnlySpan<byte> ShadowModelVersionUtf8 => _payload[_shadowModelVersion];

    public double ShadowScore { get; }

    public Decision ShadowDecision { get; }

    private static ulong ReadVarint(ReadOnlySpan<byte> payload, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = payload[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("Journal record holds a varint longer than 64 bits.");
    }

    private static Range ReadString(ReadOnlySpan<byte> payload, ref int at)
    {
        var length = checked((int)ReadVarint(payload, ref at));
        var start = at;
        at = checked(at + length);
        if (at > payload.Length)
        {
            throw new InvalidDataException("Journal record holds a string running past its end.");
        }

        return start..at;
    }

    private static DateTimeOffset ReadInstant(ReadOnlySpan<byte> payload, ref int at)
    {
        var ticks = BinaryPrimitives.ReadInt64LittleEndian(payload[at..]);
        var offsetMinutes = BinaryPrimitives.ReadInt16LittleEndian(payload[(at + sizeof(long))..]);
        at += sizeof(long) + sizeof(short);
        return new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));
    }
}
