namespace FraudActors.Silo.Storage.Journal;

/// <summary>
/// Decisions durable in the journal but not yet committed to SQLite, in memory: by transaction id, by customer, by
/// terminal and in log order. The writer adds each batch after its fdatasync and before acknowledging it; the
/// indexer removes entries, oldest first, only after the SQLite transaction holding them has committed. So a read
/// that looks here first and in the store second never misses an acknowledged decision, and at any moment the tail
/// holds exactly the entries numbered above <see cref="IndexedThrough"/>.
/// <para>
/// Bounded: at <see cref="Capacity"/> entries the writer waits (<see cref="WaitForRoom"/>) and appends queue
/// behind it, so a stalled indexer slows the node down instead of exhausting its memory.
/// One lock guards everything; the writer and the indexer take it once per batch or chunk, readers once per read.
/// </para>
/// </summary>
internal sealed class DecisionTail
{
    /// <summary>Entries the indexer removes per lock acquisition, so readers and the writer never wait long.</summary>
    private const int RemovalChunk = 1024;

    private readonly object _lock = new();
    private readonly Dictionary<string, TailEntry> _byTransaction = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Chain> _byCustomer = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Chain> _byTerminal = new(StringComparer.Ordinal);
    private TailEntry? _oldest;
    private TailEntry? _newest;
    private int _count;
    private long _indexedThrough;
    private int _indexerWakesAt = int.MaxValue;
    private bool _writerWaiting;
    private bool _stopping;
    private bool _abandoned;
    private bool _indexerPaused;
    private bool _unbounded;

    public DecisionTail(int capacity, long indexedThrough)
    {
        Capacity = capacity;
        _indexedThrough = indexedThrough;
    }

    public int Capacity { get; }

    /// <summary>Entries held (durable, not yet indexed).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Highest sequence number committed to the store: every entry above it is here.</summary>
    public long IndexedThrough
    {
        get
        {
            lock (_lock)
            {
                return _indexedThrough;
            }
        }
    }

    /// <summary>
    /// Blocks the writer until the tail has room, and returns how many entries fit (at least 1, at most
    /// <paramref name="wanted"/>); 0 once the log is abandoned.
    /// </summary>
    public int WaitForRoom(int wanted)
    {
        lock (_lock)
        {
            while (_count >= Capacity && !_abandoned && !_unbounded)
            {
                _writerWaiting = true;
                Monitor.Wait(_lock);
            }

            _writerWaiting = false;
            return _abandoned ? 0 : _unbounded ? wanted : Math.Min(wanted, Capacity - _count);
        }
    }

    /// <summary>Adds a written batch, in sequence order, and wakes the indexer if it waits for that much.</summary>
    public void Append(ReadOnlySpan<TailEntry> entries)
    {
        lock (_lock)
        {
            foreach (var entry in entries)
            {
                _byTransaction.Add(entry.TransactionId, entry);
                Link(_byCustomer, entry.CustomerId, entry, static (e, next) => e.NextOfCustomer = next);
                Link(_byTerminal, entry.TerminalId, entry, static (e, next) => e.NextOfTerminal = next);
                if (_newest is null)
                {
                    _oldest = entry;
                }
                else
                {
                    _newest.NextInLog = entry;
                }

                _newest = entry;
            }

            _count += entries.Length;
            if (_count >= _indexerWakesAt)
            {
                Monitor.PulseAll(_lock);
            }
        }
    }

    public bool Contains(string transactionId)
    {
        lock (_lock)
        {
            return _byTransaction.ContainsKey(transactionId);
        }
    }

    /// <summary>The payload of a transaction's decision, if the tail holds it.</summary>
    public byte[]? FindPayload(string transactionId)
    {
        lock (_lock)
        {
            return _byTransaction.TryGetValue(transactionId, out var entry) ? entry.Payload : null;
        }
    }

    /// <summary>A customer's entries, in log order, and the sequence number below which the store holds the rest.</summary>
    public (List<TailEntry> Entries, long IndexedThrough) SnapshotCustomer(string customerId)
    {
        lock (_lock)
        {
            var entries = new List<TailEntry>();
            for (var entry = _byCustomer.GetValueOrDefault(customerId)?.First; entry is not null; entry = entry.NextOfCustomer)
            {
                entries.Add(entry);
            }

            return (entries, _indexedThrough);
        }
    }

    /// <summary>A terminal's entries, in log order, and the sequence number below which the store holds the rest.</summary>
    public (List<TailEntry> Entries, long IndexedThrough) SnapshotTerminal(string terminalId)
    {
        lock (_lock)
        {
            var entries = new List<TailEntry>();
            for (var entry = _byTerminal.GetValueOrDefault(terminalId)?.First; entry is not null; entry = entry.NextOfTerminal)
            {
                entries.Add(entry);
            }

            return (entries, _indexedThrough);
        }
    }

