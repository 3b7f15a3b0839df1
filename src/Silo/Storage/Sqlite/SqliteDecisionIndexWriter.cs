using System.Globalization;
using FraudActors.Silo.Storage.Journal;
using Microsoft.Data.Sqlite;

namespace FraudActors.Silo.Storage.Sqlite;

/// <summary>
/// The indexer's connection: inserts journal entries into <c>decisions</c> with one prepared statement and moves the
/// watermark, all in one transaction committed with <c>synchronous=FULL</c>. Not thread-safe: one indexer (or the
/// recovery before it) uses it.
/// </summary>
internal sealed class SqliteDecisionIndexWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _watermark;
    private readonly SqliteParameter[] _parameters;
    private readonly SqliteParameter _watermarkSequence;
    private byte[] _modelVersionUtf8 = [];
    private string _modelVersion = string.Empty;

    public SqliteDecisionIndexWriter(SqliteConnection connection, DecisionLogOptions options)
    {
        _connection = connection;
        using (var settings = connection.CreateCommand())
        {
            // Per connection, so only the indexer's: its cache keeps the indexes' hot pages, and it checkpoints less often.
            settings.CommandText = string.Create(
                CultureInfo.InvariantCulture,
                $"PRAGMA cache_size = -{options.IndexerCacheKibibytes}; PRAGMA wal_autocheckpoint = {options.CheckpointPages};");
            settings.ExecuteNonQuery();
        }

        _insert = connection.CreateCommand();
        _insert.CommandText = DecisionLogSchema.Insert;
        _parameters = new SqliteParameter[DecisionLogSchema.InsertParameters.Length];
        for (var i = 0; i < _parameters.Length; i++)
        {
            // No declared type: each value binds as what it is (text, integer, real, blob).
            _parameters[i] = _insert.CreateParameter();
            _parameters[i].ParameterName = DecisionLogSchema.InsertParameters[i];
            _insert.Parameters.Add(_parameters[i]);
        }

        _insert.Prepare();
        _watermark = connection.CreateCommand();
        _watermark.CommandText = DecisionLogSchema.SetWatermark;
        _watermarkSequence = _watermark.Parameters.Add("$seq", SqliteType.Integer);
        _watermark.Prepare();
    }

    /// <summary>
    /// Inserts the entries and sets the watermark to <paramref name="watermark"/> (at least the last entry's number;
    /// more when the journal held records that were skipped), in one transaction. All or nothing.
    /// </summary>
    public void Write(ReadOnlySpan<TailEntry> entries, long watermark)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        _insert.Transaction = transaction;
        _watermark.Transaction = transaction;
        foreach (var entry in entries)
        {
            Bind(entry);
            _insert.ExecuteNonQuery();
        }

        _watermarkSequence.Value = watermark;
        _watermark.ExecuteNonQuery();
        transaction.Commit();
    }

    public void Dispose()
    {
        _insert.Dispose();
        _watermark.Dispose();
        _connection.Dispose();
    }

    private void Bind(TailEntry entry)
    {
        var record = DecisionRecord.Read(entry.Payload);
        var decidedAt = StoredInstant.From(record.DecidedAt);
        var p = _parameters;
        p[0].Value = entry.Sequence;
        p[1].Value = unchecked((long)entry.Fingerprint);
        p[2].Value = entry.TransactionId;
        p[3].Value = entry.CustomerId;
        p[4].Value = entry.TerminalId;
        p[5].Value = entry.AmountCents;
        p[6].Value = entry.EventTime.UnixMilliseconds;
        p[7].Value = entry.EventTime.SubMillisecondTicks;
        p[8].Value = entry.EventTime.OffsetMinutes;
        p[9].Value = record.Score;
        p[10].Value = (int)record.Decision;
        p[11].Value = (int)record.Explanation;
        p[12].Value = ModelVersion(record.ModelVersionUtf8);
        p[13].Value = record.SchemaId;
        p[14].Value = record.Features.ToArray();
        p[15].Value = record.Reasons.ToArray();
        p[16].Value = decidedAt.UnixMilliseconds;
        p[17].Value = decidedAt.SubMillisecondTicks;
        p[18].Value = decidedAt.OffsetMinutes;
    }

    // Nearly every row has the model version of the one before: decode it once, not per row.
    private string ModelVersion(ReadOnlySpan<byte> utf8)
    {
        if (!utf8.SequenceEqual(_modelVersionUtf8))
        {
            _modelVersionUtf8 = utf8.ToArray();
            _modelVersion = System.Text.Encoding.UTF8.GetString(utf8);
        }

        return _modelVersion;
    }
}
