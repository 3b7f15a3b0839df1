using FraudActors.Ml.Artifacts;
using FraudActors.Ml.Evaluation;
using FraudActors.Ml.Features;
using FraudActors.Ml.Models;
using FraudActors.Ml.Simulation;
using FraudActors.Ml.Training;
using FraudActors.Ml.XGBoost;

namespace FraudActors.Testing;

/// <summary>
/// A real model for tests, trained in about a second on a small simulated data set, stored in a temporary
/// artifact store with its manifest and made champion: what <c>fraudctl train</c> leaves behind, in miniature.
/// </summary>
public sealed class TrainedModel : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    /// <summary>Simulates, trains and stores.</summary>
    public TrainedModel()
    {
        Simulation = TransactionSimulator.Run(Options);
        Dataset = LabelledDataset.From(Simulation.Transactions.ToArray(), "test simulation");
        var protocol = new HandbookProtocol(Options.StartDate.AddDays(35));
        var split = protocol.Split(Dataset.Transactions);
        var set = TrainingSet.FromRows(Dataset, split.TrainRows.AsSpan());
        var parameters = new BoosterParameters { TreeMethod = "hist", Rounds = 30, MaxDepth = 4, Threads = 1 };
        ModelJson = ModelTrainer.Train(set, parameters);

        var sha = ContentHash.Of(ModelJson);
        Manifest = new ModelManifest(
            ModelManifest.NewVersion(new DateTimeOffset(2018, 6, 1, 0, 0, 0, TimeSpan.Zero), sha),
            sha,
            new DateTimeOffset(2018, 6, 1, 0, 0, 0, TimeSpan.Zero),
            "test",
            null,
            new TrainingDataSummary(protocol.TrainingStart, protocol.TrainingLastDay, set.Rows, set.Frauds, set.DataSha256, "test simulation"),
            ModelTrainer.Describe(parameters),
            FeatureSchema.Hash,
            FeatureSchema.Names,
            Holdout: null);
        Model = ScoringModel.Load(Manifest, ModelJson);
        new FileSystemArtifactStore(ArtifactsPath).PutAsync(ModelJson, CancellationToken.None).GetAwaiter().GetResult();
        var catalog = new ModelCatalog(ArtifactsPath);
        catalog.SaveAsync(Manifest, CancellationToken.None).GetAwaiter().GetResult();
        catalog.SetChampionAsync(Manifest.Version, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Trains another version on the same data (other parameters), stores it and adds its manifest to the catalog
    /// (not as champion): a second model for lifecycle tests.
    /// </summary>
    public ModelManifest AddVersion(int rounds, int maxDepth, DateTimeOffset createdAt)
    {
        var protocol = new HandbookProtocol(Options.StartDate.AddDays(35));
        var set = TrainingSet.FromRows(Dataset, protocol.Split(Dataset.Transactions).TrainRows.AsSpan());
        var parameters = new BoosterParameters { TreeMethod = "hist", Rounds = rounds, MaxDepth = maxDepth, Threads = 1 };
        var json = ModelTrainer.Train(set, parameters);
        var sha = new FileSystemArtifactStore(ArtifactsPath).PutAsync(json, CancellationToken.None).GetAwaiter().GetResult();
        var manifest = Manifest with
        {
            Version = ModelManifest.NewVersion(createdAt, sha),
            ArtifactSha256 = sha,
            CreatedAt = createdAt,
            Parameters = ModelTrainer.Describe(parameters),
        };
        new ModelCatalog(ArtifactsPath).SaveAsync(manifest, CancellationToken.None).GetAwaiter().GetResult();
        return manifest;
    }

    /// <summary>Where the store keeps an artifact (its documented layout), so tests can damage one.</summary>
    public string ArtifactPath(string sha256) => Path.Combine(ArtifactsPath, "objects", "sha256", sha256[..2], sha256);

    /// <summary>The simulation settings: small, but with every fraud scenario.</summary>
    public static SimulationOptions Options { get; } = new() { Customers = 300, Terminals = 600, Days = 70, Seed = 11 };

    /// <summary>The simulated transactions, time-ordered.</summary>
    public SimulatedDataset Simulation { get; }

    /// <summary>The transactions with their batch features.</summary>
    public LabelledDataset Dataset { get; }

    /// <summary>The model in XGBoost's JSON format.</summary>
    public byte[] ModelJson { get; }

    /// <summary>The model's manifest (also in the catalog, as champion).</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The loaded model.</summary>
    public ScoringModel Model { get; }

    /// <summary>An artifact directory holding the model as champion (copy it when a test changes it).</summary>
    public string ArtifactsPath => _directory.Path;

    /// <inheritdoc />
    public void Dispose() => _directory.Dispose();
}
