using FraudActors.Ml.Features;
using FraudActors.Silo.Replay;
using FraudActors.Testing;

namespace FraudActors.Grains.Tests.Customers;

public sealed class OnlineOfflineTests(TrainedModel trained) : IClassFixture<TrainedModel>, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task Replaying_a_simulation_through_the_grains_gives_the_batch_features_for_every_transaction()
    {
        // Replaying history must not start retraining on it: that would compete with the replay for the CPU.
        await using var silo = await GrainsSilo.StartAsync(_directory.File("node.db"), trained, new Dictionary<string, string?> { ["Retraining:RetrainEveryLabels"] = "0" });
        var transactions = trained.Dataset.Transactions;
        var online = new double[transactions.Count][];

        await new TransactionReplay(silo.Grains).RunAsync(transactions, feedFraudLabels: true,
            (index, result) => online[index] = result.Features.Select(f => f.Value).ToArray(), TestContext.Current.CancellationToken);

        var mismatches = new List<string>();
        for (var row = 0; row < transactions.Count; row++)
        {
            var batch = trained.Dataset.Features.Row(row);
            for (var feature = 0; feature < FeatureSchema.Count; feature++)
            {
                var (o, b) = (online[row][feature], batch[feature]);
                var equal = IsAverage(feature) ? Math.Abs(o - b) <= 1e-9 * Math.Max(1, Math.Abs(b)) : o == b;
                if (!equal && mismatches.Count < 10)
                {
                    mismatches.Add($"transaction {transactions[row].Id} {FeatureSchema.Names[feature]}: online {o}, batch {b}");
                }
            }
        }

        Assert.Empty(mismatches);

        // The comparison covered the features that depend on labels: terminal risk was non-zero somewhere.
        Assert.Contains(online, values => values[FeatureSchema.TerminalRisk7Day] > 0);
    }

    private static bool IsAverage(int feature) => feature is FeatureSchema.CustomerAvgAmount1Day or FeatureSchema.CustomerAvgAmount7Day
        or FeatureSchema.CustomerAvgAmount30Day or FeatureSchema.TerminalRisk1Day or FeatureSchema.TerminalRisk7Day or FeatureSchema.TerminalRisk30Day;

    public void Dispose() => _directory.Dispose();
}
