using System.Security.Cryptography;
using FraudActors.Ml.Artifacts;

namespace FraudActors.Ml.Tests.Artifacts;

/// <summary>
/// What every <see cref="IArtifactStore"/> promises, run against each store (one derived class per store) so the
/// filesystem and PostgreSQL cannot drift apart. Compiled into each test project that has a store (this file is
/// linked, not referenced, as the stores live in different assemblies).
/// </summary>
public abstract class ArtifactStoreContract : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates the empty storage the test uses.</summary>
    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public abstract ValueTask DisposeAsync();

    /// <summary>A store over the test's storage, opened anew as another silo process would: with its own connections.</summary>
    protected abstract Task<IArtifactStore> OpenStoreAsync();

    /// <summary>Replaces the stored bytes of an artifact behind the store's back, as a disk or an operator might.</summary>
    protected abstract Task TamperAsync(string sha256, byte[] content);

    /// <summary>How many copies of artifacts the storage holds (leftovers such as temporary files included).</summary>
    protected abstract Task<int> CountStoredAsync();

    [Fact]
    public async Task An_artifact_is_named_by_the_sha256_of_its_bytes_and_reads_back_intact_from_another_store()
    {
        var content = "{\"learner\":{}}"u8.ToArray();

        var hash = await (await OpenStoreAsync()).PutAsync(content, Ct);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), hash);
        Assert.Equal(content, await (await OpenStoreAsync()).GetAsync(hash, Ct));
    }

    [Fact]
    public async Task An_empty_artifact_reads_back_empty()
    {
        var store = await OpenStoreAsync();

        var hash = await store.PutAsync(ReadOnlyMemory<byte>.Empty, Ct);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([])), hash);
        Assert.Empty(await store.GetAsync(hash, Ct));
    }

    [Fact]
    public async Task A_five_megabyte_artifact_reads_back_intact()
    {
        var store = await OpenStoreAsync();
        var content = RandomBytes(5 * 1024 * 1024, seed: 5);

        var hash = await store.PutAsync(content, Ct);
        var read = await store.GetAsync(hash, Ct);

        Assert.Equal(content.Length, read.Length);
        Assert.True(content.AsSpan().SequenceEqual(read), "the bytes read back differ from those put");
    }

    [Fact]
    public async Task Putting_the_same_bytes_again_returns_the_same_name_and_keeps_one_copy()
    {
        var store = await OpenStoreAsync();
        var content = "model bytes"u8.ToArray();

        var first = await store.PutAsync(content, Ct);
        var second = await store.PutAsync(content, Ct);
        var third = await (await OpenStoreAsync()).PutAsync(content, Ct);

        Assert.Equal(first, second);
        Assert.Equal(first, third);
        Assert.Equal(1, await CountStoredAsync());
        Assert.Equal(content, await store.GetAsync(first, Ct));
    }

    [Fact]
    public async Task Concurrent_puts_of_the_same_bytes_from_eight_stores_keep_one_copy()
    {
        // Opened together too: for a database, eight silos migrating at the same moment.
        var stores = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => OpenStoreAsync()));
        var content = RandomBytes(1024 * 1024, seed: 8);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var puts = stores.Select(store => Task.Run(async () =>
        {
            await start.Task;
            return await store.PutAsync(content, Ct);
        }, Ct)).ToArray();
        start.SetResult();
        var hashes = await Task.WhenAll(puts);

        Assert.Single(hashes.Distinct());
        Assert.Equal(1, await CountStoredAsync());
        var read = await stores[^1].GetAsync(hashes[0], Ct);
        Assert.True(content.AsSpan().SequenceEqual(read), "the bytes read back differ from those put");
    }

    [Fact]
    public async Task An_unknown_hash_is_not_found()
    {
        var store = await OpenStoreAsync();
        await store.PutAsync("model bytes"u8.ToArray(), Ct);
        var unknown = new string('a', 64);

        var failure = await Assert.ThrowsAsync<ArtifactNotFoundException>(() => store.GetAsync(unknown, Ct));

        Assert.Equal(unknown, failure.Sha256);
    }

    [Fact]
    public async Task Names_the_store_never_issues_are_not_found_even_for_stored_bytes()
    {
        var store = await OpenStoreAsync();
        var hash = await store.PutAsync("model bytes"u8.ToArray(), Ct);

        // The upper-case spelling names stored bytes, but only the lower-case one is issued: one artifact, one name.
        string[] malformed = [hash.ToUpperInvariant(), hash[..63], hash + "0", new string('g', 64), "", "../../etc/passwd", $"{hash[..62]}/."];
        foreach (var name in malformed)
        {
            var failure = await Assert.ThrowsAsync<ArtifactNotFoundException>(() => store.GetAsync(name, Ct));
            Assert.Equal(name, failure.Sha256);
        }
    }

    [Fact]
    public async Task A_null_name_is_an_argument_error()
    {
        var store = await OpenStoreAsync();

        await Assert.ThrowsAsync<ArgumentNullException>(() => store.GetAsync(null!, Ct));
    }

    [Fact]
    public async Task A_tampered_artifact_is_refused_naming_its_hash()
    {
        var store = await OpenStoreAsync();
        var content = "model bytes"u8.ToArray();
        var hash = await store.PutAsync(content, Ct);

        await TamperAsync(hash, "tampered"u8.ToArray());

        var failure = await Assert.ThrowsAsync<ArtifactCorruptedException>(() => store.GetAsync(hash, Ct));
        Assert.Equal(hash, failure.Sha256);
        Assert.Contains(ContentHash.Of("tampered"u8), failure.Message, StringComparison.Ordinal);
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        // Random, so no storage layer can shrink it by compression and hide a truncation.
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
