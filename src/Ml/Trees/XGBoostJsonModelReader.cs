using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace FraudActors.Ml.Trees;

/// <summary>
/// Reads XGBoost's JSON model format (what <c>Booster.save_model("m.json")</c> and <c>XGBoosterSaveModelToBuffer</c> with
/// <c>{"format":"json"}</c> write, 1.x and 2.x) into a <see cref="TreeEnsemble"/>, streaming with <see cref="Utf8JsonReader"/>.
/// Only what scoring and contributions need is kept: the trees, the base score, the feature count and names, the
/// objective. Anything the evaluator would get wrong (another objective, multi-class, DART, linear, categorical
/// splits) is refused rather than approximated.
/// </summary>
internal static class XGBoostJsonModelReader
{
    /// <summary>Objectives whose output is sigmoid(margin): the evaluator supports exactly these.</summary>
    internal static ImmutableArray<string> SupportedObjectives { get; } = ["binary:logistic", "reg:logistic"];

    internal static TreeEnsemble Read(ReadOnlySpan<byte> utf8Json)
    {
        var parts = new ModelParts();
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            Advance(ref reader, "$");
            ExpectStart(ref reader, JsonTokenType.StartObject, "$");
            while (NextProperty(ref reader, "$", out var name))
            {
                if (name == "learner")
                {
                    ReadLearner(ref reader, parts);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The XGBoost model is not valid JSON: {e.Message}", e);
        }

        return Build(parts);
    }

    private static void ReadLearner(ref Utf8JsonReader reader, ModelParts parts)
    {
        const string path = "learner";
        ExpectStart(ref reader, JsonTokenType.StartObject, path);
        parts.SawLearner = true;
        while (NextProperty(ref reader, path, out var name))
        {
            switch (name)
            {
                case "gradient_booster":
                    ReadGradientBooster(ref reader, parts);
                    break;
                case "learner_model_param":
                    ReadModelParam(ref reader, parts);
                    break;
                case "objective":
                    ReadObjective(ref reader, parts);
                    break;
                case "feature_names":
                    parts.FeatureNames = ReadStringArray(ref reader, path + ".feature_names");
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    private static void ReadGradientBooster(ref Utf8JsonReader reader, ModelParts parts)
    {
        const string path = "learner.gradient_booster";
        ExpectStart(ref reader, JsonTokenType.StartObject, path);
        while (NextProperty(ref reader, path, out var name))
        {
            switch (name)
            {
                case "name":
                    parts.BoosterName = ReadString(ref reader, path + ".name");
                    break;
                case "model":
                    ReadTreeModel(ref reader, parts);
                    break;
                default:
                    // DART nests its trees under "gbtree"; it is refused by name once the object is read.
                    reader.Skip();
                    break;
            }
        }
    }

    private static void ReadTreeModel(ref Utf8JsonReader reader, ModelParts parts)
    {
        const string path = "learner.gradient_booster.model";
        ExpectStart(ref reader, JsonTokenType.StartObject, path);
        while (NextProperty(ref reader, path, out var name))
        {
            switch (name)
            {
                case "trees":
                    ExpectStart(ref reader, JsonTokenType.StartArray, path + ".trees");
                    while (NextElement(ref reader, path + ".trees"))
                    {
                        parts.Trees.Add(ReadTree(ref reader, $"{path}.trees[{parts.Trees.Count}]"));
                    }

                    break;
                case "tree_info":
                    parts.TreeInfo = ReadIntArray(ref reader, path + ".tree_info");
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    private static TreeParts ReadTree(ref Utf8JsonReader reader, string path)
    {
        ExpectStart(ref reader, JsonTokenType.StartObject, path);
        var tree = new TreeParts(path);
        while (NextProperty(ref reader, path, out var name))
        {
            var field = $"{path}.{name}";
            switch (name)
            {
                case "left_children":
                    tree.Left = ReadIntArray(ref reader, field);
                    break;
                case "right_children":
                    tree.Right = ReadIntArray(ref reader, field);
                    break;
                case "split_indices":
                    tree.SplitIndex = ReadIntArray(ref reader, field);
                    break;
                case "split_conditions":
                    tree.SplitCondition = ReadFloatArray(ref reader, field);
                    break;
                case "sum_hessian":
                    tree.SumHessian = ReadFloatArray(ref reader, field);
                    break;
                case "default_left":
                    tree.DefaultLeft = ReadFlagArray(ref reader, field);
                    break;
                case "split_type":
                    tree.SplitType = ReadIntArray(ref reader, field);
                    break;
                case "categories":
                case "categories_nodes":
                case "categories_segments":
                case "categories_sizes":
                    ExpectStart(ref reader, JsonTokenType.StartArray, field);
                    if (NextElement(ref reader, field))
                    {
                        tree.CategoricalField ??= name;
                        reader.Skip();
                        while (NextElement(ref reader, field))
                        {
                            reader.Skip();
                        }
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return tree;
    }

    private static void ReadModelParam(ref Utf8JsonReader reader, ModelParts parts)
    {
        const string path = "learner.learner_model_param";
        ExpectStart(ref reader, JsonTokenType.StartObject, path);
        while (NextProperty(ref reader, path, out var name))
        {
            var field = $"{path}.{name}";
            switch (name)
            {
                case "base_score":
                    parts.BaseScore = ReadFloatText(ref reader, field);
                    break;
                case "num_feature":
                    parts.FeatureCount = ReadIntText(ref reader, field);
                    break;
                case "num_class":
                    parts.ClassCount = ReadIntText(ref reader, field);
                    break;
                case "num_target":
                    parts.TargetCount = ReadIntText(ref reader, field);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    private static void ReadObjective(ref Utf8JsonReader reader, ModelParts parts)
    {
        const string path = "learner.objective";
        ExpectStart(ref reader, JsonTokenType.StartObject, path);
        while (NextProperty(ref reader, path, out var name))
        {
            if (name == "name")
            {
                parts.Objective = ReadString(ref reader, path + ".name");
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static TreeEnsemble Build(ModelParts parts)
    {
        if (!parts.SawLearner)
        {
            throw new InvalidDataException("The JSON has no 'learner' object: it is not an XGBoost JSON model.");
        }

        var booster = parts.BoosterName ?? throw Missing("learner.gradient_booster.name");
        if (booster != "gbtree")
        {
            throw new NotSupportedException(
                $"Booster '{booster}' is not supported: the tree evaluator handles 'gbtree' models only (DART weights trees at " +
                "training time and gblinear has no trees).");
        }

        var objective = parts.Objective ?? throw Missing("learner.objective.name");
        if (!SupportedObjectives.Contains(objective))
        {
            throw new NotSupportedException(
                $"Objective '{objective}' is not supported: the tree evaluator handles {string.Join(" and ", SupportedObjectives)} " +
                "(a sigmoid over one margin) only.");
        }

        if (parts.ClassCount > 1 || parts.TargetCount > 1)
        {
            throw new NotSupportedException(
                $"Multi-output models (num_class {parts.ClassCount}, num_target {parts.TargetCount}) are not supported.");
        }

        var featureCount = parts.FeatureCount ?? throw Missing("learner.learner_model_param.num_feature");
        if (featureCount < 1)
        {
            throw new InvalidDataException($"learner.learner_model_param.num_feature is {featureCount}; expected at least 1.");
        }

        var baseScore = parts.BaseScore ?? throw Missing("learner.learner_model_param.base_score");
        if (!(baseScore > 0f && baseScore < 1f))
        {
            throw new InvalidDataException(
                $"learner.learner_model_param.base_score is {baseScore.ToString(CultureInfo.InvariantCulture)}; " +
                "a logistic model's base score is a probability in (0, 1).");
        }

        // XGBoost's RegLossObj<LogisticRegression>::ProbToMargin, in float as it computes it.
        var baseMargin = -MathF.Log(1.0f / baseScore - 1.0f);

        if (parts.TreeInfo is { } info)
        {
            if (info.Length != parts.Trees.Count)
            {
                throw new InvalidDataException(
                    $"learner.gradient_booster.model.tree_info has {info.Length} entries for {parts.Trees.Count} trees.");
            }

            var group = Array.FindIndex(info, g => g != 0);
            if (group >= 0)
            {
                throw new NotSupportedException(
                    $"Tree {group} belongs to output group {info[group]}: multi-class models are not supported.");
            }
        }

        if (parts.FeatureNames.Length != 0 && parts.FeatureNames.Length != featureCount)
        {
            throw new InvalidDataException(
                $"learner.feature_names has {parts.FeatureNames.Length} names for {featureCount} features.");
        }

        var builder = new TreeEnsembleBuilder(featureCount);
        foreach (var tree in parts.Trees)
        {
            AddTree(builder, tree, featureCount);
        }

        return builder.Build(objective, baseMargin, parts.FeatureNames);
    }

    private static void AddTree(TreeEnsembleBuilder builder, TreeParts tree, int featureCount)
    {
        if (tree.CategoricalField is { } categorical)
        {
            throw new NotSupportedException($"{tree.Path}.{categorical} is not empty: categorical splits are not supported.");
        }

        var left = tree.Left ?? throw Missing(tree.Path + ".left_children");
        var right = tree.Right ?? throw Missing(tree.Path + ".right_children");
        var splitIndex = tree.SplitIndex ?? throw Missing(tree.Path + ".split_indices");
        var condition = tree.SplitCondition ?? throw Missing(tree.Path + ".split_conditions");
        var hessian = tree.SumHessian ?? throw Missing(tree.Path + ".sum_hessian");
        var defaultLeft = tree.DefaultLeft ?? throw Missing(tree.Path + ".default_left");
        var n = left.Length;
        if (n == 0)
        {
            throw new InvalidDataException($"{tree.Path} has no nodes.");
        }

        RequireLength(tree.Path + ".right_children", right.Length, n);
        RequireLength(tree.Path + ".split_indices", splitIndex.Length, n);
        RequireLength(tree.Path + ".split_conditions", condition.Length, n);
        RequireLength(tree.Path + ".sum_hessian", hessian.Length, n);
        RequireLength(tree.Path + ".default_left", defaultLeft.Length, n);
        if (tree.SplitType is { } splitType)
        {
            RequireLength(tree.Path + ".split_type", splitType.Length, n);
            var categoricalNode = Array.FindIndex(splitType, t => t != 0);
            if (categoricalNode >= 0)
            {
                throw new NotSupportedException(
                    $"{tree.Path} node {categoricalNode} is a categorical split (split_type {splitType[categoricalNode]}): not supported.");
            }
        }

        for (var i = 0; i < n; i++)
        {
            var isLeaf = left[i] == -1;
            if (isLeaf != (right[i] == -1))
            {
                throw new InvalidDataException(
                    $"{tree.Path} node {i} has left child {left[i]} and right child {right[i]}: a node has both children or neither.");
            }

            if (!isLeaf)
            {
                if (left[i] < 0 || left[i] >= n || right[i] < 0 || right[i] >= n || left[i] == right[i] || left[i] == i || right[i] == i)
                {
                    throw new InvalidDataException(
                        $"{tree.Path} node {i} has children {left[i]} and {right[i]}; expected two distinct other nodes below {n}.");
                }

                if (splitIndex[i] < 0 || splitIndex[i] >= featureCount)
                {
                    throw new InvalidDataException(
                        $"{tree.Path} node {i} splits on feature {splitIndex[i]}; the model has {featureCount} features.");
                }
            }

            if (float.IsNaN(condition[i]))
            {
                throw new InvalidDataException($"{tree.Path}.split_conditions[{i}] is NaN.");
            }
        }

        builder.AddTree(tree.Path, left, right, splitIndex, condition, hessian, defaultLeft);
    }

    private static void RequireLength(string field, int actual, int expected)
    {
        if (actual != expected)
        {
            throw new InvalidDataException($"{field} has {actual} entries; left_children has {expected}.");
        }
    }

    private static InvalidDataException Missing(string field) => new($"The XGBoost model has no {field}.");

    private static void Advance(ref Utf8JsonReader reader, string path)
    {
        if (!reader.Read())
        {
            throw new InvalidDataException($"The JSON ends early inside {path}.");
        }
    }

    private static void ExpectStart(ref Utf8JsonReader reader, JsonTokenType expected, string path)
    {
        if (reader.TokenType != expected)
        {
            throw new InvalidDataException(
                $"{path} is {reader.TokenType} at byte {reader.TokenStartIndex}; expected {(expected == JsonTokenType.StartObject ? "an object" : "an array")}.");
        }
    }

    /// <summary>Moves to the next property of the current object and onto its value; false at the object's end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader, string path, out string name)
    {
        Advance(ref reader, path);
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            name = string.Empty;
            return false;
        }

        name = reader.GetString()!;
        Advance(ref reader, path);
        return true;
    }

    /// <summary>Moves onto the next element of the current array; false at the array's end.</summary>
    private static bool NextElement(ref Utf8JsonReader reader, string path)
    {
        Advance(ref reader, path);
        return reader.TokenType != JsonTokenType.EndArray;
    }

    private static string ReadString(ref Utf8JsonReader reader, string path) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new InvalidDataException($"{path} is {reader.TokenType} at byte {reader.TokenStartIndex}; expected a string.");

    private static string[] ReadStringArray(ref Utf8JsonReader reader, string path)
    {
        ExpectStart(ref reader, JsonTokenType.StartArray, path);
        var values = new List<string>();
        while (NextElement(ref reader, path))
        {
            values.Add(ReadString(ref reader, $"{path}[{values.Count}]"));
        }

        return [.. values];
    }

    private static int[] ReadIntArray(ref Utf8JsonReader reader, string path)
    {
        ExpectStart(ref reader, JsonTokenType.StartArray, path);
        var values = new List<int>();
        while (NextElement(ref reader, path))
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var value))
            {
                throw new InvalidDataException(
                    $"{path}[{values.Count}] is not a 32-bit integer (token {reader.TokenType} at byte {reader.TokenStartIndex}).");
            }

            values.Add(value);
        }

        return [.. values];
    }

    /// <summary>Floats parsed straight to single precision (correctly rounded), as XGBoost wrote them from floats.</summary>
    private static float[] ReadFloatArray(ref Utf8JsonReader reader, string path)
    {
        ExpectStart(ref reader, JsonTokenType.StartArray, path);
        var values = new List<float>();
        while (NextElement(ref reader, path))
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetSingle(out var value))
            {
                throw new InvalidDataException(
                    $"{path}[{values.Count}] is not a number (token {reader.TokenType} at byte {reader.TokenStartIndex}).");
            }

            values.Add(value);
        }

        return [.. values];
    }

    /// <summary>XGBoost 1.7 writes default_left as 0/1; older versions wrote booleans.</summary>
    private static bool[] ReadFlagArray(ref Utf8JsonReader reader, string path)
    {
        ExpectStart(ref reader, JsonTokenType.StartArray, path);
        var values = new List<bool>();
        while (NextElement(ref reader, path))
        {
            values.Add(reader.TokenType switch
            {
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                JsonTokenType.Number when reader.TryGetInt32(out var v) && v is 0 or 1 => v == 1,
                _ => throw new InvalidDataException(
                    $"{path}[{values.Count}] is not 0, 1, true or false (token {reader.TokenType} at byte {reader.TokenStartIndex})."),
            });
        }

        return [.. values];
    }

    /// <summary>learner_model_param values are strings ("5E-1"); 2.1+ writes base_score as "[5E-1]". Plain numbers are accepted too.</summary>
    private static float ReadFloatText(ref Utf8JsonReader reader, string path)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetSingle(out var number))
        {
            return number;
        }

        var text = ReadString(ref reader, path).Trim();
        if (text.StartsWith('[') && text.EndsWith(']'))
        {
            text = text[1..^1].Trim();
        }

        return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{path} is '{text}'; expected one number.");
    }

    private static int ReadIntText(ref Utf8JsonReader reader, string path)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
        {
            return number;
        }

        var text = ReadString(ref reader, path);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{path} is '{text}'; expected an integer.");
    }

    private sealed class ModelParts
    {
        public bool SawLearner { get; set; }

        public string? BoosterName { get; set; }

        public string? Objective { get; set; }

        public float? BaseScore { get; set; }

        public int? FeatureCount { get; set; }

        public int ClassCount { get; set; }

        public int TargetCount { get; set; } = 1;

        public int[]? TreeInfo { get; set; }

        public string[] FeatureNames { get; set; } = [];

        public List<TreeParts> Trees { get; } = [];
    }

    private sealed class TreeParts(string path)
    {
        public string Path { get; } = path;

        public int[]? Left { get; set; }

        public int[]? Right { get; set; }

        public int[]? SplitIndex { get; set; }

        public float[]? SplitCondition { get; set; }

        public float[]? SumHessian { get; set; }

        public bool[]? DefaultLeft { get; set; }

        public int[]? SplitType { get; set; }

        public string? CategoricalField { get; set; }
    }
}
