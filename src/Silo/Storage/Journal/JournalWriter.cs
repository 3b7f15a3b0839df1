using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using FraudActors.Grains.Decisions;
using FraudActors.Silo.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace FraudActors.Silo.Storage.Journal;

/// <summary>
/// The single writer of the journal, on a dedicated thread (it blocks in <c>fdatasync</c>, and the thread pool has
/// two threads on two cores). It takes everything queued (up to the batch limit and the tail's room), drops
/// duplicates, numbers the rest, writes them with ONE <c>write</c>, makes them durable with ONE <c>fdatasync</c>,
/// puts them in the tail, and only then completes the appends (their continuations run on the thread pool, never
/// here). While it flushes, the next batch accumulates in the queue: batching follows the load without a timer.
/// <para>
/// Any failure to write or flush stops the writer for good: after a failed <c>fdatasync</c> the kernel may have
/// dropped the dirty pages, so what is on disk is unknown; the appends in flight and every later one fail, and the
/// next start recovers what the journal really holds.
/// </para>
/// </summary>
internal sealed class JournalWriter
{
    private readonly string _directory;
    private readonly DecisionLogOptions _options;
    private readonly DecisionTail _tail;
    private readonly TransactionFingerprints _fingerprints;
    private readonly SqliteDecisionStore _store;
    private readonly ConcurrentQueue<SealedSegment> _sealed;
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
    private readonly TailEntry[] _written;
    private readonly ManualResetEventSlim _gate = new(initialState: true);
    private byte[] _buffer = new byte[64 * 1024];
    private Task<bool>? _waiting;
    private JournalSegment? _segment;
    private long _nextSequence;
    private long _batchesStarted;
    private Exception? _fault;
    private volatile bool _abandoned;

    public JournalWriter(
        string directory,
        long nextSequence,
        DecisionLogOptions options,
        DecisionTail tail,
        TransactionFingerprints fingerprints,
        SqliteDecisionStore store,
        ConcurrentQueue<SealedSegment> sealedSegments,
        DecisionLogInstruments instruments,
        ILogger logger)
    {
        _directory = directory;
        _nextSequence = nextSequence;
        _options = options;
        _tail = tail;
        _fingerprints = fingerprints;
        _store = store;
        _sealed = sealedSegments;
        _instruments = instruments;
        _logger = logger;
        _batch = new List<PendingAppend>(options.MaxBatchSize);
        _outcomes = new AppendOutcome[options.MaxBatchSize];
        _written = new TailEntry[options.MaxBatchSize];
        _thread = new Thread(Run)
        {
            // Background: a process that exits without disposing the log loses only appends nobody was told are durable.
            IsBackground = true,
            // 15 characters: the whole name shows in top -H and /proc (thread names are cut at 15).
            Name = "DecisionJournal",
        };
    }

    /// <summary>Batches the writer has taken from the queue (lets tests see that it holds one).</summary>
    public long BatchesStarted => Interlocked.Read(ref _batchesStarted);

    /// <summary>Set when the writer stopped because a write failed.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>
    /// Test seam: while closed, the writer holds the batch it has taken before writing anything, as if the disk
    /// were slow, so tests can see that nothing is acknowledged before it is durable.
    /// </summary>
    public ManualResetEventSlim Gate => _gate;

    /// <summary>
    /// Test seam: when set, the next batch's write fails with this exception instead of reaching the disk, as a full
    /// disk or an I/O error would.
    /// </summary>
    public Exception? InjectedWriteFailure { get; set; }

