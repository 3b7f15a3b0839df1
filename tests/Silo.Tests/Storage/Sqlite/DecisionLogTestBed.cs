using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FraudActors.Runtime.Persistence.Sqlite;
using FraudActors.Silo.Storage.Sqlite;
using FraudActors.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FraudActors.Silo.Tests.Storage.Sqlite;

/// <summary>
/// A decision log on a real SQLite file in a temporary directory, with its own meter factory and a listener that
/// keeps every measurement of that factory's decision log meter (other tests' logs are not heard).
/// </summary>
internal sealed class DecisionLogTestBed : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value)> _measurements = new();

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

    public SqliteDatabase Database { get; }

    public IMeterFactory MeterFactory => _services.GetRequiredService<IMeterFactory>();

    public SqliteDecisionLog? Log { get; private set; }

    public async Task<SqliteDecisionLog> StartAsync(DecisionLogOptions? options = null)
    {
        Log = await SqliteDecisionLog.CreateAsync(
            Database, options ?? new DecisionLogOptions(), TimeProvider.System, MeterFactory, NullLogger.Instance, TestContext.Current.CancellationToken);
        return Log;
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

    /// <summary>Runs SQL on a separate connection (schema tricks that make the writer fail).</summary>
    public void Execute(string sql)
    {
        using var connection = Database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        if (Log is not null)
        {
            await Log.DisposeAsync();
        }

        _listener.Dispose();
        await _services.DisposeAsync();
        _directory.Dispose();
    }
}
