using FraudActors.Ml.Tests.TestData;
using FraudActors.Ml.XGBoost;

namespace FraudActors.Ml.Tests.XGBoost;

public sealed class BoosterPredictionTests(TrainedModel model) : IClassFixture<TrainedModel>
{
    [Fact]
    public void In_place_single_row_prediction_equals_the_dmatrix_batch()
    {
        var batch = model.Booster.Predict(model.Matrix);

        for (var row = 0; row < 500; row++)
        {
            Assert.Equal(batch[row], model.Booster.PredictRow(model.Data.Row(row)));
        }
    }

    [Fact]
    public void In_place_dense_batch_prediction_equals_the_dmatrix_batch()
    {
        var batch = model.Booster.Predict(model.Matrix);
        var dense = new float[model.Data.Rows];

        model.Booster.PredictDense(model.Data.Features, dense);

        Assert.Equal(batch, dense);
    }

    [Fact]
    public void The_probability_is_the_logistic_of_the_margin()
    {
        var margins = model.Booster.Predict(model.Matrix, outputMargin: true);
        var probabilities = model.Booster.Predict(model.Matrix);

        for (var row = 0; row < margins.Length; row++)
        {
            var expected = 1.0 / (1.0 + Math.Exp(-margins[row]));
            Assert.Equal(expected, probabilities[row], 1e-6);
        }
    }

    [Fact]
    public void Shap_contributions_have_a_bias_column_and_each_row_sums_to_its_margin()
    {
        var margins = model.Booster.Predict(model.Matrix, outputMargin: true);

        foreach (var approximate in new[] { false, true })
        {
            var contributions = model.Booster.PredictContributions(model.Matrix, approximate);

            Assert.Equal(model.Data.Rows * (model.Data.Columns + 1), contributions.Length);
            for (var row = 0; row < margins.Length; row++)
            {
                var sum = contributions.AsSpan(row * 16, 16).ToArray().Sum(v => (double)v);
                Assert.Equal(margins[row], sum, 1e-4);
            }
        }
    }

    [Fact]
    public void Single_row_contributions_equal_the_batch_rows()
    {
        var batch = model.Booster.PredictContributions(model.Matrix);
        var row = new float[16];

        for (var r = 0; r < 50; r++)
        {
            model.Booster.PredictRowContributions(model.Data.Row(r), row);
            Assert.Equal(batch.AsSpan(r * 16, 16).ToArray(), row);
        }
    }

    [Fact]
    public void Missing_values_take_a_default_branch_rather_than_failing()
    {
        var row = model.Data.Row(0).ToArray();
        Array.Fill(row, float.NaN);

        var probability = model.Booster.PredictRow(row);

        Assert.InRange(probability, 0f, 1f);
    }

    [Fact]
    public void A_row_of_the_wrong_width_is_refused_before_reaching_xgboost()
    {
        var exception = Assert.Throws<ArgumentException>(() => model.Booster.PredictRow(new float[14]));

        Assert.Contains("15", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => model.Booster.PredictDense(new float[31], new float[2]));
        Assert.Throws<ArgumentException>(() => model.Booster.Predict(model.Matrix, new float[3]));
    }
}
