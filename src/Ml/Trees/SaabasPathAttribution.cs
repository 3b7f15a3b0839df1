namespace FraudActors.Ml.Trees;

/// <summary>
/// Saabas' path attribution (XGBoost's <c>CalculateContributionsApprox</c>): walking the row's path, each split's
/// feature is credited with the change in node mean value from the node to the child taken.
/// </summary>
internal static class SaabasPathAttribution
{
    /// <param name="model">The ensemble.</param>
    /// <param name="features">One row (length checked by the caller).</param>
    /// <param name="contributions">Output, features then bias (length checked by the caller).</param>
    /// <param name="tree">Scratch of the same length, all zero on entry and left all zero.</param>
    /// <param name="pathFeatures">Scratch for one path's split features (max depth + 1).</param>
    internal static void Compute(
        TreeEnsemble model, ReadOnlySpan<float> features, Span<float> contributions, Span<float> tree, Span<int> pathFeatures)
    {
        contributions.Clear();
        var nodes = model.Nodes;
        var means = model.MeanValues;
        var bias = model.FeatureCount;
        foreach (var root in model.Roots)
        {
            // XGBoost accumulates each tree into its own zeroed buffer, then adds that buffer to the total; doing the
            // same keeps every float rounding identical. Only entries on the path are touched, so only they are added.
            var nodeValue = means[root];
            contributions[bias] += nodeValue;
            if (nodes[root].IsLeaf)
            {
                continue;
            }

            var index = root;
            var split = 0;
            var length = 0;
            while (!nodes[index].IsLeaf)
            {
                split = nodes[index].Feature;
                index = nodes[index].Next(features[split]);
                var newValue = means[index];
                tree[split] += newValue - nodeValue;
                nodeValue = newValue;
                pathFeatures[length++] = split;
            }

            // A leaf's mean is its value, so this adds zero, as it does in XGBoost.
            tree[split] += nodes[index].Value - nodeValue;

            for (var k = 0; k < length; k++)
            {
                // A feature repeated on the path is added once with its sum, then as 0 (no change).
                var feature = pathFeatures[k];
                contributions[feature] += tree[feature];
                tree[feature] = 0f;
            }
        }

        contributions[bias] += model.BaseMargin;
    }
}
