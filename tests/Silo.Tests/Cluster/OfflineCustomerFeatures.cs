using System.Text.Json.Nodes;
using FraudActors.Ml.Features;
using FraudActors.Ml.Training;
using FraudActors.Silo.Replay;

namespace FraudActors.Silo.Tests.Cluster;

/// <summary>
/// The customer window features the batch pipeline (<see cref="BatchFeatureBuilder"/>, through
/// <see cref="LabelledDataset"/>) computes for each simulated transaction: what a cluster that lost nothing and
/// double-counted nothing must have decided with. A time-ordered prefix of the transactions has the same features as
/// the whole set, since windows look back only.
/// </summary>
internal sealed class OfflineCustomerFeatures
{
    /// <summary>The customer features by schema index (counts and average amounts over 1, 7 and 30 days).</summary>
    public static readonly int[] Columns =
    [
        FeatureSchema.CustomerNbTx1Day, FeatureSchema.CustomerAvgAmount1Day,
        FeatureSchema.CustomerNbTx7Day, FeatureSchema.CustomerAvgAmount7Day,
        FeatureSchema.CustomerNbTx30Day, FeatureSchema.CustomerAvgAmount30Day,
    ];

    private readonly Dictionary<string, double[]> _byTransaction = new(StringComparer.Ordinal);

    public OfflineCustomerFeatures(LabelledDataset dataset)
    {
        for (var row = 0; row < dataset.Transactions.Count; row++)
        {
            var features = dataset.Features.Row(row);
            var customer = new double[Columns.Length];
            for (var i = 0; i < Columns.Length; i++)
            {
                customer[i] = features[Columns[i]];
            }

            _byTransaction[TransactionReplay.ToRequest(dataset.Transactions[row]).TransactionId] = customer;
        }
    }

    /// <summary>
    /// Null when <paramref name="features"/> (a JSON object of feature values by name, as the API returns them) holds
    /// the batch pipeline's customer features of <paramref name="transactionId"/>; else what differs.
    /// </summary>
    public string? Mismatch(string transactionId, JsonNode features)
    {
        var expected = _byTransaction[transactionId];
        var differences = Columns.Select((column, i) => (Name: FeatureSchema.Names[column], Expected: expected[i], Actual: features[FeatureSchema.Names[column]]?.GetValue<double>()))
            .Where(f => f.Actual != f.Expected)
            .Select(f => $"{f.Name} {f.Actual} (offline {f.Expected})")
            .ToArray();
        return differences.Length == 0 ? null : $"{transactionId}: {string.Join(", ", differences)}";
    }

    /// <summary>As <see cref="Mismatch(string, JsonNode)"/>, for features as the grains return them.</summary>
    public string? Mismatch(string transactionId, IEnumerable<Grains.Interfaces.FeatureValue> features)
    {
        var json = new JsonObject();
        foreach (var feature in features)
        {
            json[feature.Name] = feature.Value;
        }

        return Mismatch(transactionId, json);
    }
}
