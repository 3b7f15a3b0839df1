using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FraudActors.Runtime.Persistence.Sqlite;
using FraudActors.Silo.Storage.Journal;
using FraudActors.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FraudActors.Silo.Tests.Storage.Journal;

/// <summary>
/// A journaled decision log on real files in a temporary directory (SQLite database and journal), with its own meter
/// factory and a listener that keeps every measurement of that factory's decision log meter (other tests' logs are
/// not heard).
/// </summary>
internal sealed class DecisionLogTestBed : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value)> _measurements = new();
    private readonly List<JournaledDecisionLog> _logs = [];

    public DecisionLogTestBed()
    {
        var meterFactory = MeterFactory;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DecisionLogInstruments.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => _measurements.Enqueue((instrument.Name, value)));
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _measurements.Enqueue((instrument.Name, value)));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => _measurements.Enqueue((instrument.Name, value)));
        _listener.Start();
        Database = new SqliteDatabase(DatabasePath);
    }

    public string DatabasePath => _directory.File("fraud.db");

    /// <summary>Where the log keeps its journal by default: beside the database, named after it.</summary>
    public string JournalDirectory => _directory.File("fraud.journal");

    public SqliteDatabase Database { get; }

    public IMeterFactory MeterFactory => _services.GetRequiredService<IMeterFactory>();

    /// <summary>
    /// Starts a log on the bed's files (a new database object each time, so nothing comes from an earlier log's
    /// caches). The default index interval becomes 20 ms: tests wait for the indexer, and a second each would only
    /// slow them down.
    /// </summary>
    public async Task<JournaledDecisionLog> StartAsync(DecisionLogOptions? options = null, Func<string, ulong>? fingerprintOf = null)
    {
        options ??= new DecisionLogOptions();
        if (options.IndexInterval == new DecisionLogOptions().IndexInterval)
        {
            options = options with { IndexInterval = TimeSpan.FromMilliseconds(20) };
        }

        var log = await JournaledDecisionLog.CreateAsync(
            new SqliteDatabase(DatabasePath),
            options,
            MeterFactory,
            NullLogger.Instance,
            fingerprintOf ?? Runtime.StableHash.Of,
            TestContext.Current.CancellationToken);
        _logs.Add(log);
        return log;
    }

    /// <summary>Every value recorded so far by the named instrument, in order.</summary>
    public IReadOnlyList<double> Measurements(string instrument) =>
        _measurements.Where(m => m.Instrument == instrument).Select(m => m.Value).ToList();

    /// <summary>Counts rows on a new, unpooled connection, as another process would.</summary>
    public long CountRows(string table, string where = "1")
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE {where};";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Runs SQL on a separate connection (schema tricks that make the indexer fail).</summary>
    public void Execute(string sql)
    {
        using var connection = Database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The journal's segment files, oldest first.</summary>
    public IReadOnlyList<string> Segments() =>
        Directory.Exists(JournalDirectory)
            ? Directory.GetFiles(JournalDirectory, "*.segment").Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>
    /// The transaction ids of the intact records in the journal's files, read from disk as a new process would.
    /// </summary>
    public List<string> TransactionsInJournal()
    {
        var ids = new List<string>();
        foreach (var segment in Segments())
        {
            var data = ReadShared(segment);
            for (var offset = 0; JournalRecordFormat.TryRead(data, offset, out var record); offset = record.End)
            {
                ids.Add(DecisionRecord.Read(record.Payload(data)).TransactionId);
            }
        }

        return ids;
    }

    public static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var data = new byte[stream.Length];
        stream.ReadExactly(data);
        return data;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var log in _logs)
        {
            await log.DisposeAsync();
        }

        _listener.Dispose();
        await _services.DisposeAsync();
        _directory.Dispose();
    }
}
