using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FraudActors.Ml.Trees;

/// <summary>
/// One node of a flattened tree, 16 bytes so four share a cache line. Child indices are absolute positions in the
/// ensemble's node array. A leaf points at itself on both sides, so a walk of a fixed number of steps simply stays on
/// it: prediction loops run exactly the tree's depth with no leaf test.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct TreeNode
{
    private const int DefaultLeftFlag = int.MinValue;

    private readonly int _featureAndDefault;

    private TreeNode(int feature, bool defaultLeft, float value, int left, int right)
    {
        _featureAndDefault = feature | (defaultLeft ? DefaultLeftFlag : 0);
        Value = value;
        Left = left;
        Right = right;
    }

    /// <summary>Split threshold for a split node; the leaf value for a leaf.</summary>
    internal float Value { get; }

    internal int Left { get; }

    internal int Right { get; }

    /// <summary>Feature tested by a split node; 0 (a harmless valid index) for a leaf.</summary>
    internal int Feature => _featureAndDefault & int.MaxValue;

    /// <summary>Whether a missing (NaN) value goes left.</summary>
    internal bool DefaultLeft => _featureAndDefault < 0;

    internal bool IsLeaf => Left == Right;

    internal static TreeNode Split(int feature, float threshold, bool defaultLeft, int left, int right) =>
        new(feature, defaultLeft, threshold, left, right);

    internal static TreeNode Leaf(int self, float value) => new(0, false, value, self, self);

    /// <summary>
    /// XGBoost's rule: left when <c>x &lt; threshold</c> (a float compare), NaN takes the default branch. Written without
    /// short-circuits so the JIT can select the child without a data-dependent branch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Next(float x) => (x < Value) | (float.IsNaN(x) & DefaultLeft) ? Left : Right;
}
