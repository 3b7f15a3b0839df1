using System.Buffers.Binary;
using System.Collections.Immutable;
using FraudActors.Ml.Features;
using FraudActors.Ml.Training;

namespace FraudActors.Silo.Storage;

/// <summary>
/// Turns logged decisions, as either decision log stores them, into <see cref="LabelledRows"/> for retraining: the
/// features exactly as logged (a float64 blob in the order of the row's feature schema) mapped by name onto
/// <see cref="FeatureSchema"/>, and each customer id numbered densely. A decision logged under a schema that lacks one
/// of the model's features cannot train it and is skipped. Rows must come in time order.
/// </summary>
internal sealed class LabelledRowsBuilder
{
    private readonly Dictionary<string, int> _customers = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int[]?> _mappings = [];
    private readonly float[] _features = new float[FeatureSchema.Count];

    /// <summary>The rows added so far.</summary>
    public LabelledRows Rows { get; } = new();

    /// <summary>Whether the names of schema <paramref name="schemaId"/> must be given (<see cref="AddSchema"/>) before a row of it.</summary>
    public bool NeedsSchema(long schemaId) => !_mappings.ContainsKey(schemaId);

    /// <summary>Learns the feature names of a schema.</summary>
    public void AddSchema(long schemaId, ImmutableArray<string> names) => _mappings[schemaId] = Map(names);

    /// <summary>Adds one logged decision (skipped when its schema lacks a model feature).</summary>
    /// <exception cref="InvalidDataException">The blob is too short for its schema.</exception>
    public void Add(long unixSeconds, string customerId, bool isFraud, long schemaId, ReadOnlySpan<byte> featureBlob)
    {
        var mapping = _mappings[schemaId];
        if (mapping is null)
        {
            return;
        }

        for (var i = 0; i < mapping.Length; i++)
        {
            var offset = mapping[i] * sizeof(double);
            if (offset + sizeof(double) > featureBlob.Length)
            {
                throw new InvalidDataException($"A logged decision's features hold {featureBlob.Length} bytes, too few for its schema {schemaId}.");
            }

            _features[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(featureBlob[offset..]);
        }

        if (!_customers.TryGetValue(customerId, out var customer))
        {
            customer = _customers.Count;
            _customers.Add(customerId, customer);
        }

        Rows.Add(unixSeconds, customer, isFraud, _features);
    }

    /// <summary>For each of the model's features, its index in the logged schema; null when the schema lacks one.</summary>
    private static int[]? Map(ImmutableArray<string> logged)
    {
        var mapping = new int[FeatureSchema.Count];
        for (var i = 0; i < FeatureSchema.Count; i++)
        {
            mapping[i] = logged.IndexOf(FeatureSchema.Names[i], StringComparer.Ordinal);
            if (mapping[i] < 0)
            {
                return null;
            }
        }

        return mapping;
    }
}
