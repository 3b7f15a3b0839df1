using FraudActors.Ml.Artifacts;
using FraudActors.Testing;

namespace FraudActors.Ml.Tests.Artifacts;

public sealed class FileSystemArtifactStoreTests : ArtifactStoreContract
{
    private readonly TemporaryDirectory _directory = new();

    protected override Task<IArtifactStore> OpenStoreAsync() => Task.FromResult<IArtifactStore>(new FileSystemArtifactStore(_directory.Path));

    protected override Task TamperAsync(string sha256, byte[] content) =>
        File.WriteAllBytesAsync(new FileSystemArtifactStore(_directory.Path).PathOf(sha256), content, TestContext.Current.CancellationToken);

    // Every file under the objects directory, so a temporary file left behind by a put counts as a second copy.
    protected override Task<int> CountStoredAsync() =>
        Task.FromResult(Directory.EnumerateFiles(Path.Combine(_directory.Path, "objects"), "*", SearchOption.AllDirectories).Count());

    public override ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
