using System.Globalization;
using FraudActors.Runtime.Cluster;
using Npgsql;

namespace FraudActors.Runtime.Persistence.Postgres;

/// <summary>
/// Grain state in PostgreSQL, shared by every silo of a cluster: one row per (grain, state name) with an integer
/// version as the ETag. Every operation is a single autocommitted statement (one round trip), and every write and
/// clear is conditional on the version the activation holds, so of two activations writing from the same version
/// exactly one succeeds: the row lock makes the second wait, then re-check the version and match nothing.
/// </summary>
/// <remarks>
/// The version check cannot stop a stale activation whose write comes first (it holds the current version: the new
/// owner has only read). In a cluster every write and clear is therefore also fenced (<see cref="SiloFence"/>): in the
/// same statement, conditional on the writing silo not being dead in the membership table, so an activation left
/// behind on a silo its peers declared dead writes nothing, whenever it tries.
/// </remarks>
public sealed class PostgresGrainStorage : IGrainStorage
{
    private const string KeyCondition = "grain_type = @type AND grain_key = @key AND state_name = @name";

    // DO NOTHING on conflict: an insert racing another waits for it to commit, then reports 0 rows.
    private const string Insert =
        """
        INSERT INTO grain_state (grain_type, grain_key, state_name, payload, version, updated_at)
        VALUES (@type, @key, @name, @payload, 1, @now) ON CONFLICT DO NOTHING;
        """;

    private const string Update =
        $"UPDATE grain_state SET payload = @payload, version = @version + 1, updated_at = @now WHERE {KeyCondition} AND version = @version;";

    private const string Delete = $"DELETE FROM grain_state WHERE {KeyCondition} AND version = @version;";

    private static readonly string FencedInsert = SiloFence.WrapWrite(
        """
        INSERT INTO grain_state (grain_type, grain_key, state_name, payload, version, updated_at)
        SELECT @type, @key, @name, @payload, 1, @now WHERE EXISTS (SELECT FROM fence) ON CONFLICT DO NOTHING RETURNING 1
        """);

    private static readonly string FencedUpdate = SiloFence.WrapWrite(
        $"UPDATE grain_state SET payload = @payload, version = @version + 1, updated_at = @now WHERE {KeyCondition} AND version = @version AND EXISTS (SELECT FROM fence) RETURNING 1");

    private static readonly string FencedDelete = SiloFence.WrapWrite(
        $"DELETE FROM grain_state WHERE {KeyCondition} AND version = @version AND EXISTS (SELECT FROM fence) RETURNING 1");

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE grain_state (
            grain_type text NOT NULL,
            grain_key text NOT NULL,
            state_name text NOT NULL,
            payload bytea NOT NULL,
            version bigint NOT NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name)
        );
        """,
    ];

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly SiloFence? _fence;

    private PostgresGrainStorage(NpgsqlDataSource dataSource, TimeProvider time, SiloFence? fence)
    {
        _dataSource = dataSource;
        _time = time;
        _fence = fence;
    }

    /// <summary>Creates the storage, migrating its table to the current schema.</summary>
    /// <param name="database">The shared database.</param>
    /// <param name="time">Stamps <c>updated_at</c>.</param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    /// <param name="fence">This silo's fence in a cluster (its membership row must be in <paramref name="database"/>);
    /// null to write unfenced.</param>
    public static async Task<PostgresGrainStorage> CreateAsync(
        PostgresDatabase database, TimeProvider time, CancellationToken cancellationToken, SiloFence? fence = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(time);
        await database.MigrateAsync("grain-state", Migrations, cancellationToken).ConfigureAwait(false);
        return new PostgresGrainStorage(database.DataSource, time, fence);
    }

    /// <inheritdoc />
    public async Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT payload, version FROM grain_state WHERE {KeyCondition};");
        AddKey(command, grainId, stateName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var payload = reader.GetFieldValue<byte[]>(0);
        return new GrainStateRecord(payload, reader.GetInt64(1).ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    /// <exception cref="SiloFencedException">This silo is dead in the cluster: nothing was written.</exception>
    public async Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken)
    {
        long newVersion;
        NpgsqlCommand command;
        if (expectedEtag is null)
        {
            command = _dataSource.CreateCommand(_fence is null ? Insert : FencedInsert);
            newVersion = 1;
        }
        else
        {
            var expected = ParseEtag(expectedEtag);
            command = _dataSource.CreateCommand(_fence is null ? Update : FencedUpdate);
            command.Parameters.Add(new NpgsqlParameter<long>("version", expected));
            newVersion = expected + 1;
        }

        await using (command.ConfigureAwait(false))
        {
            AddKey(command, grainId, stateName);
            command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>("payload", payload));
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", _time.GetUtcNow()));
            if (await SiloFence.ExecuteWriteAsync(_fence, command, $"writing state '{stateName}' of {grainId}", cancellationToken).ConfigureAwait(false) != 1)
            {
                throw new InconsistentStateException(
                    $"State '{stateName}' of {grainId} was changed by someone else (expected version {expectedEtag ?? "none"}).");
            }
        }

        return newVersion.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    /// <exception cref="SiloFencedException">This silo is dead in the cluster: nothing was deleted.</exception>
    public async Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken)
    {
        if (expectedEtag is null)
        {
            // Nothing to delete, so nothing to fence: only the check that nobody wrote since the read.
            await using var exists = _dataSource.CreateCommand($"SELECT EXISTS (SELECT FROM grain_state WHERE {KeyCondition});");
            AddKey(exists, grainId, stateName);
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                throw new InconsistentStateException($"State '{stateName}' of {grainId} was written by someone else since it was read.");
            }

            return;
        }

        await using var delete = _dataSource.CreateCommand(_fence is null ? Delete : FencedDelete);
        AddKey(delete, grainId, stateName);
        delete.Parameters.Add(new NpgsqlParameter<long>("version", ParseEtag(expectedEtag)));
        if (await SiloFence.ExecuteWriteAsync(_fence, delete, $"clearing state '{stateName}' of {grainId}", cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new InconsistentStateException($"State '{stateName}' of {grainId} was changed by someone else (expected version {expectedEtag}).");
        }
    }

    private static void AddKey(NpgsqlCommand command, GrainId grainId, string stateName)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("type", grainId.Type));
        command.Parameters.Add(new NpgsqlParameter<string>("key", grainId.Key));
        command.Parameters.Add(new NpgsqlParameter<string>("name", stateName));
    }

    private static long ParseEtag(string etag) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new InconsistentStateException($"'{etag}' is not an ETag this storage issued.");
}
