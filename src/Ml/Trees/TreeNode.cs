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

    // Field order is the layout: feature+flag, value, then the two children side by side so a child can be picked by
    // offset (see Next).
    private readonly int _featureAndDefault;
    private readonly float _value;
    private readonly int _left;
    private readonly int _right;

    private TreeNode(int feature, bool defaultLeft, float value, int left, int right)
    {
        _featureAndDefault = feature | (defaultLeft ? DefaultLeftFlag : 0);
        _value = value;
        _left = left;
        _right = right;
    }

    /// <summary>Split threshold for a split node; the leaf value for a leaf.</summary>
    internal float Value => _value;

    internal int Left => _left;

    internal int Right => _right;

    /// <summary>Feature tested by a split node; 0 (a harmless valid index) for a leaf.</summary>
    internal int Feature => _featureAndDefault & int.MaxValue;

    /// <summary>Whether a missing (NaN) value goes left.</summary>
    internal bool DefaultLeft => _featureAndDefault < 0;

    internal bool IsLeaf => _left == _right;

    internal static TreeNode Split(int feature, float threshold, bool defaultLeft, int left, int right) =>
        new(feature, defaultLeft, threshold, left, right);

    internal static TreeNode Leaf(int self, float value) => new(0, false, value, self, self);

    /// <summary>
    /// XGBoost's rule: left when <c>x &lt; threshold</c> (a float compare), NaN takes the default branch. A plain choice,
    /// for walks that profit from branch prediction (contributions walk one path at a time).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Next(float x) => float.IsNaN(x) ? (DefaultLeft ? _left : _right) : (x < _value ? _left : _right);

    /// <summary>
    /// <see cref="Next"/> without a data-dependent branch, for the interleaved prediction walk: the child is read at
    /// offset 0 or 1 from <see cref="Left"/>, because the JIT compiles a choice between two loads into a branch that
    /// mispredicts about every other node on real data.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int NextBranchFree(float x)
    {
        var goLeft = (x < _value) | (float.IsNaN(x) & DefaultLeft);
        return Unsafe.Add(ref Unsafe.AsRef(in _left), goLeft ? 0 : 1);
    }

    /// <summary><see cref="NextBranchFree"/> for a value known not to be NaN: one compare.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int NextBranchFreePresent(float x) => Unsafe.Add(ref Unsafe.AsRef(in _left), x < _value ? 0 : 1);
}
