using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace FraudActors.Runtime.CodeGen;

/// <summary>What the generator needs to know of one grain interface: plain strings, so incremental caching works.</summary>
internal sealed record GrainInterfaceModel(
    string FullName,
    string GlobalName,
    string GeneratedName,
    string GrainType,
    EquatableArray<GrainMethodModel> Methods,
    EquatableArray<WireTypeModel> WireTypes);

internal sealed record GrainMethodModel(
    string DeclaringInterface,
    string Name,
    int Id,
    ReturnKind ReturnKind,
    string ReturnType,
    string ResultType,
    EquatableArray<GrainParameterModel> Parameters,
    string Options,
    int? TimeoutMilliseconds);

internal sealed record GrainParameterModel(string Name, string Type, bool IsCancellationToken);

internal enum ReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}

/// <summary>An immutable array compared by content, as incremental generator models must be.</summary>
internal readonly struct EquatableArray<T> : System.IEquatable<EquatableArray<T>>
{
    private readonly ImmutableArray<T> _items;

    public EquatableArray(IEnumerable<T> items) => _items = items.ToImmutableArray();

    public ImmutableArray<T> Items => _items.IsDefault ? ImmutableArray<T>.Empty : _items;

    public bool Equals(EquatableArray<T> other) => Items.SequenceEqual(other.Items);

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = 17;
        foreach (var item in Items)
        {
            hash = (hash * 31) + (item?.GetHashCode() ?? 0);
        }

        return hash;
    }
}
