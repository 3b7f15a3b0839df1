using System.Collections.Immutable;

namespace FraudActors.Silo.Storage.Sqlite;

/// <summary>Compares feature schemas by their names, in order (ordinal).</summary>
internal sealed class FeatureNamesComparer : IEqualityComparer<ImmutableArray<string>>
{
    public static readonly FeatureNamesComparer Instance = new();

    public bool Equals(ImmutableArray<string> x, ImmutableArray<string> y) =>
        x.AsSpan().SequenceEqual(y.AsSpan(), StringComparer.Ordinal);

    public int GetHashCode(ImmutableArray<string> obj)
    {
        var hash = new HashCode();
        foreach (var name in obj)
        {
            hash.Add(name, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
