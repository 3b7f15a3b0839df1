using FraudActors.Runtime.Persistence.Sqlite;
using FraudActors.Runtime.Reminders;
using FraudActors.Testing;

namespace FraudActors.Runtime.Tests.Reminders;

public sealed class SqliteReminderTableTests : ReminderTableContract
{
    private readonly TemporaryDirectory _directory = new();

    protected override async Task<IReminderTable> OpenTableAsync() =>
        await SqliteReminderTable.CreateAsync(new SqliteDatabase(_directory.File("node.db")), TestContext.Current.CancellationToken);

    public override ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
