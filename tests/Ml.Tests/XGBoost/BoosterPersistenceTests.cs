using System.Text.Json;
using FraudActors.Ml.Features;
using FraudActors.Ml.Tests.TestData;
using FraudActors.Ml.XGBoost;

namespace FraudActors.Ml.Tests.XGBoost;

public sealed class BoosterPersistenceTests(TrainedModel model) : IClassFixture<TrainedModel>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_json_round_trip_preserves_every_prediction_bit_for_bit()
    {
        using var loaded = Booster.Load(model.Booster.SaveJson());

        var before = model.Booster.Predict(model.Matrix, outputMargin: true);
        var after = loaded.Predict(model.Matrix, outputMargin: true);

        Assert.Equal(before, after);
        Assert.Equal(model.Booster.BoostedRounds, loaded.BoostedRounds);
        Assert.Equal(model.Booster.FeatureCount, loaded.FeatureCount);
    }

    [Fact]
    public async Task A_file_round_trip_preserves_predictions()
    {
        var path = Path.Combine(Path.GetTempPath(), $"xgb-{Guid.NewGuid():N}.json");
        try
        {
            await model.Booster.SaveJsonFileAsync(path, Ct);
            using var loaded = await Booster.LoadFileAsync(path, Ct);

            Assert.Equal(model.Booster.Predict(model.Matrix), loaded.Predict(model.Matrix));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_saved_model_is_xgboosts_json_format_as_python_writes_it()
    {
        using var document = JsonDocument.Parse(model.Json);
        var root = document.RootElement;

        var version = root.GetProperty("version").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.Equal(3, version.Length);
        Assert.True(new Version(version[0], version[1], version[2]) >= new Version(1, 7, 0));
        var learner = root.GetProperty("learner");
        Assert.Equal("binary:logistic", learner.GetProperty("objective").GetProperty("name").GetString());
        Assert.Equal("gbtree", learner.GetProperty("gradient_booster").GetProperty("name").GetString());
        Assert.Equal(30, learner.GetProperty("gradient_booster").GetProperty("model").GetProperty("trees").GetArrayLength());
        Assert.Equal("15", learner.GetProperty("learner_model_param").GetProperty("num_feature").GetString());
    }

    [Fact]
    public void Feature_names_set_on_the_booster_are_saved_with_the_model()
    {
        using var copy = Booster.Load(model.Json);

        copy.SetFeatureNames(FeatureSchema.Names);

        using var document = JsonDocument.Parse(copy.SaveJson());
        var names = document.RootElement.GetProperty("learner").GetProperty("feature_names")
            .EnumerateArray().Select(n => n.GetString()).ToArray();
        Assert.Equal(FeatureSchema.Names, names);
    }

    [Fact]
    public void Loading_garbage_surfaces_xgboosts_message()
    {
        var exception = Assert.Throws<XGBoostException>(() => Booster.Load("this is not a model"u8));

        Assert.Equal("XGBoosterLoadModelFromBuffer", exception.Function);
        Assert.False(string.IsNullOrWhiteSpace(exception.NativeMessage));
        Assert.Contains(exception.NativeMessage.Split('\n')[0], exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loading_a_garbage_file_names_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"xgb-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(path, "{\"learner\": 42", Ct);

            var exception = await Assert.ThrowsAsync<XGBoostException>(() => Booster.LoadFileAsync(path, Ct));

            Assert.Contains(path, exception.Message, StringComparison.Ordinal);
            Assert.NotNull(exception.NativeMessage);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
