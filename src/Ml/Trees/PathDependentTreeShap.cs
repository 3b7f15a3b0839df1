using System.Buffers;

namespace FraudActors.Ml.Trees;

/// <summary>
/// Exact path-dependent TreeSHAP (Lundberg, Erion and Lee 2018, "Consistent individualized feature attribution for tree
/// ensembles", Algorithm 2), ported operation for operation from XGBoost's <c>RegTree::CalculateContributions</c>
/// (no conditioning) so that float rounding, and therefore every value, matches XGBoost's <c>pred_contribs</c>.
/// </summary>
/// <remarks>
/// The recursion keeps one "unique path" per level in a single buffer sized as XGBoost sizes it,
/// (D + 2)(D + 3) / 2 elements for depth D, so a call allocates nothing: the buffer and the per-tree accumulator live on
/// the stack (from the pool for exceptionally deep trees or wide models).
/// </remarks>
internal static class PathDependentTreeShap
{
    internal static void Compute(TreeEnsemble model, ReadOnlySpan<float> features, Span<float> contributions, int stackLimit)
    {
        contributions.Clear();
        var maxDepth = model.MaxDepth + 2;
        var pathLength = maxDepth * (maxDepth + 1) / 2;
        var count = model.ContributionCount;

        PathElement[]? rentedPath = null;
        float[]? rentedTree = null;
        var path = pathLength <= stackLimit
            ? stackalloc PathElement[pathLength]
            : (rentedPath = ArrayPool<PathElement>.Shared.Rent(pathLength)).AsSpan(0, pathLength);
        var tree = count <= stackLimit
            ? stackalloc float[count]
            : (rentedTree = ArrayPool<float>.Shared.Rent(count)).AsSpan(0, count);
        tree.Clear();
        try
        {
            var nodes = model.Nodes;
            var cover = model.Cover;
            var bias = model.FeatureCount;
            for (var t = 0; t < model.Roots.Length; t++)
            {
                var root = model.Roots[t];

                // As XGBoost: each tree into its own zeroed buffer (bias = the root's mean), then added to the total.
                contributions[bias] += model.MeanValues[root];
                Recurse(nodes, cover, features, tree, root, 0, path, 1f, 1f, -1);

                // Only the tree's split features can be non-zero; add them and leave the buffer zeroed for the next tree.
                for (var k = model.TreeFeatureOffsets[t]; k < model.TreeFeatureOffsets[t + 1]; k++)
                {
                    var feature = model.TreeFeatures[k];
                    contributions[feature] += tree[feature];
                    tree[feature] = 0f;
                }
            }

            contributions[bias] += model.BaseMargin;
        }
        finally
        {
            if (rentedPath is not null)
            {
                ArrayPool<PathElement>.Shared.Return(rentedPath);
            }

            if (rentedTree is not null)
            {
                ArrayPool<float>.Shared.Return(rentedTree);
            }
        }
    }

    /// <summary>XGBoost's <c>TreeShap</c> with condition = 0 (so condition_fraction is always 1 and dropped).</summary>
    private static void Recurse(
        TreeNode[] nodes,
        float[] cover,
        ReadOnlySpan<float> features,
        Span<float> phi,
        int nodeIndex,
        int uniqueDepth,
        Span<PathElement> parentPath,
        float parentZeroFraction,
        float parentOneFraction,
        int parentFeature)
    {
        // This level's copy of the path starts right after the parent's.
        var path = parentPath[(uniqueDepth + 1)..];
        parentPath[..(uniqueDepth + 1)].CopyTo(path);
        ExtendPath(path, uniqueDepth, parentZeroFraction, parentOneFraction, parentFeature);

        var node = nodes[nodeIndex];
        if (node.IsLeaf)
        {
            for (var i = 1; i <= uniqueDepth; i++)
            {
                var w = UnwoundPathSum(path, uniqueDepth, i);
                var element = path[i];
                phi[element.Feature] += w * (element.OneFraction - element.ZeroFraction) * node.Value;
            }

            return;
        }

        var split = node.Feature;
        var hot = node.Next(features[split]);
        var cold = hot == node.Left ? node.Right : node.Left;
        var weight = cover[nodeIndex];
        var hotZeroFraction = cover[hot] / weight;
        var coldZeroFraction = cover[cold] / weight;
        var incomingZeroFraction = 1f;
        var incomingOneFraction = 1f;

        // A feature already on the path is unwound so this split can redo it.
        var pathIndex = 0;
        for (; pathIndex <= uniqueDepth; pathIndex++)
        {
            if (path[pathIndex].Feature == split)
            {
                break;
            }
        }

        if (pathIndex != uniqueDepth + 1)
        {
            incomingZeroFraction = path[pathIndex].ZeroFraction;
            incomingOneFraction = path[pathIndex].OneFraction;
            UnwindPath(path, uniqueDepth, pathIndex);
            uniqueDepth -= 1;
        }

        Recurse(nodes, cover, features, phi, hot, uniqueDepth + 1, path,
            hotZeroFraction * incomingZeroFraction, incomingOneFraction, split);
        Recurse(nodes, cover, features, phi, cold, uniqueDepth + 1, path,
            coldZeroFraction * incomingZeroFraction, 0f, split);
    }

