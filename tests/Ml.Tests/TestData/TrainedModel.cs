using FraudActors.Ml.Trees;
using FraudActors.Ml.XGBoost;

namespace FraudActors.Ml.Tests.TestData;

/// <summary>
/// One small handbook-shaped model trained once per test class (xunit class fixture): 4,000 rows with 2 % missing
/// values, depth 6, 30 rounds, one native thread so the tests stay fast and deterministic on a busy 2-core machine.
/// </summary>
public sealed class TrainedModel : IDisposable
{
    public TrainedModel()
    {
        Data = HandbookLikeData.Generate(4_000, seed: 11, missingRate: 0.02);
        Matrix = DMatrix.FromDense(Data.Features, Data.Rows, Data.Columns);
        Matrix.SetLabels(Data.Labels);
        Parameters = new BoosterParameters { Rounds = 30, Threads = 1 };
        Booster = Booster.Train(Matrix, Parameters);
        Json = Booster.SaveJson();
        Ensemble = TreeEnsemble.FromXGBoostJson(Json);
    }

    internal LabelledRows Data { get; }

    internal DMatrix Matrix { get; }

    internal BoosterParameters Parameters { get; }

    internal Booster Booster { get; }

    internal byte[] Json { get; }

    internal TreeEnsemble Ensemble { get; }

    public void Dispose()
    {
        Booster.Dispose();
        Matrix.Dispose();
    }
}
