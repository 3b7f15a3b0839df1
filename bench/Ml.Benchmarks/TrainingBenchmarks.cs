using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FraudActors.Ml.Tests.TestData;
using FraudActors.Ml.XGBoost;

namespace FraudActors.Ml.Benchmarks;

/// <summary>
/// Training time for the handbook's training-set size: 67,000 rows × 15 features, 100 rounds, depth 6, eta 0.3,
/// exact (what reproduces the book) against hist, on one and two native threads. Macro benchmark: each iteration trains
/// a whole model once.
/// </summary>
[Config(typeof(Config))]
public class TrainingBenchmarks
{
    private DMatrix _train = null!;

    [Params("exact", "hist")]
    public string TreeMethod { get; set; } = "exact";

    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        var data = HandbookLikeData.Generate(BenchmarkModel.TrainingRows, seed: 2018);
        _train = DMatrix.FromDense(data.Features, data.Rows, data.Columns);
        _train.SetLabels(data.Labels);
    }

    [GlobalCleanup]
    public void Cleanup() => _train.Dispose();

    [Benchmark(Description = "Train 67k x 15, 100 rounds, depth 6")]
    public int Train()
    {
        using var booster = Booster.Train(_train, new BoosterParameters { TreeMethod = TreeMethod, Threads = Threads });
        return booster.BoostedRounds;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(0)
                .WithIterationCount(2));
        }
    }
}
