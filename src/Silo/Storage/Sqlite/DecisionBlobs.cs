using System.Buffers.Binary;
using System.Collections.Immutable;
using FraudActors.Grains.Interfaces;

namespace FraudActors.Silo.Storage.Sqlite;

/// <summary>
/// The compact row encoding of a decision's features and reasons. Features: their values as float64 little-endian,
/// in schema order (the names live once per schema in <c>feature_schemas</c>). Reasons: per reason, the feature's
/// index as uint16 little-endian and the contribution as float64 little-endian; the reason's name and value are the
/// feature's, so they are not stored twice.
/// </summary>
internal static class DecisionBlobs
{
    /// <summary>Bytes per reason: a uint16 feature index and a float64 contribution.</summary>
    public const int BytesPerReason = sizeof(ushort) + sizeof(double);

    /// <summary>Most features a schema can have: reasons address them with 16 bits.</summary>
    public const int MaxFeatures = ushort.MaxValue + 1;

    /// <summary>Writes the features' encoding (<c>8 × features</c> bytes) at the start of <paramref name="blob"/>.</summary>
    public static void WriteFeatures(Span<byte> blob, ImmutableArray<FeatureValue> features)
    {
        for (var i = 0; i < features.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(blob[(i * sizeof(double))..], features[i].Value);
        }
    }

    /// <summary>Writes the reasons' encoding (<see cref="BytesPerReason"/> × reasons bytes) at the start of <paramref name="blob"/>.</summary>
    /// <exception cref="ArgumentException">A reason names no feature of the decision with the same value.</exception>
    public static void WriteReasons(Span<byte> blob, ImmutableArray<Reason> reasons, ImmutableArray<FeatureValue> features, string transactionId)
    {
        for (var r = 0; r < reasons.Length; r++)
        {
            var reason = reasons[r] ?? throw new ArgumentException($"Decision {transactionId}: reason {r} is null.", "decision");
            var index = IndexOf(features, reason);
            if (index < 0)
            {
                throw new ArgumentException(
                    $"Decision {transactionId}: reason {r} ('{reason.Feature}' = {reason.Value}) is not one of the decision's features with that value; the log stores a reason as a reference to its feature.",
                    "decision");
            }

            var slot = blob[(r * BytesPerReason)..];
            BinaryPrimitives.WriteUInt16LittleEndian(slot, (ushort)index);
            BinaryPrimitives.WriteDoubleLittleEndian(slot[sizeof(ushort)..], reason.Contribution);
        }
    }

    /// <exception cref="InvalidDataException">The blob does not hold one value per name.</exception>
    public static ImmutableArray<FeatureValue> DecodeFeatures(ReadOnlySpan<byte> blob, ImmutableArray<string> names, string transactionId)
    {
        if (blob.Length != names.Length * sizeof(double))
        {
            throw new InvalidDataException(
                $"Logged decision of transaction {transactionId}: features hold {blob.Length} bytes, the schema has {names.Length} features ({names.Length * sizeof(double)} bytes).");
        }

        var features = ImmutableArray.CreateBuilder<FeatureValue>(names.Length);
        for (var i = 0; i < names.Length; i++)
        {
            features.Add(new FeatureValue(names[i], BinaryPrimitives.ReadDoubleLittleEndian(blob[(i * sizeof(double))..])));
        }

        return features.MoveToImmutable();
    }

    /// <exception cref="InvalidDataException">The blob is cut short or refers to a feature the row does not have.</exception>
    public static ImmutableArray<Reason> DecodeReasons(ReadOnlySpan<byte> blob, ImmutableArray<FeatureValue> features, string transactionId)
    {
        if (blob.Length % BytesPerReason != 0)
        {
            throw new InvalidDataException($"Logged decision of transaction {transactionId}: reasons hold {blob.Length} bytes, not a multiple of {BytesPerReason}.");
        }

        var count = blob.Length / BytesPerReason;
        var reasons = ImmutableArray.CreateBuilder<Reason>(count);
        for (var r = 0; r < count; r++)
        {
            var slot = blob[(r * BytesPerReason)..];
            int index = BinaryPrimitives.ReadUInt16LittleEndian(slot);
            if (index >= features.Length)
            {
                throw new InvalidDataException($"Logged decision of transaction {transactionId}: reason {r} refers to feature {index} of {features.Length}.");
            }

            var feature = features[index];
            reasons.Add(new Reason(feature.Name, feature.Value, BinaryPrimitives.ReadDoubleLittleEndian(slot[sizeof(ushort)..])));
        }

        return reasons.MoveToImmutable();
    }

    private static int IndexOf(ImmutableArray<FeatureValue> features, Reason reason)
    {
        // Same bits, not ==: the value read back must be the reason's exactly (NaN included).
        var bits = BitConverter.DoubleToInt64Bits(reason.Value);
        for (var i = 0; i < features.Length; i++)
        {
            if (string.Equals(features[i].Name, reason.Feature, StringComparison.Ordinal)
                && BitConverter.DoubleToInt64Bits(features[i].Value) == bits)
            {
                return i;
            }
        }

        return -1;
    }
}
