using FraudActors.Runtime.Persistence.Postgres;
using FraudActors.Runtime.Reminders;
using FraudActors.Testing;

namespace FraudActors.Runtime.Tests.Reminders;

public sealed class PostgresReminderTableTests : ReminderTableContract
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
        return await PostgresReminderTable.CreateAsync(database, TestContext.Current.CancellationToken);
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
