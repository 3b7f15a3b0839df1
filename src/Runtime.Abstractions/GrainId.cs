namespace FraudActors.Runtime;

/// <summary>
/// Identity of a grain: its type name (one per grain interface, see <see cref="GrainTypeAttribute"/>) and its key.
/// </summary>
/// <param name="Type">The grain type name, e.g. <c>customer</c>.</param>
/// <param name="Key">The grain key, e.g. a customer id.</param>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>A 64-bit hash of type and key that is the same in every process (see <see cref="Runtime.StableHash"/>); used for placement.</summary>
    public ulong StableHash => Runtime.StableHash.Of(Type, Key);

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
}
