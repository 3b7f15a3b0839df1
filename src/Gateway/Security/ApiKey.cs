using System.Security.Cryptography;
using System.Text;

namespace FraudActors.Gateway.Security;

/// <summary>
/// API keys: 256 random bits, shown once; only their SHA-256 is stored. A salted slow hash would add nothing here:
/// the keys are random, not chosen by people, so there is no dictionary to attack.
/// </summary>
public static class ApiKey
{
    private const string Prefix = "fa_";
    private const string HashPrefix = "sha256:";

    /// <summary>A new random key (43 URL-safe characters after a recognisable prefix).</summary>
    public static string Create()
    {
        Span<byte> secret = stackalloc byte[32];
        RandomNumberGenerator.Fill(secret);
        return Prefix + Convert.ToBase64String(secret).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The stored form of a key: <c>sha256:</c> and the lower-case hex digest of its UTF-8 bytes.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>True when <paramref name="hash"/> has the stored form.</summary>
    public static bool IsHash(string? hash) =>
        hash is { Length: 71 } && hash.StartsWith(HashPrefix, StringComparison.Ordinal) && hash[HashPrefix.Length..].All(char.IsAsciiHexDigitLower);

    /// <summary>Constant-time comparison of a presented key with a stored hash.</summary>
    public static bool Matches(string presented, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(storedHash));
}
