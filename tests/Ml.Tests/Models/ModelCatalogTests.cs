using System.Collections.Immutable;
using FraudActors.Ml.Features;
using FraudActors.Ml.Models;
using FraudActors.Testing;

namespace FraudActors.Ml.Tests.Models;

public sealed class ModelCatalogTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private static ModelManifest Manifest(string version, DateTimeOffset createdAt) => new(
        version,
        new string('c', 64),
        createdAt,
        "test",
        null,
        new TrainingDataSummary(new DateOnly(2018, 7, 25), new DateOnly(2018, 7, 31), 100, 3, new string('d', 64), "test"),
        ImmutableSortedDictionary<string, string>.Empty.Add("max_depth", "6"),
        FeatureSchema.Hash,
        FeatureSchema.Names,
        new HoldoutScores(new DateOnly(2018, 8, 8), new DateOnly(2018, 8, 14), 50, 2, 0.86, 0.64, 0.27));

    [Fact]
    public async Task Manifests_round_trip_and_list_oldest_first()
    {
        var catalog = new ModelCatalog(_directory.Path);
        var later = Manifest("v2", new DateTimeOffset(2018, 8, 2, 0, 0, 0, TimeSpan.Zero));
        var earlier = Manifest("v1", new DateTimeOffset(2018, 8, 1, 0, 0, 0, TimeSpan.Zero));
        await catalog.SaveAsync(later, TestContext.Current.CancellationToken);
        await catalog.SaveAsync(earlier, TestContext.Current.CancellationToken);

        var read = await catalog.FindAsync("v1", TestContext.Current.CancellationToken);

        Assert.NotNull(read);
        Assert.Equal(earlier.Training, read.Training);
        Assert.Equal(earlier.Holdout, read.Holdout);
        Assert.Equal(earlier.FeatureNames, read.FeatureNames);
        Assert.Equal("6", read.Parameters["max_depth"]);
        Assert.Equal(["v1", "v2"], (await catalog.ListAsync(TestContext.Current.CancellationToken)).Select(m => m.Version));
    }

    [Fact]
    public async Task Versions_are_immutable_and_only_existing_ones_can_be_champion()
    {
        var catalog = new ModelCatalog(_directory.Path);
        await catalog.SaveAsync(Manifest("v1", DateTimeOffset.UnixEpoch), TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<InvalidOperationException>(() => catalog.SaveAsync(Manifest("v1", DateTimeOffset.UnixEpoch), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<InvalidOperationException>(() => catalog.SetChampionAsync("v9", TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentException>(() => catalog.FindAsync("../x", TestContext.Current.CancellationToken));

        Assert.Null(await catalog.GetChampionAsync(TestContext.Current.CancellationToken));
        await catalog.SetChampionAsync("v1", TestContext.Current.CancellationToken);
        Assert.Equal("v1", await catalog.GetChampionAsync(TestContext.Current.CancellationToken));
    }

    public void Dispose() => _directory.Dispose();
}
