using System.Text.Json;

namespace FraudActors.Ml.Models;

/// <summary>
/// Model manifests on the filesystem (<c>{root}/models/{version}.json</c>) with a champion pointer
/// (<c>{root}/models/CHAMPION</c>): how <c>fraudctl train</c> hands models to an embedded node. Writes are atomic
/// (temporary file, then rename).
/// </summary>
public sealed class ModelCatalog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly string _directory;

    /// <summary>Uses <paramref name="root"/>/models (created if needed).</summary>
    public ModelCatalog(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _directory = Path.Combine(Path.GetFullPath(root), "models");
        Directory.CreateDirectory(_directory);
    }

    private string ChampionPath => Path.Combine(_directory, "CHAMPION");

    /// <summary>Writes a manifest. Versions are immutable: writing an existing version with different content fails.</summary>
    public async Task SaveAsync(ModelManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var path = ManifestPath(manifest.Version);
        if (File.Exists(path))
        {
            throw new InvalidOperationException($"Model version {manifest.Version} already exists.");
        }

        await WriteAtomicallyAsync(path, JsonSerializer.SerializeToUtf8Bytes(manifest, Json), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The manifest of a version, or null.</summary>
    public async Task<ModelManifest?> FindAsync(string version, CancellationToken cancellationToken)
    {
        var path = ManifestPath(version);
        if (!File.Exists(path))
        {
            return null;
        }

        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<ModelManifest>(file, Json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every manifest, oldest first.</summary>
    public async Task<IReadOnlyList<ModelManifest>> ListAsync(CancellationToken cancellationToken)
    {
        var manifests = new List<ModelManifest>();
        foreach (var path in Directory.EnumerateFiles(_directory, "*.json"))
        {
            await using var file = File.OpenRead(path);
            manifests.Add((await JsonSerializer.DeserializeAsync<ModelManifest>(file, Json, cancellationToken).ConfigureAwait(false))!);
        }

        return manifests.OrderBy(m => m.CreatedAt).ThenBy(m => m.Version, StringComparer.Ordinal).ToList();
    }

    /// <summary>The champion's version, or null when none was chosen.</summary>
    public async Task<string?> GetChampionAsync(CancellationToken cancellationToken) =>
        File.Exists(ChampionPath) ? (await File.ReadAllTextAsync(ChampionPath, cancellationToken).ConfigureAwait(false)).Trim() : null;

    /// <summary>Makes an existing version the champion.</summary>
    public async Task SetChampionAsync(string version, CancellationToken cancellationToken)
    {
        if (!File.Exists(ManifestPath(version)))
        {
            throw new InvalidOperationException($"Model version {version} does not exist.");
        }

        await WriteAtomicallyAsync(ChampionPath, System.Text.Encoding.UTF8.GetBytes(version + "\n"), cancellationToken).ConfigureAwait(false);
    }

    private string ManifestPath(string version)
    {
        if (string.IsNullOrEmpty(version) || version.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || version.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{version}' is not a valid model version.", nameof(version));
        }

        return Path.Combine(_directory, version + ".json");
    }

    private static async Task WriteAtomicallyAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await File.WriteAllBytesAsync(temporary, content, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
