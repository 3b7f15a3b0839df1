using System.Security.Cryptography;

namespace FraudActors.Ml.Artifacts;

/// <summary>SHA-256 naming of artifacts.</summary>
public static class ContentHash
{
    /// <summary>The SHA-256 of the bytes, lower-case hex.</summary>
    public static string Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>True when <paramref name="text"/> has the form of a hash this store issues (64 lower-case hex digits).</summary>
    public static bool IsValid(string? text) =>
        text is { Length: 64 } && text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
