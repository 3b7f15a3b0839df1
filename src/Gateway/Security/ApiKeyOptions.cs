namespace FraudActors.Gateway.Security;

/// <summary>Who may call the API. Every default is stated.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Security";

    /// <summary>Keys from configuration (hashes only).</summary>
    public List<ApiKeyEntry> ApiKeys { get; set; } = [];

    /// <summary>
    /// A JSON file holding more keys (an array of entries, hashes only), written by <c>fraudctl keys create</c>.
    /// Default <c>artifacts/node/api-keys.json</c>; missing is fine.
    /// </summary>
    public string? ApiKeysFile { get; set; } = Path.Combine("artifacts", "node", "api-keys.json");
}

/// <summary>One API key: a name for logs and audit, its role, and the SHA-256 of the key.</summary>
public sealed class ApiKeyEntry
{
    /// <summary>Who holds it (e.g. <c>payments-eu</c>).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>One of <see cref="Roles.All"/>.</summary>
    public string Role { get; set; } = string.Empty;

    /// <summary><c>sha256:</c> and 64 lower-case hex digits (see <see cref="ApiKey.Hash"/>).</summary>
    public string Hash { get; set; } = string.Empty;
}