    public void Start()
    {
        _logger.WriterStarted(_directory, _nextSequence, _options.MaxBatchSize, _options.Linger);
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

    /// <summary>Stops at once, as a crash would: the batch being flushed completes, queued appends fail unwritten.</summary>
    public Task AbandonAsync()
    {
        _abandoned = true;
        _queue.Writer.TryComplete();
        _gate.Set();
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

            FailQueued(new ObjectDisposedException(nameof(JournaledDecisionLog)));
            _logger.WriterStopped(BatchesStarted, _nextSequence - 1);
        }
#pragma warning disable CA1031 // Whatever went wrong, no append may wait forever.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Volatile.Write(ref _fault, exception);
            _logger.WriterFailed(exception, _batch.Count);
            _instruments.AppendsFailed(_batch.Count);
            _queue.Writer.TryComplete();
            foreach (var pending in _batch)
            {
                pending.Fail(exception);
            }

            _batch.Clear();
            FailQueued(new InvalidOperationException("The decision log journal has stopped after a write failure; restart the node to recover.", exception));
        }
        finally
        {
            SealCurrentSegment();
            _stopped.TrySetResult();
        }
    }

    private void FailQueued(Exception exception)
    {
        while (_queue.Reader.TryRead(out var pending))
        {
            pending.Fail(exception);
        }
    }

    /// <summary>Fills the batch; false when the queue is complete and empty, or the log is abandoned.</summary>
    private bool CollectBatch()
    {
        var wait = _waiting ?? _queue.Reader.WaitToReadAsync().AsTask();
        _waiting = null;
        if (!wait.GetAwaiter().GetResult() || _abandoned)
        {
            return false;
        }

        var room = _tail.WaitForRoom(_options.MaxBatchSize);
        if (room == 0 || _abandoned)
        {
            return false;
        }

        Drain(room);
        if (_options.Linger > TimeSpan.Zero)
        {
            Linger(room);
        }

        return true;
    }

    private void Drain(int room)
    {
        while (_batch.Count < room && _queue.Reader.TryRead(out var pending))
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

    private void Linger(int room)
    {
        var started = Stopwatch.GetTimestamp();
        while (_batch.Count < room)
        {
            var remaining = _options.Linger - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            var wait = _waiting ?? _queue.Reader.WaitToReadAsync().AsTask();
            if (!wait.Wait(remaining))
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

            Drain(room);
        }
    }

    private void WriteBatch()
    {
        Interlocked.Increment(ref _batchesStarted);
        _gate.Wait();
        if (_abandoned)
        {
            foreach (var pending in _batch)
            {
                pending.Fail(new ObjectDisposedException(nameof(JournaledDecisionLog)));
            }

            _batch.Clear();
            return;
        }

        var written = 0;
        var bytes = 0;
        for (var i = 0; i < _batch.Count; i++)
        {
            var entry = _batch[i].Entry;
            if (IsLogged(entry, written))
            {
                _outcomes[i] = AppendOutcome.DuplicateTransaction;
                continue;
            }

            _fingerprints.Add(entry.Fingerprint);
            entry.Sequence = _nextSequence + written;
            var recordBytes = JournalRecordFormat.RecordBytes(entry.Payload.Length);
            if (_buffer.Length - bytes < recordBytes)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, bytes + recordBytes));
            }

            bytes += JournalRecordFormat.Write(_buffer.AsSpan(bytes), entry.Sequence, written, entry.Payload);
            _written[written++] = entry;
            _outcomes[i] = AppendOutcome.Appended;
        }

        if (written > 0)
        {
            if (InjectedWriteFailure is { } failure)
            {
                throw failure;
            }

            var segment = SegmentFor(bytes);
            var started = Stopwatch.GetTimestamp();
            segment.Append(_buffer.AsSpan(0, bytes));
            segment.Flush();
            var flushed = Stopwatch.GetElapsedTime(started);
            _nextSequence += written;
            _tail.Append(_written.AsSpan(0, written));
            _instruments.BatchWritten(_batch.Count, written, bytes, flushed);
        }
        else
        {
            _instruments.BatchWritten(_batch.Count, 0, 0, null);
        }

        for (var i = 0; i < _batch.Count; i++)
        {
            _batch[i].Complete(_outcomes[i]);
        }

        Array.Clear(_written, 0, written);
        _batch.Clear();
    }

    /// <summary>
    /// Whether the transaction is in the log already. The fingerprint set answers "new" for nearly every append
    /// without I/O; a fingerprint already present is confirmed by the id itself, in this batch, the tail, or the store
    /// (in that order: the indexer commits to the store before it removes from the tail, so nothing falls between).
    /// </summary>
    private bool IsLogged(TailEntry entry, int writtenInBatch)
    {
        if (!_fingerprints.Contains(entry.Fingerprint))
        {
            return false;
        }

        for (var i = 0; i < writtenInBatch; i++)
        {
            if (string.Equals(_written[i].TransactionId, entry.TransactionId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return _tail.Contains(entry.TransactionId) || _store.Contains(entry.Fingerprint, entry.TransactionId);
    }

    private JournalSegment SegmentFor(int bytes)
    {
        if (_segment is not null && (_segment.Length == 0 || _segment.Length + bytes <= _options.SegmentBytes))
        {
            return _segment;
        }

        SealCurrentSegment();
        _segment = JournalSegment.Create(_directory, _nextSequence, _options.PreallocateSegments ? _options.SegmentBytes : 0);
        return _segment;
    }

    private void SealCurrentSegment()
    {
        if (_segment is null)
        {
            return;
        }

        _segment.Dispose();
        _sealed.Enqueue(new SealedSegment(_segment.Path, _nextSequence - 1));
        _segment = null;
    }
}
