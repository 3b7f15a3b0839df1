using System.Text;
using FraudActors.Runtime.Persistence;
using FraudActors.Runtime.Persistence.Sqlite;
using FraudActors.Testing;

namespace FraudActors.Runtime.Tests.Persistence;

public sealed class SqliteGrainStorageTests : IDisposable
{
    private static readonly GrainId Id = new("account", "a-1");
    private readonly TemporaryDirectory _directory = new();

    private Task<SqliteGrainStorage> CreateAsync() =>
        SqliteGrainStorage.CreateAsync(new SqliteDatabase(_directory.File("state.db")), TimeProvider.System, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Reads_what_was_written_with_the_new_version()
    {
        var storage = await CreateAsync();
        var etag = await storage.WriteAsync(Id, "s", "v1"u8.ToArray(), null, CancellationToken.None);
        etag = await storage.WriteAsync(Id, "s", "v2"u8.ToArray(), etag, CancellationToken.None);

        var record = await storage.ReadAsync(Id, "s", CancellationToken.None);

        Assert.NotNull(record);
        Assert.Equal("v2", Encoding.UTF8.GetString(record.Payload.Span));
        Assert.Equal(etag, record.Etag);
        Assert.Null(await storage.ReadAsync(Id, "other", CancellationToken.None));
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_rejected_and_changes_nothing()
    {
        var storage = await CreateAsync();
        var first = await storage.WriteAsync(Id, "s", "v1"u8.ToArray(), null, CancellationToken.None);
        await storage.WriteAsync(Id, "s", "v2"u8.ToArray(), first, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(Id, "s", "stale"u8.ToArray(), first, CancellationToken.None));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(Id, "s", "new"u8.ToArray(), null, CancellationToken.None));

        var record = await storage.ReadAsync(Id, "s", CancellationToken.None);
        Assert.Equal("v2", Encoding.UTF8.GetString(record!.Payload.Span));
    }

    [Fact]
    public async Task A_clear_with_a_stale_etag_is_rejected()
    {
        var storage = await CreateAsync();
        var first = await storage.WriteAsync(Id, "s", "v1"u8.ToArray(), null, CancellationToken.None);
        var second = await storage.WriteAsync(Id, "s", "v2"u8.ToArray(), first, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(Id, "s", first, CancellationToken.None));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(Id, "s", null, CancellationToken.None));
        await storage.ClearAsync(Id, "s", second, CancellationToken.None);

        Assert.Null(await storage.ReadAsync(Id, "s", CancellationToken.None));
    }

    [Fact]
    public async Task Migration_is_idempotent_and_keeps_data()
    {
        var storage = await CreateAsync();
        await storage.WriteAsync(Id, "s", "kept"u8.ToArray(), null, CancellationToken.None);

        var again = await CreateAsync();

        Assert.Equal("kept", Encoding.UTF8.GetString((await again.ReadAsync(Id, "s", CancellationToken.None))!.Payload.Span));
    }

    public void Dispose() => _directory.Dispose();
}