    /// <summary>
    /// Blocks the indexer until there is a batch worth indexing: <paramref name="rows"/> entries, or any entry that has
    /// waited <paramref name="interval"/>; or, once stopping, whatever is left. False when there is nothing more to do
    /// (stopping and empty, or abandoned).
    /// </summary>
    public bool WaitForWork(int rows, TimeSpan interval)
    {
        lock (_lock)
        {
            while (true)
            {
                while (!_abandoned && (_indexerPaused || (_count == 0 && !_stopping)))
                {
                    _indexerWakesAt = 1;
                    Monitor.Wait(_lock);
                }

                var deadline = DateTime.UtcNow + interval;
                while (!_abandoned && !_stopping && !_indexerPaused && _count < rows)
                {
                    var remaining = deadline - DateTime.UtcNow;
                    if (remaining <= TimeSpan.Zero)
                    {
                        break;
                    }

                    _indexerWakesAt = rows;
                    Monitor.Wait(_lock, remaining);
                }

                _indexerWakesAt = int.MaxValue;
                if (!_indexerPaused || _abandoned)
                {
                    return !_abandoned && _count > 0;
                }
            }
        }
    }

    /// <summary>
    /// Copies up to <paramref name="destination"/>'s length of the oldest entries into it, leaving them in place until
    /// <see cref="Remove"/>, and returns how many. The indexer reuses one array: a fresh one per batch would be a
    /// large-object allocation every second.
    /// </summary>
    public int PeekOldest(TailEntry[] destination)
    {
        TailEntry? next;
        int count;
        lock (_lock)
        {
            next = _oldest;
            count = Math.Min(destination.Length, _count);
        }

        // Links up to the count read under the lock were written before it was released, and never change after.
        for (var i = 0; i < count; i++)
        {
            destination[i] = next!;
            next = next!.NextInLog;
        }

        return count;
    }

    /// <summary>Removes the oldest entries once the store holds them, and lets a waiting writer go on.</summary>
    public void Remove(ReadOnlySpan<TailEntry> oldest)
    {
        for (var start = 0; start < oldest.Length; start += RemovalChunk)
        {
            var chunk = oldest.Slice(start, Math.Min(RemovalChunk, oldest.Length - start));
            lock (_lock)
            {
                foreach (var entry in chunk)
                {
                    if (!ReferenceEquals(entry, _oldest))
                    {
                        throw new InvalidOperationException($"Decision log tail: entry {entry.Sequence} removed out of order.");
                    }

                    _byTransaction.Remove(entry.TransactionId);
                    Unlink(_byCustomer, entry.CustomerId, entry, entry.NextOfCustomer);
                    Unlink(_byTerminal, entry.TerminalId, entry, entry.NextOfTerminal);
                    _oldest = entry.NextInLog;
                    if (_oldest is null)
                    {
                        _newest = null;
                    }

                    _count--;
                    _indexedThrough = entry.Sequence;
                }

                if (_writerWaiting)
                {
                    Monitor.PulseAll(_lock);
                }
            }
        }
    }

    /// <summary>
    /// Lifts the bound for the writer's last batches at shutdown: what is queued must be made durable even if the
    /// indexer cannot keep up (or the store refuses writes), and the appenders are waiting for it.
    /// </summary>
    public void LiftBound()
    {
        lock (_lock)
        {
            _unbounded = true;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>From now on the indexer drains what is left and stops.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopping = true;
            _indexerPaused = false;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Releases every waiter at once (a simulated crash, or a fatal error).</summary>
    public void Abandon()
    {
        lock (_lock)
        {
            _abandoned = true;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>
    /// Holds the indexer after its current batch (true) or lets it go on (false). A test seam: it shows reads served
    /// from the tail, backpressure, and what a crash leaves to recovery.
    /// </summary>
    public void PauseIndexer(bool paused)
    {
        lock (_lock)
        {
            _indexerPaused = paused;
            Monitor.PulseAll(_lock);
        }
    }

    private static void Link(Dictionary<string, Chain> chains, string key, TailEntry entry, Action<TailEntry, TailEntry> setNext)
    {
        if (chains.TryGetValue(key, out var chain))
        {
            setNext(chain.Last, entry);
            chain.Last = entry;
        }
        else
        {
            chains.Add(key, new Chain(entry));
        }
    }

    private static void Unlink(Dictionary<string, Chain> chains, string key, TailEntry entry, TailEntry? next)
    {
        var chain = chains[key];
        if (!ReferenceEquals(chain.First, entry))
        {
            throw new InvalidOperationException($"Decision log tail: entry {entry.Sequence} is not the oldest of '{key}'.");
        }

        if (next is null)
        {
            chains.Remove(key);
        }
        else
        {
            chain.First = next;
        }
    }

    /// <summary>One customer's or terminal's entries, oldest first, linked through the entries.</summary>
    private sealed class Chain(TailEntry first)
    {
        public TailEntry First { get; set; } = first;

        public TailEntry Last { get; set; } = first;
    }
}
