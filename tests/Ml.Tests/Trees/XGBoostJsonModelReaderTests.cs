using System.Text.Json.Nodes;
using FraudActors.Ml.Tests.TestData;
using FraudActors.Ml.Trees;
using FraudActors.Ml.XGBoost;

namespace FraudActors.Ml.Tests.Trees;

public sealed class XGBoostJsonModelReaderTests
{
    [Theory]
    [InlineData("reg:squarederror")]
    [InlineData("binary:logitraw")]
    public void A_model_with_another_objective_is_refused_naming_it(string objective)
    {
        var json = TrainNative(new BoosterParameters { Objective = objective, Rounds = 2, Threads = 1 });

        var exception = Assert.Throws<NotSupportedException>(() => TreeEnsemble.FromXGBoostJson(json));

        Assert.Contains(objective, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multi_class_model_is_refused()
    {
        var json = TrainNative(
            new BoosterParameters
            {
                Objective = "multi:softprob",
                Rounds = 2,
                Threads = 1,
                Extra = new Dictionary<string, string> { ["num_class"] = "3" },
            },
            labels: r => r % 3);

        var exception = Assert.Throws<NotSupportedException>(() => TreeEnsemble.FromXGBoostJson(json));

        Assert.Contains("multi:softprob", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dart")]
    [InlineData("gblinear")]
    public void A_booster_without_plain_trees_is_refused_naming_it(string booster)
    {
        var json = TrainNative(new BoosterParameters
        {
            Rounds = 2,
            Threads = 1,
            TreeMethod = "auto",
            Extra = new Dictionary<string, string> { ["booster"] = booster },
        });

        var exception = Assert.Throws<NotSupportedException>(() => TreeEnsemble.FromXGBoostJson(json));

        Assert.Contains(booster, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_categorical_split_is_refused()
    {
        var json = Edit(HandBuiltModel.TwoFeatureModel(), tree => tree["split_type"]![0] = 1);

        var exception = Assert.Throws<NotSupportedException>(() => TreeEnsemble.FromXGBoostJson(json));

        Assert.Contains("categorical", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Category_lists_are_refused_even_without_a_split_type()
    {
        var json = Edit(HandBuiltModel.TwoFeatureModel(), tree => tree["categories"] = new JsonArray(1, 4));

        var exception = Assert.Throws<NotSupportedException>(() => TreeEnsemble.FromXGBoostJson(json));

        Assert.Contains("trees[0].categories", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_field_is_named_with_its_path()
    {
        var json = Edit(HandBuiltModel.TwoFeatureModel(), tree => tree.Remove("sum_hessian"));

        var exception = Assert.Throws<InvalidDataException>(() => TreeEnsemble.FromXGBoostJson(json));

        Assert.Contains("learner.gradient_booster.model.trees[0].sum_hessian", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arrays_of_different_lengths_are_refused_naming_the_field()
    {
        var json = Edit(HandBuiltModel.TwoFeatureModel(), tree => tree["split_conditions"]!.AsArray().RemoveAt(4));

        var exception = Assert.Throws<InvalidDataException>(() => TreeEnsemble.FromXGBoostJson(json));

        Assert.Contains("trees[0].split_conditions has 4 entries", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_links_that_do_not_form_a_tree_are_refused()
    {
        // Node 2's left child points back to node 1, which the root also reaches.
        var json = Edit(HandBuiltModel.TwoFeatureModel(), tree => tree["left_children"]![2] = 1);

        var exception = Assert.Throws<InvalidDataException>(() => TreeEnsemble.FromXGBoostJson(json));

        Assert.Contains("reached twice", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_split_on_a_feature_beyond_num_feature_is_refused()
    {
        var json = Edit(HandBuiltModel.TwoFeatureModel(), tree => tree["split_indices"]![2] = 7);

        var exception = Assert.Throws<InvalidDataException>(() => TreeEnsemble.FromXGBoostJson(json));

        Assert.Contains("feature 7", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_json_is_refused_as_invalid_data()
    {
        var exception = Assert.Throws<InvalidDataException>(() => TreeEnsemble.FromXGBoostJson("{\"learner\": {\"objective\": }}"u8));

        Assert.IsAssignableFrom<System.Text.Json.JsonException>(exception.InnerException);
    }

    [Fact]
    public void A_field_of_the_wrong_kind_is_named_with_its_path()
    {
        var exception = Assert.Throws<InvalidDataException>(
            () => TreeEnsemble.FromXGBoostJson("{\"learner\": {\"gradient_booster\": [1, 2]}}"u8));

        Assert.Contains("learner.gradient_booster is StartArray", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_without_a_learner_is_not_taken_for_a_model()
    {
        var exception = Assert.Throws<InvalidDataException>(() => TreeEnsemble.FromXGBoostJson("{\"version\":[1,7,4]}"u8));

        Assert.Contains("learner", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bracketed_base_score_of_newer_xgboost_and_boolean_default_flags_of_older_ones_are_read()
    {
        var json = Edit(
            HandBuiltModel.Json([HandTree.TwoFeatures.ToJson()], baseScore: "[2.5E-1]"),
            tree => tree["default_left"] = new JsonArray(true, false, false, false, false));
        var ensemble = TreeEnsemble.FromXGBoostJson(json);

        Assert.Equal(Math.Log(0.25 / 0.75), ensemble.BaseMargin, 1e-6);
        Assert.Equal(-1f + ensemble.BaseMargin, ensemble.PredictMargin([float.NaN, 0f]));
    }

    [Fact]
    public void Feature_names_saved_with_the_model_are_exposed()
    {
        var ensemble = TreeEnsemble.FromXGBoostJson(
            HandBuiltModel.Json([HandTree.TwoFeatures.ToJson()], featureNames: "[\"TX_AMOUNT\",\"TX_DURING_NIGHT\"]"));

        Assert.Equal(["TX_AMOUNT", "TX_DURING_NIGHT"], ensemble.FeatureNames);
    }

    [Fact]
    public void A_reg_logistic_model_is_accepted()
    {
        var ensemble = TreeEnsemble.FromXGBoostJson(
            HandBuiltModel.Json([HandTree.TwoFeatures.ToJson()], objective: "reg:logistic"));

        Assert.Equal("reg:logistic", ensemble.Objective);
    }

    private static byte[] TrainNative(BoosterParameters parameters, Func<int, int>? labels = null)
    {
        var data = HandbookLikeData.Generate(300, seed: 31);
        using var matrix = DMatrix.FromDense(data.Features, data.Rows, data.Columns);
        matrix.SetLabels(labels is null ? data.Labels : Enumerable.Range(0, data.Rows).Select(r => (float)labels(r)).ToArray());
        using var booster = Booster.Train(matrix, parameters, cancellationToken: TestContext.Current.CancellationToken);
        return booster.SaveJson();
    }

    private static byte[] Edit(byte[] json, Action<JsonObject> editFirstTree)
    {
        var root = JsonNode.Parse(json)!;
        editFirstTree(root["learner"]!["gradient_booster"]!["model"]!["trees"]![0]!.AsObject());
        return System.Text.Encoding.UTF8.GetBytes(root.ToJsonString());
    }
}
