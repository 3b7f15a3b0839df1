using FraudActors.Ml.Tests.TestData;
using FraudActors.Ml.Trees;
using FraudActors.Ml.XGBoost;

namespace FraudActors.Ml.Benchmarks;

/// <summary>
/// A model shaped like ours: 100 trees, depth 6, 15 features, trained with the handbook defaults (exact) on 67,000
/// handbook-shaped rows, the size of the book's training week. Built once per process and shared by every benchmark
/// (the in-process toolchain keeps statics alive across benchmark cases).
/// </summary>
internal sealed class BenchmarkModel
{
    public const int TrainingRows = 67_000;
    public const int BatchRows = 10_000;
    public const int PoolRows = 1_024;

    private static readonly Lazy<BenchmarkModel> Shared = new(() => new BenchmarkModel());

    private BenchmarkModel()
    {
        var training = HandbookLikeData.Generate(TrainingRows, seed: 2018);
        using var matrix = DMatrix.FromDense(training.Features, training.Rows, training.Columns);
        matrix.SetLabels(training.Labels);
        using var trained = Booster.Train(matrix, new BoosterParameters { Threads = 1 });
        Json = trained.SaveJson();

        // Serving boosters are loaded from JSON as a silo would load them: one with XGBoost's default thread count
        // (all cores), one pinned to one native thread.
        Booster = Booster.Load(Json);
        BoosterOneThread = Booster.Load(Json);
        BoosterOneThread.SetParameter("nthread", "1");
        Ensemble = TreeEnsemble.FromXGBoostJson(Json);

        var unseen = HandbookLikeData.Generate(BatchRows, seed: 2019, missingRate: 0.01);
        Batch = unseen.Features;
        Pool = unseen.Features.AsSpan(0, PoolRows * 15).ToArray();
    }

    public static BenchmarkModel Instance => Shared.Value;

    public byte[] Json { get; }

    public Booster Booster { get; }

    public Booster BoosterOneThread { get; }

    public TreeEnsemble Ensemble { get; }

    /// <summary>10,000 unseen rows, row-major.</summary>
    public float[] Batch { get; }

    /// <summary>The first 1,024 unseen rows; single-row benchmarks cycle through them so branches vary as in production.</summary>
    public float[] Pool { get; }
}
