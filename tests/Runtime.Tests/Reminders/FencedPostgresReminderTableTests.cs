using FraudActors.Runtime.Persistence.Postgres;
using FraudActors.Runtime.Reminders;
using FraudActors.Testing;

namespace FraudActors.Runtime.Tests.Reminders;

/// <summary>The reminder table contract holds unchanged when every write is fenced by a live silo's row.</summary>
public sealed class FencedPostgresReminderTableTests : ReminderTableContract
{
    private readonly List<PostgresDatabase> _opened = [];
    private PostgresTestDatabase? _database;

    public override async ValueTask InitializeAsync() =>
        _database = await PostgresTestDatabase.CreateAsync(TestContext.Current.CancellationToken);

    protected override async Task<IReminderTable> OpenTableAsync()
    {
        // Another silo process: a pool of its own and a row of its own.
        var database = new PostgresDatabase(_database!.ConnectionString);
        _opened.Add(database);
        var silo = await FencedSiloRow.RegisterAsync(database, TestContext.Current.CancellationToken);
        return await PostgresReminderTable.CreateAsync(database, TestContext.Current.CancellationToken, silo.Fence);
    }

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
