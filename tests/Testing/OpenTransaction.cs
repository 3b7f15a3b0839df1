using FraudActors.Runtime.Persistence.Postgres;
using Npgsql;

namespace FraudActors.Testing;

/// <summary>A transaction on its own connection, which the test commits or rolls back when it chooses.</summary>
public sealed class OpenTransaction : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private OpenTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>Opens a connection of <paramref name="database"/> and begins a read committed transaction on it.</summary>
    public static async Task<OpenTransaction> BeginAsync(PostgresDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        return new OpenTransaction(connection, transaction);
    }

    /// <summary>A command in this transaction.</summary>
    public NpgsqlCommand Command(string sql) => new(sql, _connection, _transaction);

    /// <summary>Runs <paramref name="sql"/> in this transaction.</summary>
    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(sql);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Commits.</summary>
    public Task CommitAsync() => _transaction.CommitAsync();

    /// <summary>Rolls back.</summary>
    public Task RollbackAsync() => _transaction.RollbackAsync();

    /// <summary>Ends the transaction (rolling back if still open) and returns the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
