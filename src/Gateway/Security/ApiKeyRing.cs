using System.Text.Json;
using Microsoft.Extensions.Options;

namespace FraudActors.Gateway.Security;

/// <summary>
/// The known keys, from configuration and the keys file, validated at start (a malformed entry stops the node
/// rather than silently locking someone out). Lookup compares against every entry in constant time.
/// </summary>
public sealed class ApiKeyRing
{
    private readonly IReadOnlyList<ApiKeyEntry> _entries;

    /// <summary>Loads and validates the keys.</summary>
    /// <exception cref="InvalidOperationException">An entry has an unknown role or a malformed hash.</exception>
    public ApiKeyRing(IOptions<ApiKeyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var entries = new List<ApiKeyEntry>(options.Value.ApiKeys);
        if (options.Value.ApiKeysFile is { } file && File.Exists(file))
        {
            entries.AddRange(ReadFile(file));
        }

        foreach (var entry in entries)
        {
            if (!Roles.All.Contains(entry.Role))
            {
                throw new InvalidOperationException($"API key '{entry.Name}' has role '{entry.Role}'; the roles are {string.Join(", ", Roles.All)}.");
            }

            if (!ApiKey.IsHash(entry.Hash))
            {
                throw new InvalidOperationException($"API key '{entry.Name}' has a malformed hash; expected sha256: and 64 lower-case hex digits.");
            }
        }

        _entries = entries;
    }

    /// <summary>Number of keys.</summary>
    public int Count => _entries.Count;

    /// <summary>The entry a presented key belongs to, or null.</summary>
    public ApiKeyEntry? Find(string presented)
    {
        ApiKeyEntry? found = null;

        // Every entry is compared, so the time taken says nothing about which one matched.
        foreach (var entry in _entries)
        {
            if (ApiKey.Matches(presented, entry.Hash))
            {
                found ??= entry;
            }
        }

        return found;
    }

    /// <summary>Reads a keys file.</summary>
    public static IReadOnlyList<ApiKeyEntry> ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<List<ApiKeyEntry>>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"{path} holds no key list.");
    }

    /// <summary>Appends an entry to a keys file (created with owner-only permissions when missing), atomically.</summary>
    public static void AppendToFile(string path, ApiKeyEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var entries = File.Exists(path) ? ReadFile(path).ToList() : [];
        if (entries.Any(e => e.Name == entry.Name))
        {
            throw new InvalidOperationException($"{path} already holds a key named '{entry.Name}'.");
        }

        entries.Add(entry);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(entries, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