    /// <summary>Extends the path with a fraction of zero and one extensions (XGBoost's <c>ExtendPath</c>).</summary>
    private static void ExtendPath(Span<PathElement> path, int uniqueDepth, float zeroFraction, float oneFraction, int feature)
    {
        path[uniqueDepth] = new PathElement(feature, zeroFraction, oneFraction, uniqueDepth == 0 ? 1f : 0f);
        for (var i = uniqueDepth - 1; i >= 0; i--)
        {
            path[i + 1].Weight += oneFraction * path[i].Weight * (i + 1) / (float)(uniqueDepth + 1);
            path[i].Weight = zeroFraction * path[i].Weight * (uniqueDepth - i) / (float)(uniqueDepth + 1);
        }
    }

    /// <summary>Undoes a previous extension (XGBoost's <c>UnwindPath</c>).</summary>
    private static void UnwindPath(Span<PathElement> path, int uniqueDepth, int pathIndex)
    {
        var oneFraction = path[pathIndex].OneFraction;
        var zeroFraction = path[pathIndex].ZeroFraction;
        var nextOnePortion = path[uniqueDepth].Weight;
        for (var i = uniqueDepth - 1; i >= 0; i--)
        {
            if (oneFraction != 0)
            {
                var tmp = path[i].Weight;
                path[i].Weight = nextOnePortion * (uniqueDepth + 1) / ((i + 1) * oneFraction);
                nextOnePortion = tmp - path[i].Weight * zeroFraction * (uniqueDepth - i) / (float)(uniqueDepth + 1);
            }
            else
            {
                path[i].Weight = path[i].Weight * (uniqueDepth + 1) / (zeroFraction * (uniqueDepth - i));
            }
        }

        for (var i = pathIndex; i < uniqueDepth; i++)
        {
            path[i].Feature = path[i + 1].Feature;
            path[i].ZeroFraction = path[i + 1].ZeroFraction;
            path[i].OneFraction = path[i + 1].OneFraction;
        }
    }

    /// <summary>The total permutation weight if an extension were unwound (XGBoost's <c>UnwoundPathSum</c>).</summary>
    private static float UnwoundPathSum(Span<PathElement> path, int uniqueDepth, int pathIndex)
    {
        var oneFraction = path[pathIndex].OneFraction;
        var zeroFraction = path[pathIndex].ZeroFraction;
        var nextOnePortion = path[uniqueDepth].Weight;
        var total = 0f;
        for (var i = uniqueDepth - 1; i >= 0; i--)
        {
            if (oneFraction != 0)
            {
                var tmp = nextOnePortion * (uniqueDepth + 1) / ((i + 1) * oneFraction);
                total += tmp;
                nextOnePortion = path[i].Weight - tmp * zeroFraction * ((uniqueDepth - i) / (float)(uniqueDepth + 1));
            }
            else if (zeroFraction != 0)
            {
                total += path[i].Weight / zeroFraction / ((uniqueDepth - i) / (float)(uniqueDepth + 1));
            }
        }

        return total;
    }

    /// <summary>One step of the decision path: its feature, the fractions of zero and one paths, and a permutation weight.</summary>
    private struct PathElement(int feature, float zeroFraction, float oneFraction, float weight)
    {
        public int Feature = feature;
        public float ZeroFraction = zeroFraction;
        public float OneFraction = oneFraction;
        public float Weight = weight;
    }
}
