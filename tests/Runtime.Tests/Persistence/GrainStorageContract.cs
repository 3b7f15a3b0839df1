using System.Text;
using FraudActors.Runtime.Persistence;

namespace FraudActors.Runtime.Tests.Persistence;

/// <summary>
/// What every <see cref="IGrainStorage"/> promises, run against each provider (one derived class per provider) so
/// SQLite and PostgreSQL cannot drift apart.
/// </summary>
public abstract class GrainStorageContract : IAsyncLifetime
{
    private const int Rounds = 50;
    private static readonly GrainId Id = new("account", "a-1");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates the database the test uses (empty).</summary>
    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// A storage over the test's database, opened anew (migrating) as a restarted or second silo process would: each
    /// call has its own connections.
    /// </summary>
    protected abstract Task<IGrainStorage> OpenStorageAsync();

    public abstract ValueTask DisposeAsync();

    [Fact]
    public async Task Reads_what_was_written_with_the_new_version()
    {
        var storage = await OpenStorageAsync();
        var etag = await storage.WriteAsync(Id, "s", "v1"u8.ToArray(), null, Ct);
        etag = await storage.WriteAsync(Id, "s", "v2"u8.ToArray(), etag, Ct);

        var record = await storage.ReadAsync(Id, "s", Ct);

        Assert.NotNull(record);
        Assert.Equal("v2", Encoding.UTF8.GetString(record.Payload.Span));
        Assert.Equal(etag, record.Etag);
        Assert.Null(await storage.ReadAsync(Id, "other", Ct));
        Assert.Null(await storage.ReadAsync(new GrainId("account", "a-2"), "s", Ct));
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_rejected_and_changes_nothing()
    {
        var storage = await OpenStorageAsync();
        var first = await storage.WriteAsync(Id, "s", "v1"u8.ToArray(), null, Ct);
        var second = await storage.WriteAsync(Id, "s", "v2"u8.ToArray(), first, Ct);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(Id, "s", "stale"u8.ToArray(), first, Ct));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(Id, "s", "new"u8.ToArray(), null, Ct));

        var record = await storage.ReadAsync(Id, "s", Ct);
        Assert.Equal("v2", Encoding.UTF8.GetString(record!.Payload.Span));
        Assert.Equal(second, record.Etag);
    }

    [Fact]
    public async Task A_clear_with_a_stale_etag_is_rejected()
    {
        var storage = await OpenStorageAsync();
        var first = await storage.WriteAsync(Id, "s", "v1"u8.ToArray(), null, Ct);
        var second = await storage.WriteAsync(Id, "s", "v2"u8.ToArray(), first, Ct);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(Id, "s", first, Ct));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(Id, "s", null, Ct));
        Assert.Equal("v2", Encoding.UTF8.GetString((await storage.ReadAsync(Id, "s", Ct))!.Payload.Span));

        await storage.ClearAsync(Id, "s", second, Ct);

        Assert.Null(await storage.ReadAsync(Id, "s", Ct));
    }

    [Fact]
    public async Task A_write_after_a_clear_starts_a_new_record()
    {
        var storage = await OpenStorageAsync();
        var first = await storage.WriteAsync(Id, "s", "v1"u8.ToArray(), null, Ct);
        await storage.ClearAsync(Id, "s", first, Ct);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(Id, "s", "stale"u8.ToArray(), first, Ct));
        await storage.WriteAsync(Id, "s", "again"u8.ToArray(), null, Ct);

        Assert.Equal("again", Encoding.UTF8.GetString((await storage.ReadAsync(Id, "s", Ct))!.Payload.Span));
    }

    [Fact]
    public async Task Migration_is_idempotent_and_keeps_data()
    {
        var storage = await OpenStorageAsync();
        await storage.WriteAsync(Id, "s", "kept"u8.ToArray(), null, Ct);

        var again = await OpenStorageAsync();

        Assert.Equal("kept", Encoding.UTF8.GetString((await again.ReadAsync(Id, "s", Ct))!.Payload.Span));
    }

    [Fact]
    public async Task Of_two_writers_holding_the_same_etag_exactly_one_wins()
    {
        // Two storages, as two silos briefly both hosting the grain (one of them stale) would have.
        var left = await OpenStorageAsync();
        var right = await OpenStorageAsync();
        var etag = await left.WriteAsync(Id, "s", "start"u8.ToArray(), null, Ct);

        for (var round = 0; round < Rounds; round++)
        {
            var expected = etag;
            var (winner, payload) = await RaceAsync(
                round,
                (storage, payload) => storage.WriteAsync(Id, "s", payload, expected, Ct),
                left,
                right);

            var record = await left.ReadAsync(Id, "s", Ct);
            Assert.Equal(payload, Encoding.UTF8.GetString(record!.Payload.Span));
            Assert.Equal(winner, record.Etag);
            Assert.NotEqual(expected, winner);
            etag = winner;
        }
    }

    [Fact]
    public async Task Of_two_writers_creating_the_same_record_exactly_one_wins()
    {
        var left = await OpenStorageAsync();
        var right = await OpenStorageAsync();

        for (var round = 0; round < Rounds; round++)
        {
            var id = new GrainId("account", $"new-{round}");
            var (winner, payload) = await RaceAsync(round, (storage, payload) => storage.WriteAsync(id, "s", payload, null, Ct), left, right);

            var record = await right.ReadAsync(id, "s", Ct);
            Assert.Equal(payload, Encoding.UTF8.GetString(record!.Payload.Span));
            Assert.Equal(winner, record.Etag);
        }
    }

    /// <summary>
    /// Starts one write per storage at the same moment and checks that exactly one succeeded and the other was
    /// rejected as inconsistent (any other failure fails the test). Returns the winner's ETag and payload.
    /// </summary>
    private static async Task<(string Etag, string Payload)> RaceAsync(
        int round, Func<IGrainStorage, byte[], Task<string>> write, IGrainStorage left, IGrainStorage right)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var payloads = new[] { $"round {round} left", $"round {round} right" };
        var attempts = new[] { left, right }
            .Select((storage, i) => Task.Run(async () =>
            {
                await start.Task;
                try
                {
                    return await write(storage, Encoding.UTF8.GetBytes(payloads[i]));
                }
                catch (InconsistentStateException)
                {
                    return null;
                }
            }))
            .ToArray();
        start.SetResult();
        var etags = await Task.WhenAll(attempts);

        var winners = Enumerable.Range(0, 2).Where(i => etags[i] is not null).ToArray();
        Assert.True(winners.Length == 1, $"round {round}: {winners.Length} writers succeeded, expected exactly one");
        return (etags[winners[0]]!, payloads[winners[0]]);
    }
}
