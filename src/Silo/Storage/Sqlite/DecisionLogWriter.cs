using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using FraudActors.Grains.Decisions;
using FraudActors.Runtime.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace FraudActors.Silo.Storage.Sqlite;

/// <summary>
/// The single writer of the decision log: a dedicated thread takes everything queued (up to the batch limit),
/// writes it in one transaction with one prepared INSERT, commits (one flush with <c>synchronous=FULL</c>) and only
/// then completes the batch's appends. While it commits, the next batch accumulates in the queue: batching follows
/// the load without a timer. A dedicated thread, because SQLite blocks for the flush and the thread pool has two
/// threads on this machine's two cores.
/// </summary>
internal sealed class DecisionLogWriter
{
    private readonly SqliteDatabase _database;
    private readonly FeatureSchemaCatalog _schemas;
    private readonly DecisionLogOptions _options;
    private readonly TimeProvider _time;
    private readonly DecisionLogInstruments _instruments;
    private readonly ILogger _logger;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<PendingAppend> _batch;
    private readonly AppendOutcome[] _outcomes;

    // Schemas first written by the batch in progress: known to lookups only once the batch has committed.
    private readonly Dictionary<ImmutableArray<string>, long> _uncommittedSchemas = new(FeatureNamesComparer.Instance);

    private Task<bool>? _waiting;
    private SqliteConnection? _connection;
    private SqliteCommand? _insert;
    private SqliteParameter[] _parameters = [];
    private long _batchesStarted;
    private Exception? _fault;

    public DecisionLogWriter(
        SqliteDatabase database,
        FeatureSchemaCatalog schemas,
        DecisionLogOptions options,
        TimeProvider time,
        DecisionLogInstruments instruments,
        ILogger logger)
    {
        _database = database;
        _schemas = schemas;
        _options = options;
        _time = time;
        _instruments = instruments;
        _logger = logger;
        _batch = new List<PendingAppend>(options.MaxBatchSize);
        _outcomes = new AppendOutcome[options.MaxBatchSize];
        _thread = new Thread(Run)
        {
            // Background: a process that exits without disposing the log loses only appends nobody was told are durable.
            IsBackground = true,
            Name = "FraudActors decision log writer",
        };
    }

    /// <summary>Batches the writer has begun to write, committed or not (lets tests see that it is busy).</summary>
    public long BatchesStarted => Interlocked.Read(ref _batchesStarted);

    /// <summary>Set when the writer stopped because of a bug outside a batch.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    public void Start()
    {
        _logger.WriterStarted(_database.Path, _options.MaxBatchSize, _options.Linger);
        _thread.Start();
    }

    /// <summary>Queues an append; false once the writer no longer accepts appends.</summary>
    public bool TryEnqueue(PendingAppend pending) => _queue.Writer.TryWrite(pending);

    /// <summary>Stops accepting appends, writes everything already queued, and completes when the thread has finished.</summary>
    public Task StopAsync()
    {
        _queue.Writer.TryComplete();
        return _stopped.Task;
    }

