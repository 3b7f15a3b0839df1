using System.Globalization;
using System.Text;

namespace FraudActors.Ml.Tests.Trees;

/// <summary>
/// XGBoost JSON for hand-written trees, so tests can state expected values worked out on paper. Each tree is given
/// in XGBoost's node arrays; fields a test omits or overrides let reader tests break one thing at a time.
/// </summary>
internal sealed record HandTree(
    int[] Left, int[] Right, int[] Feature, float[] Condition, float[] Cover, int[] DefaultLeft)
{
    /// <summary>
    /// The tree used by the hand-computed tests:
    /// node 0: f0 &lt; 0.5 (missing → left), cover 10; node 1: leaf −1, cover 4; node 2: f1 &lt; 2 (missing → right), cover 6;
    /// node 3: leaf 1, cover 2; node 4: leaf 3, cover 4.
    /// </summary>
    public static HandTree TwoFeatures { get; } = new(
        Left: [1, -1, 3, -1, -1],
        Right: [2, -1, 4, -1, -1],
        Feature: [0, 0, 1, 0, 0],
        Condition: [0.5f, -1f, 2f, 1f, 3f],
        Cover: [10f, 4f, 6f, 2f, 4f],
        DefaultLeft: [1, 0, 0, 0, 0]);

    public string ToJson(string? extraFields = null)
    {
        static string Ints(int[] values) => string.Join(",", values);
        static string Floats(float[] values) => string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        return "{\"base_weights\":[" + Floats(Condition) + "],\"default_left\":[" + Ints(DefaultLeft) + "],\"id\":0,"
            + "\"left_children\":[" + Ints(Left) + "],\"right_children\":[" + Ints(Right) + "],"
            + "\"split_indices\":[" + Ints(Feature) + "],\"split_conditions\":[" + Floats(Condition) + "],"
            + "\"sum_hessian\":[" + Floats(Cover) + "],\"split_type\":[" + Ints(new int[Left.Length]) + "],"
            + "\"categories\":[],\"categories_nodes\":[],\"categories_segments\":[],\"categories_sizes\":[]"
            + (extraFields is null ? string.Empty : "," + extraFields) + "}";
    }
}

internal static class HandBuiltModel
{
    public static byte[] Json(
        IEnumerable<string> trees,
        int features = 2,
        string objective = "binary:logistic",
        string baseScore = "5E-1",
        string booster = "gbtree",
        string featureNames = "[]")
    {
        var list = trees.ToList();
        var json = "{\"learner\":{\"attributes\":{},\"feature_names\":" + featureNames + ",\"feature_types\":[],"
            + "\"gradient_booster\":{\"model\":{\"gbtree_model_param\":{\"num_parallel_tree\":\"1\",\"num_trees\":\"" + list.Count
            + "\",\"size_leaf_vector\":\"0\"},\"tree_info\":[" + string.Join(",", list.Select(_ => "0")) + "],"
            + "\"trees\":[" + string.Join(",", list) + "]},\"name\":\"" + booster + "\"},"
            + "\"learner_model_param\":{\"base_score\":\"" + baseScore + "\",\"num_class\":\"0\",\"num_feature\":\"" + features
            + "\",\"num_target\":\"1\"},\"objective\":{\"name\":\"" + objective + "\",\"reg_loss_param\":{\"scale_pos_weight\":\"1\"}}},"
            + "\"version\":[1,7,4]}";
        return Encoding.UTF8.GetBytes(json);
    }

    public static byte[] TwoFeatureModel() => Json([HandTree.TwoFeatures.ToJson()]);
}
