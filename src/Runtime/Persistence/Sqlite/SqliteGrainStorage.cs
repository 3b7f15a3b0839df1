using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FraudActors.Runtime.Persistence.Sqlite;

/// <summary>
/// Grain state in SQLite: one row per (grain, state name) with an integer version as the ETag; every write and
/// clear is conditional on the version the activation holds.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE grain_state (
            grain_type TEXT NOT NULL,
            grain_key TEXT NOT NULL,
            state_name TEXT NOT NULL,
            payload BLOB NOT NULL,
            version INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name)
        ) WITHOUT ROWID;
        """,
    ];

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    private SqliteGrainStorage(SqliteDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    /// <summary>Creates the storage, migrating its table to the current schema.</summary>
    public static async Task<SqliteGrainStorage> CreateAsync(SqliteDatabase database, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await database.MigrateAsync("grain-state", Migrations, cancellationToken).ConfigureAwait(false);
        return new SqliteGrainStorage(database, time);
    }

    /// <inheritdoc />
    public async Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        await using var connection = _database.OpenConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload, version FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $name;";
        AddKey(command, grainId, stateName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var payload = (byte[])reader.GetValue(0);
        return new GrainStateRecord(payload, reader.GetInt64(1).ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public async Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken)
    {
        await using var connection = _database.OpenConnection();
        await using var command = connection.CreateCommand();
        AddKey(command, grainId, stateName);
        command.Parameters.AddWithValue("$payload", payload.ToArray());
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
        long newVersion;
        if (expectedEtag is null)
        {
            command.CommandText = """
                INSERT INTO grain_state (grain_type, grain_key, state_name, payload, version, updated_at)
                VALUES ($type, $key, $name, $payload, 1, $now) ON CONFLICT DO NOTHING;
                """;
            newVersion = 1;
        }
        else
        {
            var expected = ParseEtag(expectedEtag);
            command.CommandText = """
                UPDATE grain_state SET payload = $payload, version = $version + 1, updated_at = $now
                WHERE grain_type = $type AND grain_key = $key AND state_name = $name AND version = $version;
                """;
            command.Parameters.AddWithValue("$version", expected);
            newVersion = expected + 1;
        }

        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new InconsistentStateException(
                $"State '{stateName}' of {grainId} was changed by someone else (expected version {expectedEtag ?? "none"}).");
        }

        return newVersion.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken)
    {
        await using var connection = _database.OpenConnection();
        await using var command = connection.CreateCommand();
        AddKey(command, grainId, stateName);
        if (expectedEtag is null)
        {
            command.CommandText = "SELECT count(*) FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $name;";
            if ((long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! != 0)
            {
                throw new InconsistentStateException($"State '{stateName}' of {grainId} was written by someone else since it was read.");
            }

            return;
        }

        command.CommandText = "DELETE FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $name AND version = $version;";
        command.Parameters.AddWithValue("$version", ParseEtag(expectedEtag));
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new InconsistentStateException($"State '{stateName}' of {grainId} was changed by someone else (expected version {expectedEtag}).");
        }
    }

    private static void AddKey(SqliteCommand command, GrainId grainId, string stateName)
    {
        command.Parameters.AddWithValue("$type", grainId.Type);
        command.Parameters.AddWithValue("$key", grainId.Key);
        command.Parameters.AddWithValue("$name", stateName);
    }

    private static long ParseEtag(string etag) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new InconsistentStateException($"'{etag}' is not an ETag this storage issued.");
}
