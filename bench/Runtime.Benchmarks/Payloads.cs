using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using FraudActors.Grains.Interfaces;
using FraudActors.Ml.Features;
using FraudActors.Runtime.Serialization;

namespace FraudActors.Runtime.Benchmarks;

/// <summary>What a silo sends and answers per scored transaction, shaped like production traffic.</summary>
public static class Payloads
{
    public static ScoreRequest Request { get; } = new(
        "tx-000001234567", "4821", "7310", 5_734, new DateTimeOffset(2025, 4, 1, 10, 15, 42, TimeSpan.Zero));

    public static ScoreResult Result { get; } = CreateResult();

    public static WireSerializer Wire { get; } = new(new WireCodecRegistry());

    /// <summary>Web defaults (camelCase), as the gateway's JSON API uses.</summary>
    public static JsonSerializerOptions ReflectionOptions { get; } = new(JsonSerializerDefaults.Web);

    public static byte[] BinaryBytes<T>(T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Wire.Serialize(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static ScoreResult CreateResult()
    {
        // Values of the magnitudes the features take: an amount, two flags, counts, averages, risks in [0, 1].
        double[] values = [57.34, 0, 1, 3, 41.27, 12, 48.9, 51, 52.03, 87, 0.0115, 612, 0.0082, 2_613, 0.0096];
        var features = FeatureSchema.Names.Select((name, i) => new FeatureValue(name, values[i])).ToImmutableArray();
        ImmutableArray<Reason> reasons =
        [
            new(FeatureSchema.Names[FeatureSchema.TxDuringNight], 1, 1.8734),
            new(FeatureSchema.Names[FeatureSchema.TxAmount], 57.34, 0.4412),
            new(FeatureSchema.Names[FeatureSchema.TerminalRisk7Day], 0.0082, 0.1093),
        ];
        return new ScoreResult(
            "tx-000001234567", 0.73418, Decision.Review, "xgb-20250401-3f9a2c", reasons, ExplanationMethod.PathAttribution,
            features, new DateTimeOffset(2025, 4, 1, 10, 15, 42, 117, TimeSpan.Zero), Replayed: false);
    }
}

/// <summary>System.Text.Json metadata generated at compile time, the fastest way to use it.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ScoreRequest))]
[JsonSerializable(typeof(ScoreResult))]
public sealed partial class PayloadJsonContext : JsonSerializerContext;
