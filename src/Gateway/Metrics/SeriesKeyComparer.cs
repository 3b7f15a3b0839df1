using System.Diagnostics.CodeAnalysis;

namespace FraudActors.Gateway.Metrics;

/// <summary>
/// Compares series keys, and looks one up by the measurement's own tag span, so recording into an existing series
/// allocates nothing. Order-insensitive: the hash combines tags commutatively and equality matches tag by tag.
/// </summary>
internal sealed class SeriesKeyComparer : IEqualityComparer<SeriesKey>, IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, SeriesKey>
{
    public static readonly SeriesKeyComparer Instance = new();

    private SeriesKeyComparer()
    {
    }

    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = tags.Length;
        foreach (var tag in tags)
        {
            // Sum, not a sequential combine: the same tags in another order must hash alike.
            hash += (HashOf(tag.Key) * 31) + tag.Value switch
            {
                null => 0,
                string s => HashOf(s),
                var value => value.GetHashCode(),
            };
        }

        return hash;
    }

    /// <summary>
    /// A cheap hash of a string from its length and three characters. Every measurement hashes its tags, and the
    /// full (randomised) string hash of six strings was most of the cost of a grain call's metrics; tag values are
    /// few per instrument, so the rare collision costs an equality check, never a wrong series.
    /// </summary>
    private static int HashOf(string s) => s.Length == 0 ? 0 : (s.Length * 397) ^ (s[0] << 16) ^ (s[s.Length / 2] << 8) ^ s[^1];

    public bool Equals(SeriesKey? x, SeriesKey? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && Matches(x.Tags, y.Tags));

    public int GetHashCode([DisallowNull] SeriesKey obj) => obj.GetHashCode();

    public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, SeriesKey other) => Matches(alternate, other.Tags);

    public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => HashOf(alternate);

    public SeriesKey Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => SeriesKey.From(alternate);

    private static bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags, ReadOnlySpan<KeyValuePair<string, object?>> sorted)
    {
        if (tags.Length != sorted.Length)
        {
            return false;
        }

        // A handful of tags: a linear search per tag beats sorting the measurement's span.
        foreach (var tag in tags)
        {
            var found = false;
            foreach (var candidate in sorted)
            {
                if (string.Equals(tag.Key, candidate.Key, StringComparison.Ordinal))
                {
                    found = Equals(tag.Value, candidate.Value);
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }
}
