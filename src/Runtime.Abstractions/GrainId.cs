using System.Text;

namespace FraudActors.Runtime;

/// <summary>
/// Identity of a grain: its type name (one per grain interface, see <see cref="GrainTypeAttribute"/>) and its key.
/// </summary>
/// <param name="Type">The grain type name, e.g. <c>customer</c>.</param>
/// <param name="Key">The grain key, e.g. a customer id.</param>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>
    /// A 64-bit hash that is the same in every process and on every machine (unlike <see cref="string.GetHashCode()"/>),
    /// used for placement. FNV-1a over the UTF-16 code units of type, a separator, and key, then a final avalanche.
    /// </summary>
    public ulong StableHash
    {
        get
        {
            var hash = 14695981039346656037UL;
            hash = Mix(hash, Type);
            hash = (hash ^ 0x1F) * 1099511628211UL;
            hash = Mix(hash, Key);
            return Avalanche(hash);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Type}/{Key}";

    /// <summary>Parses the <c>type/key</c> form produced by <see cref="ToString"/>.</summary>
    /// <exception cref="FormatException">The text has no separator or an empty type.</exception>
    public static GrainId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new FormatException($"'{text}' is not a grain id of the form type/key.");
        }

        return new GrainId(text[..slash], text[(slash + 1)..]);
    }

    private static ulong Mix(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>Final mixing step of SplitMix64: FNV-1a alone leaves low bits poorly distributed.</summary>
    internal static ulong Avalanche(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