    private void Run()
    {
        try
        {
            while (CollectBatch())
            {
                if (_batch.Count > 0)
                {
                    WriteBatch();
                }
            }

            _logger.WriterStopped(BatchesStarted);
        }
#pragma warning disable CA1031 // Whatever went wrong, no append may wait forever.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Volatile.Write(ref _fault, exception);
            _logger.WriterCrashed(exception);
            _queue.Writer.TryComplete();
            foreach (var pending in _batch)
            {
                pending.Fail(exception);
            }

            _batch.Clear();
            while (_queue.Reader.TryRead(out var pending))
            {
                pending.Fail(exception);
            }
        }
        finally
        {
            CloseConnection();
            _stopped.TrySetResult();
        }
    }

    /// <summary>Fills the batch; false when the queue is complete and empty.</summary>
    private bool CollectBatch()
    {
        var wait = _waiting ?? _queue.Reader.WaitToReadAsync().AsTask();
        _waiting = null;
        if (!wait.GetAwaiter().GetResult())
        {
            return false;
        }

        Drain();
        if (_options.Linger > TimeSpan.Zero)
        {
            Linger();
        }

        return true;
    }

    private void Drain()
    {
        while (_batch.Count < _options.MaxBatchSize && _queue.Reader.TryRead(out var pending))
        {
            if (pending.CancellationToken.IsCancellationRequested)
            {
                // Not written yet, so the caller's cancellation can still mean "not logged".
                pending.Fail(new OperationCanceledException(pending.CancellationToken));
                continue;
            }

            _batch.Add(pending);
        }
    }

    private void Linger()
    {
        var started = _time.GetTimestamp();
        while (_batch.Count < _options.MaxBatchSize)
        {
            var remaining = _options.Linger - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            var wait = _waiting ?? _queue.Reader.WaitToReadAsync().AsTask();
            if (!wait.IsCompleted)
            {
                using var cancel = new CancellationTokenSource();
                var delay = Task.Delay(remaining, _time, cancel.Token);
                Task.WaitAny(wait, delay);
                cancel.Cancel();
            }

            if (!wait.IsCompleted)
            {
                // The linger is over; the same wait serves the next batch (one waiter on the queue at a time).
                _waiting = wait;
                return;
            }

            _waiting = null;
            if (!wait.GetAwaiter().GetResult())
            {
                return;
            }

            Drain();
        }
    }

    private void WriteBatch()
    {
        var batch = CollectionsMarshal.AsSpan(_batch);
        Interlocked.Increment(ref _batchesStarted);
        var started = _time.GetTimestamp();
        var appended = 0;
        SqliteTransaction? transaction = null;
        try
        {
            var insert = OpenInsert();
            transaction = _connection!.BeginTransaction(deferred: false);
            insert.Transaction = transaction;
            for (var i = 0; i < batch.Length; i++)
            {
                Bind(batch[i], ResolveSchema(batch[i], transaction));
                var written = insert.ExecuteNonQuery() == 1;
                _outcomes[i] = written ? AppendOutcome.Appended : AppendOutcome.DuplicateTransaction;
                appended += written ? 1 : 0;
            }

            transaction.Commit();
            transaction.Dispose();
        }
#pragma warning disable CA1031 // Any failure fails the batch's appends; the writer goes on with the next batch.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Abandon(transaction);
            _uncommittedSchemas.Clear();
            _instruments.BatchFailed(batch.Length);
            _logger.BatchFailed(exception, batch.Length);
            foreach (var pending in batch)
            {
                pending.Fail(exception);
            }

            _batch.Clear();
            return;
        }

        var duration = _time.GetElapsedTime(started);
        foreach (var (names, id) in _uncommittedSchemas)
        {
            _schemas.Publish(id, names);
        }

        _uncommittedSchemas.Clear();
        _instruments.BatchCommitted(batch.Length, duration, appended, batch.Length - appended);
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i].Complete(_outcomes[i]);
        }

        _batch.Clear();
    }

    private SqliteCommand OpenInsert()
    {
        if (_insert is not null)
        {
            return _insert;
        }

        _connection = _database.OpenConnection();
        using (var settings = _connection.CreateCommand())
        {
            // Per connection, so only the writer's: its cache keeps the indexes' hot pages, and it checkpoints less often.
            settings.CommandText = string.Create(
                CultureInfo.InvariantCulture,
                $"PRAGMA cache_size = -{_options.WriterCacheKibibytes}; PRAGMA wal_autocheckpoint = {_options.CheckpointPages};");
            settings.ExecuteNonQuery();
        }

        var insert = _connection.CreateCommand();
        insert.CommandText = DecisionLogSchema.Insert;
        _parameters = new SqliteParameter[DecisionLogSchema.InsertParameters.Length];
        for (var i = 0; i < _parameters.Length; i++)
        {
            // No declared type: each value binds as what it is (text, integer, real, blob).
            _parameters[i] = insert.CreateParameter();
            _parameters[i].ParameterName = DecisionLogSchema.InsertParameters[i];
            insert.Parameters.Add(_parameters[i]);
        }

        insert.Prepare();
        _insert = insert;
        return insert;
    }

    private void Bind(PendingAppend pending, long schemaId)
    {
        var request = pending.Decision.Request;
        var result = pending.Decision.Result;
        var eventTime = StoredInstant.From(request.Timestamp);
        var decidedAt = StoredInstant.From(result.DecidedAt);
        var p = _parameters;
        p[0].Value = request.TransactionId;
        p[1].Value = request.CustomerId;
        p[2].Value = request.TerminalId;
        p[3].Value = request.AmountCents;
        p[4].Value = eventTime.UnixMilliseconds;
        p[5].Value = eventTime.SubMillisecondTicks;
        p[6].Value = eventTime.OffsetMinutes;
        p[7].Value = result.Score;
        p[8].Value = (int)result.Decision;
        p[9].Value = (int)result.Explanation;
        p[10].Value = result.ModelVersion;
        p[11].Value = schemaId;
        p[12].Value = pending.Features;
        p[13].Value = pending.Reasons;
        p[14].Value = decidedAt.UnixMilliseconds;
        p[15].Value = decidedAt.SubMillisecondTicks;
        p[16].Value = decidedAt.OffsetMinutes;
    }

    private long ResolveSchema(PendingAppend pending, SqliteTransaction transaction)
    {
        if (_schemas.TryFind(pending.FeatureNames, out var id))
        {
            return id;
        }

        var names = FeatureSchemaCatalog.NamesOf(pending.FeatureNames);
        if (!_uncommittedSchemas.TryGetValue(names, out id))
        {
            id = FeatureSchemaCatalog.InsertOrFind(_connection!, transaction, names);
            _uncommittedSchemas.Add(names, id);
        }

        return id;
    }

    /// <summary>Rolls back what it can and drops the connection: the next batch starts on a fresh one.</summary>
    private void Abandon(SqliteTransaction? transaction)
    {
        if (transaction is not null)
        {
            try
            {
                transaction.Rollback();
            }
#pragma warning disable CA1031 // A broken connection may not roll back; it is discarded either way.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            transaction.Dispose();
        }

        if (_connection is not null)
        {
            // Do not hand a connection that failed mid-transaction back to the pool.
            SqliteConnection.ClearPool(_connection);
        }

        CloseConnection();
    }

    private void CloseConnection()
    {
        _insert?.Dispose();
        _insert = null;
        _connection?.Dispose();
        _connection = null;
    }
}
