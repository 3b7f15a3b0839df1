namespace FraudActors.Ml.Artifacts;

/// <summary>
/// Artifacts as files under <c>{root}/objects/sha256/{first two hex digits}/{hash}</c>. Writes go to a temporary file
/// that is renamed into place, so a crash never leaves a partial artifact under a valid name.
/// </summary>
public sealed class FileSystemArtifactStore : IArtifactStore
{
    private readonly string _objects;

    /// <summary>Uses <paramref name="root"/> (created if needed).</summary>
    public FileSystemArtifactStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _objects = Path.Combine(Path.GetFullPath(root), "objects", "sha256");
        Directory.CreateDirectory(_objects);
    }

    /// <inheritdoc />
    public async Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var hash = ContentHash.Of(content.Span);
        var path = PathOf(hash);
        if (File.Exists(path))
        {
            return hash;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await file.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return hash;
    }

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(string sha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        if (!ContentHash.IsValid(sha256))
        {
            throw new ArtifactNotFoundException(sha256);
        }

        var path = PathOf(sha256);
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ArtifactNotFoundException(sha256);
        }

        var actual = ContentHash.Of(content);
        return actual == sha256 ? content : throw new ArtifactCorruptedException(sha256, actual);
    }

    /// <summary>Where an artifact lives (tests corrupt files through it).</summary>
    internal string PathOf(string sha256) => Path.Combine(_objects, sha256[..2], sha256);
}
