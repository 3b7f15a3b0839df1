using FraudActors.Runtime.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace FraudActors.Silo.Tests.Storage.Sqlite;

/// <summary>
/// Holds the database's write lock from another connection (BEGIN IMMEDIATE) until released: the decision log's
/// writer then waits in BEGIN with the batch it took, and every later append queues behind it.
/// </summary>
internal sealed class WriteLock : IDisposable
{
    private readonly SqliteConnection _connection;
    private SqliteTransaction? _transaction;

    private WriteLock(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static WriteLock Take(SqliteDatabase database)
    {
        var connection = database.OpenConnection();
        return new WriteLock(connection, connection.BeginTransaction(deferred: false));
    }

    public void Release()
    {
        _transaction?.Rollback();
        _transaction?.Dispose();
        _transaction = null;
    }

    public void Dispose()
    {
        Release();
        _connection.Dispose();
    }
}
