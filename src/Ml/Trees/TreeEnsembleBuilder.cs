namespace FraudActors.Ml.Trees;

/// <summary>
/// Flattens validated trees into the ensemble's arrays: nodes renumbered in depth-first pre-order (a node's left child
/// follows it, so the hot path walks forward in memory), child links made absolute, leaves pointing at themselves,
/// and the per-node statistics contributions need (cover and XGBoost's node mean values) computed once.
/// </summary>
internal sealed class TreeEnsembleBuilder(int featureCount)
{
    private readonly List<TreeNode> _nodes = [];
    private readonly List<float> _cover = [];
    private readonly List<float> _meanValues = [];
    private readonly List<int> _roots = [];
    private readonly List<int> _depths = [];
    private readonly List<int> _featureOffsets = [0];
    private readonly List<int> _features = [];

    /// <summary>Adds one tree given in XGBoost's arrays (already checked for lengths, ranges and categorical splits).</summary>
    internal void AddTree(
        string path, int[] left, int[] right, int[] splitIndex, float[] condition, float[] hessian, bool[] defaultLeft)
    {
        var n = left.Length;
        var order = new int[n];
        var depthOf = new int[n];
        var position = new int[n];
        Array.Fill(position, -1);

        // Pre-order walk from the root; only reachable nodes are kept (XGBoost may leave deleted nodes behind).
        var count = 0;
        var maxDepth = 0;
        var stack = new Stack<(int Node, int Depth)>();
        stack.Push((0, 0));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (position[node] >= 0)
            {
                throw new InvalidDataException($"{path} node {node} is reached twice: the arrays do not describe a tree.");
            }

            position[node] = count;
            order[count] = node;
            depthOf[count] = depth;
            count++;
            maxDepth = Math.Max(maxDepth, depth);
            if (left[node] != -1)
            {
                stack.Push((right[node], depth + 1));
                stack.Push((left[node], depth + 1));
            }
        }

        var offset = _nodes.Count;
        var features = new SortedSet<int>();
        for (var k = 0; k < count; k++)
        {
            var node = order[k];
            if (left[node] == -1)
            {
                _nodes.Add(TreeNode.Leaf(offset + k, condition[node]));
            }
            else
            {
                _nodes.Add(TreeNode.Split(
                    splitIndex[node], condition[node], defaultLeft[node], offset + position[left[node]], offset + position[right[node]]));
                features.Add(splitIndex[node]);
            }

            _cover.Add(hessian[node]);
            _meanValues.Add(0f);
        }

        // Children come after their parent in pre-order, so a reverse sweep sees both children before the parent.
        for (var k = count - 1; k >= 0; k--)
        {
            var index = offset + k;
            var node = _nodes[index];
            _meanValues[index] = node.IsLeaf
                ? node.Value
                : MeanValue(_meanValues[node.Left], _cover[node.Left], _meanValues[node.Right], _cover[node.Right], _cover[index]);
        }

        _roots.Add(offset);
        _depths.Add(maxDepth);
        _features.AddRange(features);
        _featureOffsets.Add(_features.Count);
    }

    internal TreeEnsemble Build(string objective, float baseMargin, string[] featureNames) =>
        new(
            objective,
            featureCount,
            baseMargin,
            [.. _nodes],
            [.. _cover],
            [.. _meanValues],
            [.. _roots],
            [.. _depths],
            [.. _featureOffsets],
            [.. _features],
            [.. featureNames]);

    /// <summary>
    /// XGBoost's <c>FillNodeMeanValues</c>: the cover-weighted mean of the children, in float and in the same operation
    /// order (left product, add right product, divide), so contributions built on it match XGBoost's bit for bit.
    /// </summary>
    private static float MeanValue(float leftMean, float leftCover, float rightMean, float rightCover, float cover)
    {
        var result = leftMean * leftCover;
        result += rightMean * rightCover;
        result /= cover;
        return result;
    }
}
