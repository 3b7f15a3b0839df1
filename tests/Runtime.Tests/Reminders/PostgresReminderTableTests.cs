using FraudActors.Runtime.Persistence.Postgres;
using FraudActors.Runtime.Reminders;
using FraudActors.Runtime.Cluster;
using FraudActors.Testing;

namespace FraudActors.Runtime.Tests.Reminders;

/// <summary>The reminder table contract on PostgreSQL, unfenced.</summary>
public class PostgresReminderTableTests : ReminderTableContract
{
    private readonly List<PostgresDatabase> _opened = [];
    private PostgresTestDatabase? _database;

    public override async ValueTask InitializeAsync() =>
        _database = await PostgresTestDatabase.CreateAsync(TestContext.Current.CancellationToken);

    protected override async Task<IReminderTable> OpenTableAsync()
    {
        // A data source of its own, as another silo process would have.
        var database = new PostgresDatabase(_database!.ConnectionString);
        _opened.Add(database);
        var fence = await FenceAsync(database);
        return await PostgresReminderTable.CreateAsync(database, TestContext.Current.CancellationToken, fence);
    }

    /// <summary>The fence the store's writes carry: none here (an embedded-style, unfenced store).</summary>
    protected virtual Task<SiloFence?> FenceAsync(PostgresDatabase database) => Task.FromResult<SiloFence?>(null);

    public override async ValueTask DisposeAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
