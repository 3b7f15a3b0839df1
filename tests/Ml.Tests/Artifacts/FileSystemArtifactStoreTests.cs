using System.Security.Cryptography;
using FraudActors.Ml.Artifacts;
using FraudActors.Testing;

namespace FraudActors.Ml.Tests.Artifacts;

public sealed class FileSystemArtifactStoreTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task An_artifact_is_named_by_the_sha256_of_its_bytes_and_reads_back_intact()
    {
        var store = new FileSystemArtifactStore(_directory.Path);
        var content = "{\"learner\":{}}"u8.ToArray();

        var hash = await store.PutAsync(content, TestContext.Current.CancellationToken);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), hash);
        Assert.Equal(content, await store.GetAsync(hash, TestContext.Current.CancellationToken));
        Assert.Equal(hash, await store.PutAsync(content, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_corrupted_artifact_is_refused()
    {
        var store = new FileSystemArtifactStore(_directory.Path);
        var hash = await store.PutAsync("model bytes"u8.ToArray(), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(store.PathOf(hash), "tampered", TestContext.Current.CancellationToken);

        var failure = await Assert.ThrowsAsync<ArtifactCorruptedException>(() => store.GetAsync(hash, TestContext.Current.CancellationToken));
        Assert.Equal(hash, failure.Sha256);
    }

    [Fact]
    public async Task Unknown_or_malformed_hashes_are_not_found()
    {
        var store = new FileSystemArtifactStore(_directory.Path);

        await Assert.ThrowsAsync<ArtifactNotFoundException>(() => store.GetAsync(new string('a', 64), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArtifactNotFoundException>(() => store.GetAsync("../../etc/passwd", TestContext.Current.CancellationToken));
    }

    public void Dispose() => _directory.Dispose();
}
