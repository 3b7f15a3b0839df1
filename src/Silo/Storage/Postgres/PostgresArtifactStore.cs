using System.Data;
using FraudActors.Ml.Artifacts;
using FraudActors.Runtime.Persistence.Postgres;
using Npgsql;

namespace FraudActors.Silo.Storage.Postgres;

/// <summary>
/// Artifacts in PostgreSQL, so every silo of a cluster reads the same models: one row per artifact, keyed by the
/// 32 bytes of its SHA-256. Rows are never updated, so a put that races another with the same bytes loses nothing
/// by doing nothing; reads check the bytes against the key, as the filesystem store does.
/// </summary>
/// <remarks>
/// The key is <c>bytea</c> rather than the hex text: half the width in the table and its index, compared with a plain
/// byte comparison, and no collation to get wrong. Hex exists only at the API boundary, where it is validated.
/// Contents keep PostgreSQL's default storage (TOAST, compressed when that pays): models are JSON and are read
/// rarely (at start and on promotion), so disk is worth more than the few milliseconds of decompression.
/// </remarks>
internal sealed class PostgresArtifactStore : IArtifactStore
{
    /// <summary>The schema owner in <c>schema_version</c>.</summary>
    internal const string Component = "artifacts";

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE artifacts (
            sha256 bytea PRIMARY KEY CHECK (octet_length(sha256) = 32),
            content bytea NOT NULL,
            size bigint NOT NULL CHECK (size >= 0),
            created_at timestamptz NOT NULL DEFAULT now()
        );
        """,
    ];

    private readonly NpgsqlDataSource _dataSource;

    private PostgresArtifactStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Creates the store, migrating its table to the current schema.</summary>
    public static async Task<PostgresArtifactStore> CreateAsync(PostgresDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await database.MigrateAsync(Component, Migrations, cancellationToken).ConfigureAwait(false);
        return new PostgresArtifactStore(database.DataSource);
    }

    /// <inheritdoc />
    public async Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var hash = ContentHash.Of(content.Span);
        var key = Convert.FromHexString(hash);

        // Look first: re-putting a stored model (a second silo, a retried training) then costs one small round trip
        // instead of shipping megabytes that the insert would discard.
        await using (var exists = _dataSource.CreateCommand("SELECT EXISTS (SELECT FROM artifacts WHERE sha256 = @sha256);"))
        {
            exists.Parameters.Add(new NpgsqlParameter<byte[]>("sha256", key));
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return hash;
            }
        }

        // DO NOTHING on conflict: a put racing another with the same bytes waits for it to commit, then inserts nothing.
        // The content goes out straight from the caller's memory: no copy is made on this side.
        await using var insert = _dataSource.CreateCommand(
            "INSERT INTO artifacts (sha256, content, size) VALUES (@sha256, @content, @size) ON CONFLICT DO NOTHING;");
        insert.Parameters.Add(new NpgsqlParameter<byte[]>("sha256", key));
        insert.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>("content", content));
        insert.Parameters.Add(new NpgsqlParameter<long>("size", content.Length));
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return hash;
    }

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(string sha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sha256);

        // Only names this store issues are looked up, as in the filesystem store: anything else names nothing.
        if (!ContentHash.IsValid(sha256))
        {
            throw new ArtifactNotFoundException(sha256);
        }

        await using var select = _dataSource.CreateCommand("SELECT content FROM artifacts WHERE sha256 = @sha256;");
        select.Parameters.Add(new NpgsqlParameter<byte[]>("sha256", Convert.FromHexString(sha256)));

        // Sequential access reads the column from the socket straight into the returned array; otherwise Npgsql would
        // first buffer the whole multi-megabyte row, then copy it out.
        await using var reader = await select.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new ArtifactNotFoundException(sha256);
        }

        var content = await reader.GetFieldValueAsync<byte[]>(0, cancellationToken).ConfigureAwait(false);
        var actual = ContentHash.Of(content);
        return actual == sha256 ? content : throw new ArtifactCorruptedException(sha256, actual);
    }
}
