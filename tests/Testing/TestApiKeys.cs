using System.Security.Cryptography;
using System.Text;

namespace FraudActors.Testing;

/// <summary>One fixed API key per role for tests, with the settings that make a node accept them.</summary>
public static class TestApiKeys
{
    /// <summary>A key with role scorer.</summary>
    public const string Scorer = "fa_test-scorer-key";

    /// <summary>A key with role analyst.</summary>
    public const string Analyst = "fa_test-analyst-key";

    /// <summary>A key with role admin.</summary>
    public const string Admin = "fa_test-admin-key";

    /// <summary>Configuration entries (<c>Security:ApiKeys:i:*</c>) holding the three keys' hashes.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Security:ApiKeys:0:Name"] = "test-scorer",
        ["Security:ApiKeys:0:Role"] = "scorer",
        ["Security:ApiKeys:0:Hash"] = Hash(Scorer),
        ["Security:ApiKeys:1:Name"] = "test-analyst",
        ["Security:ApiKeys:1:Role"] = "analyst",
        ["Security:ApiKeys:1:Hash"] = Hash(Analyst),
        ["Security:ApiKeys:2:Name"] = "test-admin",
        ["Security:ApiKeys:2:Role"] = "admin",
        ["Security:ApiKeys:2:Hash"] = Hash(Admin),
        ["Security:ApiKeysFile"] = "",
    };

    // Written out here rather than calling the gateway, so the tests also check the stored format.
    private static string Hash(string key) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
