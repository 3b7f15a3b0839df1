using FraudActors.Ml.Tests.TestData;
using FraudActors.Ml.XGBoost;

namespace FraudActors.Ml.Tests.XGBoost;

public sealed class BoosterDisposalTests(TrainedModel model) : IClassFixture<TrainedModel>
{
    [Fact]
    public void A_disposed_booster_refuses_work_with_object_disposed()
    {
        var booster = Booster.Load(model.Json);

        booster.Dispose();
        booster.Dispose();

        Assert.Throws<ObjectDisposedException>(() => booster.PredictRow(model.Data.Row(0)));
        Assert.Throws<ObjectDisposedException>(() => booster.Predict(model.Matrix));
        Assert.Throws<ObjectDisposedException>(() => booster.SaveJson());
    }

    [Fact]
    public void A_booster_outlives_the_matrix_it_was_trained_on()
    {
        var data = HandbookLikeData.Generate(300, seed: 21);
        var train = DMatrix.FromDense(data.Features, data.Rows, data.Columns);
        train.SetLabels(data.Labels);
        using var booster = Booster.Train(
            train, new BoosterParameters { Rounds = 3, Threads = 1 }, cancellationToken: TestContext.Current.CancellationToken);

        train.Dispose();

        using var again = DMatrix.FromDense(data.Features, data.Rows, data.Columns);
        Assert.Equal(data.Rows, booster.Predict(again).Length);
        Assert.InRange(booster.PredictRow(data.Row(0)), 0f, 1f);
    }
}
