using FraudActors.Runtime.Persistence;
using FraudActors.Runtime.Persistence.Sqlite;
using FraudActors.Testing;

namespace FraudActors.Runtime.Tests.Persistence.Sqlite;

public sealed class SqliteGrainStorageTests : GrainStorageContract
{
    private readonly TemporaryDirectory _directory = new();

    protected override async Task<IGrainStorage> OpenStorageAsync() =>
        await SqliteGrainStorage.CreateAsync(new SqliteDatabase(_directory.File("state.db")), TimeProvider.System, TestContext.Current.CancellationToken);

    public override ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
