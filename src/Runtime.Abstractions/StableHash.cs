namespace FraudActors.Runtime;

/// <summary>
/// A 64-bit string hash that is the same in every process and on every machine, unlike
/// <see cref="string.GetHashCode()"/>: FNV-1a over the UTF-16 code units, then SplitMix64's final mixing
/// (FNV-1a alone leaves the low bits poorly spread). Used for placement and for transaction fingerprints.
/// Not a cryptographic hash: never use it where an adversary choosing inputs could gain from collisions.
/// </summary>
public static class StableHash
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>Hash of one string.</summary>
    public static ulong Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Avalanche(Mix(Offset, text));
    }

    /// <summary>Hash of two strings with a separator, so ("ab", "c") and ("a", "bc") differ.</summary>
    public static ulong Of(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var hash = Mix(Offset, first);
        hash = (hash ^ 0x1F) * Prime;
        return Avalanche(Mix(hash, second));
    }

    private static ulong Mix(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ c) * Prime;
        }

        return hash;
    }

    private static ulong Avalanche(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
