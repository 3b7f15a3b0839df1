namespace FraudActors.Gateway.Metrics;

/// <summary>
/// The tags of one series, sorted by name so that two call sites tagging in different orders share a series (the
/// exposition format forbids two lines with the same labels).
/// </summary>
internal sealed class SeriesKey
{
    public static readonly SeriesKey Empty = new([]);

    private readonly int _hash;

    private SeriesKey(KeyValuePair<string, object?>[] tags)
    {
        Tags = tags;
        _hash = SeriesKeyComparer.HashOf(tags);
    }

    /// <summary>The tags, sorted by name.</summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    public static SeriesKey From(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return Empty;
        }

        var sorted = tags.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new SeriesKey(sorted);
    }

    public override int GetHashCode() => _hash;

    public override bool Equals(object? obj) => obj is SeriesKey other && SeriesKeyComparer.Instance.Equals(this, other);
}
