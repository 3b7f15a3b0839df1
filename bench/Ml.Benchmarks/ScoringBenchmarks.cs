using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FraudActors.Ml.XGBoost;

namespace FraudActors.Ml.Benchmarks;

/// <summary>
/// Cost per row of scoring and explaining one transaction: XGBoost through the C API against the managed evaluator,
/// on the same model. Batch benchmarks report per row (OperationsPerInvoke = 10,000).
/// </summary>
[Config(typeof(Config))]
public class ScoringBenchmarks
{
    private BenchmarkModel _model = null!;
    private DMatrix _cachedMatrix = null!;
    private float[] _batchOut = null!;
    private float[] _contributions = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchmarkModel.Instance;
        _cachedMatrix = DMatrix.FromDense(_model.Batch, BenchmarkModel.BatchRows, 15);
        _batchOut = new float[BenchmarkModel.BatchRows];
        _contributions = new float[16];
    }

    [GlobalCleanup]
    public void Cleanup() => _cachedMatrix.Dispose();

    [Benchmark(Description = "XGBoost in-place row (nthread default)")]
    public float XGBoostInPlaceRow() => _model.Booster.PredictRow(NextRow());

    [Benchmark(Description = "XGBoost in-place row (nthread=1)")]
    public float XGBoostInPlaceRowOneThread() => _model.BoosterOneThread.PredictRow(NextRow());

    [Benchmark(Description = "XGBoost in-place dense batch, per row", OperationsPerInvoke = BenchmarkModel.BatchRows)]
    public void XGBoostDenseBatch() => _model.Booster.PredictDense(_model.Batch, _batchOut);

    [Benchmark(Description = "XGBoost new DMatrix + predict, per row", OperationsPerInvoke = BenchmarkModel.BatchRows)]
    public void XGBoostNewMatrixBatch()
    {
        using var matrix = DMatrix.FromDense(_model.Batch, BenchmarkModel.BatchRows, 15);
        _model.Booster.Predict(matrix, _batchOut);
    }

    [Benchmark(Description = "XGBoost new DMatrix only, per row", OperationsPerInvoke = BenchmarkModel.BatchRows)]
    public long XGBoostNewMatrixOnly()
    {
        using var matrix = DMatrix.FromDense(_model.Batch, BenchmarkModel.BatchRows, 15);
        return matrix.Rows;
    }

    /// <summary>XGBoost caches predictions per DMatrix: repeating a prediction on the same matrix only copies the cache.</summary>
    [Benchmark(Description = "XGBoost same DMatrix again (cache hit), per row", OperationsPerInvoke = BenchmarkModel.BatchRows)]
    public void XGBoostCachedMatrixBatch() => _model.Booster.Predict(_cachedMatrix, _batchOut);

    [Benchmark(Description = "XGBoost row pred_contribs (nthread=1)")]
    public float XGBoostRowShap()
    {
        _model.BoosterOneThread.PredictRowContributions(NextRow(), _contributions);
        return _contributions[15];
    }

    [Benchmark(Description = "XGBoost row approx_contribs (nthread=1)")]
    public float XGBoostRowSaabas()
    {
        _model.BoosterOneThread.PredictRowContributions(NextRow(), _contributions, approximate: true);
        return _contributions[15];
    }

    [Benchmark(Description = "Managed row probability")]
    public float ManagedRow() => _model.Ensemble.PredictProbability(NextRow());

    [Benchmark(Description = "Managed batch probabilities, per row", OperationsPerInvoke = BenchmarkModel.BatchRows)]
    public void ManagedBatch() => _model.Ensemble.PredictProbabilities(_model.Batch, _batchOut);

    [Benchmark(Description = "Managed row Saabas")]
    public float ManagedRowSaabas()
    {
        _model.Ensemble.SaabasContributions(NextRow(), _contributions);
        return _contributions[15];
    }

    [Benchmark(Description = "Managed row TreeSHAP")]
    public float ManagedRowShap()
    {
        _model.Ensemble.ShapContributions(NextRow(), _contributions);
        return _contributions[15];
    }

    private ReadOnlySpan<float> NextRow()
    {
        var row = _next;
        _next = (_next + 1) & (BenchmarkModel.PoolRows - 1);
        return _model.Pool.AsSpan(row * 15, 15);
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithWarmupCount(3)
                .WithIterationCount(10)
                .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250)));
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }
}
