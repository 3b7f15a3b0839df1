using FraudActors.Runtime.Persistence;
using FraudActors.Runtime.Reminders;

namespace FraudActors.Runtime.Tests.Reminders;

/// <summary>
/// What every <see cref="IReminderTable"/> promises, run against each provider (one derived class per provider) so
/// SQLite and PostgreSQL cannot drift apart.
/// </summary>
public abstract class ReminderTableContract : IAsyncLifetime
{
    private static readonly GrainId Grain = new("account", "a-1");
    private static readonly GrainId Other = new("account", "a-2");
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 10, 0, 0, 123, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates the database the test uses (empty).</summary>
    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>A table over the test's database, opened anew (migrating) as a restarted or second silo would.</summary>
    protected abstract Task<IReminderTable> OpenTableAsync();

    public abstract ValueTask DisposeAsync();

    private static ReminderEntry Entry(GrainId grain, string name, int minutes = 5) =>
        new(grain, name, Start, TimeSpan.FromMinutes(minutes), null);

    [Fact]
    public async Task Reads_back_what_was_inserted_with_its_version()
    {
        var table = await OpenTableAsync();
        var etag = await table.UpsertRowAsync(Entry(Grain, "r"), null, Ct);

        var row = await table.ReadRowAsync(Grain, "r", Ct);

        Assert.Equal(Entry(Grain, "r") with { ETag = etag }, row);
        Assert.Null(await table.ReadRowAsync(Grain, "missing", Ct));
    }

    [Fact]
    public async Task An_update_needs_the_current_version_and_issues_a_new_one()
    {
        var table = await OpenTableAsync();
        var first = await table.UpsertRowAsync(Entry(Grain, "r"), null, Ct);
        var second = await table.UpsertRowAsync(Entry(Grain, "r", minutes: 7), first, Ct);

        Assert.NotEqual(first, second);
        await Assert.ThrowsAsync<InconsistentStateException>(() => table.UpsertRowAsync(Entry(Grain, "r", minutes: 9), first, Ct));
        await Assert.ThrowsAsync<InconsistentStateException>(() => table.UpsertRowAsync(Entry(Grain, "r", minutes: 9), null, Ct));
        Assert.Equal(TimeSpan.FromMinutes(7), (await table.ReadRowAsync(Grain, "r", Ct))!.Period);
    }

    [Fact]
    public async Task Updating_a_row_that_does_not_exist_fails()
    {
        var table = await OpenTableAsync();
        await Assert.ThrowsAsync<InconsistentStateException>(() => table.UpsertRowAsync(Entry(Grain, "r"), "1", Ct));
    }

    [Fact]
    public async Task Reads_the_rows_of_one_grain_and_of_all()
    {
        var table = await OpenTableAsync();
        await table.UpsertRowAsync(Entry(Grain, "a"), null, Ct);
        await table.UpsertRowAsync(Entry(Grain, "b"), null, Ct);
        await table.UpsertRowAsync(Entry(Other, "a"), null, Ct);

        var reopened = await OpenTableAsync();

        Assert.Equal(["a", "b"], (await reopened.ReadRowsAsync(Grain, Ct)).Select(r => r.Name).Order());
        Assert.Equal(3, (await reopened.ReadAllAsync(Ct)).Count);
    }

    [Fact]
    public async Task Deletes_only_at_the_current_version()
    {
        var table = await OpenTableAsync();
        var first = await table.UpsertRowAsync(Entry(Grain, "r"), null, Ct);
        var second = await table.UpsertRowAsync(Entry(Grain, "r"), first, Ct);

        Assert.False(await table.RemoveRowAsync(Grain, "r", first, Ct));
        Assert.True(await table.RemoveRowAsync(Grain, "r", second, Ct));
        Assert.False(await table.RemoveRowAsync(Grain, "r", second, Ct));
        Assert.Null(await table.ReadRowAsync(Grain, "r", Ct));
    }

    [Fact]
    public async Task Of_two_writers_from_the_same_version_exactly_one_wins()
    {
        var table = await OpenTableAsync();
        var other = await OpenTableAsync();
        var etag = await table.UpsertRowAsync(Entry(Grain, "r"), null, Ct);

        var results = await Task.WhenAll(
            Attempt(() => table.UpsertRowAsync(Entry(Grain, "r", minutes: 6), etag, Ct)),
            Attempt(() => other.UpsertRowAsync(Entry(Grain, "r", minutes: 8), etag, Ct)));

        Assert.Single(results, won => won);

        static async Task<bool> Attempt(Func<Task<string>> write)
        {
            try
            {
                await write();
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }
    }
}
