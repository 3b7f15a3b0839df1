namespace FraudActors.Ml.Features;

/// <summary>
/// One customer's rolling history and its 1/7/30-day windows (reference §2): for a transaction at time t, the
/// customer's transactions with time in (t − w, t], the current one included, counted in arrival order, so a later
/// transaction of the same card in the same second is not yet in the window.
/// Used by the customer grain online and by <see cref="BatchFeatureBuilder"/> offline: the same code computes both,
/// so online features equal offline ones transaction for transaction.
/// </summary>
/// <remarks>
/// <para>
/// <b>Layout.</b> Entries are sorted by time (ties in arrival order) in two arrays: 8-byte slots holding the time
/// (<c>int</c> seconds since <see cref="WindowClock.Epoch"/>) and the amount (<c>int</c> cents), which is all the
/// window pointers read, and <c>long</c> keys, contiguous so <see cref="Contains"/> is a vectorised scan: 16 bytes per entry.
/// </para>
/// <para>
/// <b>In-order arrivals</b> (time ≥ <see cref="LatestUnixSeconds"/>) append and move each window's start forward past
/// entries that left it, keeping running cent sums: O(1) amortised, no rescans.
/// </para>
/// <para>
/// <b>Late arrivals</b> (time &lt; latest, but no earlier than latest − <see cref="AllowedLateness"/>) are inserted at
/// their time, after entries with an equal time, and get their features as of their own time: entries that arrived
/// before them with a time up to theirs count, entries with a later time do not. The running sums stay correct for
/// the latest time. Their features are derived from the running windows by walking only the entries within the
/// lateness, not the whole window. Anything earlier than latest − allowed lateness is refused with
/// <see cref="LateTransactionException"/>, because entries it would need may already be dropped.
/// </para>
/// <para>
/// <b>Ranges.</b> Times must lie in <see cref="WindowClock"/>'s range (2000-01-01T00:00:00Z to 2068-01-19T03:14:07Z) and
/// amounts in 0 to <see cref="int.MaxValue"/> cents (21,474,836.47); anything else is refused with
/// <see cref="ArgumentOutOfRangeException"/>.
/// </para>
/// <para>
/// <b>Memory</b> is bounded: only entries with time in (latest − 30 days − allowed lateness, latest] are kept.
/// Together with the lateness refusal this makes <see cref="Contains"/> a complete idempotency check: a repeat of a
/// transaction that is no longer retained is necessarily refused as late.
/// </para>
/// <para>
/// <b>Compensation.</b> <see cref="Remove"/> takes an entry back (an append that could not be made durable). It does not
/// move the clock back: <see cref="LatestUnixSeconds"/> stays the latest time ever accepted, since entries dropped
/// when the clock advanced cannot come back. Later transactions still get exact features.
/// </para>
/// <para>Not thread-safe: meant for one actor turn at a time, or one batch thread.</para>
/// </remarks>
public sealed class CustomerWindows
{
    private const int NoTime = int.MinValue;
    private const int MinCapacity = 4;

    private readonly int _latenessSeconds;
    private readonly long _retentionSeconds;

    // Time and amount side by side: the window pointers read both, and one cache line serves eight entries.
    // Keys apart: only idempotency and compensation read them, and a contiguous long[] makes that a vectorised scan.
    private Slot[] _slots;
    private long[] _keys;
    private int _head;
    private int _tail;

    // First index whose time is inside each window as of _latest, and the cent sum of [start, _tail).
    private int _start1;
    private int _start7;
    private int _start30;
    private long _sum1;
    private long _sum7;
    private long _sum30;

    private int _latest = NoTime;

    /// <summary>The allowed lateness when none is given: one day.</summary>
    public static TimeSpan DefaultAllowedLateness { get; } = TimeSpan.FromDays(1);

    /// <summary>Creates an empty history accepting arrivals up to <see cref="DefaultAllowedLateness"/> late.</summary>
    public CustomerWindows()
        : this(DefaultAllowedLateness)
    {
    }

    /// <summary>Creates an empty history.</summary>
    /// <param name="allowedLateness">
    /// How far behind the latest time a transaction may arrive and still be accepted; whole seconds, 0 to 365 days.
    /// Memory grows with it: entries are kept for 30 days plus this.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">The lateness is negative, too large or not whole seconds.</exception>
    public CustomerWindows(TimeSpan allowedLateness)
    {
        _latenessSeconds = WindowClock.ToLatenessSeconds(allowedLateness, nameof(allowedLateness));
        _retentionSeconds = (long)WindowSeconds.Long + _latenessSeconds;
        _slots = new Slot[MinCapacity];
        _keys = new long[MinCapacity];
    }

    /// <summary>How far behind the latest time a transaction may arrive.</summary>
    public TimeSpan AllowedLateness => TimeSpan.FromSeconds(_latenessSeconds);

    /// <summary>Number of retained entries.</summary>
    public int Count => _tail - _head;

    /// <summary>The latest time ever accepted, in Unix seconds; null before the first transaction.</summary>
    public long? LatestUnixSeconds => _latest == NoTime ? null : WindowClock.ToUnixSeconds(_latest);

    /// <summary>Slots allocated per array; exposed to tests that check memory stays bounded.</summary>
    internal int Capacity => _slots.Length;

    /// <summary>
    /// Whether a transaction at this time would be refused as late (so callers can check without an exception).
    /// </summary>
    /// <param name="unixSeconds">UTC time in Unix seconds.</param>
    public bool IsTooLate(long unixSeconds) =>
        _latest != NoTime && unixSeconds - WindowClock.MinUnixSeconds < (long)_latest - _latenessSeconds;

    /// <summary>
    /// Records a transaction and returns its window features: as of its own time, itself included, entries that
    /// arrived after it or carry a later time excluded.
    /// </summary>
    /// <param name="unixSeconds">UTC time in Unix seconds, within <see cref="WindowClock"/>'s range.</param>
    /// <param name="amountCents">Amount in cents, 0 to <see cref="int.MaxValue"/>.</param>
    /// <param name="key">
    /// Opaque transaction fingerprint for <see cref="Contains"/> and <see cref="Remove"/>. Uniqueness is the caller's
    /// contract (check <see cref="Contains"/> first); this method does not scan for duplicates.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">The time or the amount is out of range.</exception>
    /// <exception cref="LateTransactionException">The time is earlier than the latest time minus the allowed lateness.</exception>
    public CustomerWindowFeatures Add(long unixSeconds, long amountCents, long key)
    {
        int time = WindowClock.ToWindowSeconds(unixSeconds, nameof(unixSeconds));
        int cents = ToCents(amountCents);
        return time >= _latest ? Append(time, cents, key) : InsertLate(time, cents, key);
    }

    /// <summary>Whether a retained entry carries this key.</summary>
    /// <param name="key">The transaction fingerprint.</param>
    public bool Contains(long key) => _keys.AsSpan(_head, _tail - _head).Contains(key);

    /// <summary>
    /// Takes back the entry with this key (compensation for an append that could not be made durable), keeping the
    /// windows exact. The latest time does not move back.
    /// </summary>
    /// <param name="key">The transaction fingerprint.</param>
    /// <returns>Whether an entry was removed.</returns>
    public bool Remove(long key)
    {
        int found = _keys.AsSpan(_head, _tail - _head).IndexOf(key);
        if (found < 0)
        {
            return false;
        }

        int index = _head + found;
        int cents = _slots[index].Cents;
        ForgetAt(index, cents, ref _start1, ref _sum1);
        ForgetAt(index, cents, ref _start7, ref _sum7);
        ForgetAt(index, cents, ref _start30, ref _sum30);

        int after = _tail - index - 1;
        Array.Copy(_slots, index + 1, _slots, index, after);
        Array.Copy(_keys, index + 1, _keys, index, after);
        _tail--;
        return true;
    }

    /// <summary>
    /// The windows as of a time, without recording anything: entries with a time up to and including it, no current
    /// transaction (so counts may be 0, and averages are then 0). Read-only.
    /// </summary>
    /// <param name="unixSeconds">UTC time in Unix seconds.</param>
    /// <exception cref="ArgumentOutOfRangeException">The time is out of range.</exception>
    /// <exception cref="LateTransactionException">
    /// The time is earlier than the latest time minus the allowed lateness: the history it needs may be gone.
    /// </exception>
    public CustomerWindowFeatures FeaturesAt(long unixSeconds)
    {
        int time = WindowClock.ToWindowSeconds(unixSeconds, nameof(unixSeconds));
        ThrowIfTooLate(time);
        if (time == _latest)
        {
            return Current();
        }

        int end = time > _latest ? _tail : UpperBound(time);
        return Scan(time, end, includedCents: 0, included: 0);
    }

    /// <summary>The retained entries in window order (time, then arrival), for snapshots.</summary>
    public CustomerWindowEntry[] ExportEntries()
    {
        var entries = new CustomerWindowEntry[_tail - _head];
        for (int i = 0; i < entries.Length; i++)
        {
            int index = _head + i;
            entries[i] = new CustomerWindowEntry(WindowClock.ToUnixSeconds(_slots[index].Time), _slots[index].Cents, _keys[index]);
        }

        return entries;
    }

    /// <summary>
    /// Rebuilds a history from exported entries (a snapshot) or from a log: the result equals the history that
    /// recorded those entries in that order. Entries too old for the latest time are dropped.
    /// </summary>
    /// <param name="entries">Entries sorted by time (ties keep their order).</param>
    /// <param name="latestUnixSeconds">
    /// The latest time the exported history had accepted (<see cref="LatestUnixSeconds"/>); it may be later than the
    /// last entry after a <see cref="Remove"/>. Null: the last entry's time.
    /// </param>
    /// <param name="allowedLateness">Null: <see cref="DefaultAllowedLateness"/>.</param>
    /// <exception cref="ArgumentException">An entry is out of range or out of order, or the latest time precedes an entry.</exception>
    public static CustomerWindows Import(
        ReadOnlySpan<CustomerWindowEntry> entries, long? latestUnixSeconds = null, TimeSpan? allowedLateness = null)
    {
        var windows = new CustomerWindows(allowedLateness ?? DefaultAllowedLateness);
        int previous = NoTime;
        for (int i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (!WindowClock.IsInRange(entry.UnixSeconds) || entry.AmountCents is < 0 or > int.MaxValue)
            {
                throw new ArgumentException(
                    $"Entry {i} (key {entry.Key}) has a time or amount out of range: {entry.UnixSeconds} s, {entry.AmountCents} cents.",
                    nameof(entries));
            }

            int time = (int)(entry.UnixSeconds - WindowClock.MinUnixSeconds);
            if (time < previous)
            {
                throw new ArgumentException(
                    $"Entry {i} (key {entry.Key}) at {WindowClock.Describe(entry.UnixSeconds)} is earlier than the entry before it: entries must be sorted by time.",
                    nameof(entries));
            }

            previous = time;
            windows.Append(time, (int)entry.AmountCents, entry.Key);
        }

        if (latestUnixSeconds is { } latest)
        {
            int latestTime = WindowClock.ToWindowSeconds(latest, nameof(latestUnixSeconds));
            if (latestTime < previous)
            {
                throw new ArgumentException(
                    $"The latest time {WindowClock.Describe(latest)} is earlier than the last entry.", nameof(latestUnixSeconds));
            }

            windows.AdvanceTo(latestTime);
        }

        return windows;
    }

    private static int ToCents(long amountCents)
    {
        if (amountCents is < 0 or > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(
                nameof(amountCents), amountCents, $"The amount must be between 0 and {int.MaxValue} cents.");
        }

        return (int)amountCents;
    }

    private CustomerWindowFeatures Append(int time, int cents, long key)
    {
        if (_tail == _slots.Length)
        {
            MakeRoom();
        }

        _slots[_tail] = new Slot(time, cents);
        _keys[_tail] = key;
        _tail++;
        _sum1 += cents;
        _sum7 += cents;
        _sum30 += cents;
        AdvanceTo(time);
        return Current();
    }

    private void AdvanceTo(int time)
    {
        _latest = time;
        Advance(ref _start1, ref _sum1, (long)time - WindowSeconds.Short);
        Advance(ref _start7, ref _sum7, (long)time - WindowSeconds.Medium);
        Advance(ref _start30, ref _sum30, (long)time - WindowSeconds.Long);

        // Nothing at or before the horizon can be inside a window of an acceptable (not too late) transaction.
        long horizon = time - _retentionSeconds;
        int head = _head;
        while (head < _tail && _slots[head].Time <= horizon)
        {
            head++;
        }

        _head = head;
    }

    private void Advance(ref int start, ref long sum, long outsideUpTo)
    {
        int s = start;
        long total = sum;
        Slot[] slots = _slots;
        while (s < _tail && slots[s].Time <= outsideUpTo)
        {
            total -= slots[s].Cents;
            s++;
        }

        start = s;
        sum = total;
    }

    private CustomerWindowFeatures InsertLate(int time, int cents, long key)
    {
        ThrowIfTooLate(time);
        if (_tail == _slots.Length)
        {
            MakeRoom();
        }

        int position = UpperBound(time);
        var features = Scan(time, position, cents, included: 1);

        int after = _tail - position;
        Array.Copy(_slots, position, _slots, position + 1, after);
        Array.Copy(_keys, position, _keys, position + 1, after);
        _slots[position] = new Slot(time, cents);
        _keys[position] = key;
        _tail++;

        // As of the latest time: inside a window, it adds to the sum; before it, the window start shifts by one.
        InsertAt(time, cents, (long)_latest - WindowSeconds.Short, ref _start1, ref _sum1);
        InsertAt(time, cents, (long)_latest - WindowSeconds.Medium, ref _start7, ref _sum7);
        InsertAt(time, cents, (long)_latest - WindowSeconds.Long, ref _start30, ref _sum30);
        return features;
    }

    private static void InsertAt(int time, int cents, long outsideUpTo, ref int start, ref long sum)
    {
        if (time <= outsideUpTo)
        {
            start++;
        }
        else
        {
            sum += cents;
        }
    }

    private static void ForgetAt(int index, int cents, ref int start, ref long sum)
    {
        if (index >= start)
        {
            sum -= cents;
        }
        else
        {
            start--;
        }
    }

    private void ThrowIfTooLate(int time)
    {
        if (_latest != NoTime && time < (long)_latest - _latenessSeconds)
        {
            throw new LateTransactionException(
                WindowClock.ToUnixSeconds(time), WindowClock.ToUnixSeconds(_latest), AllowedLateness);
        }
    }

    private CustomerWindowFeatures Current() =>
        new(_tail - _start1, _sum1, _tail - _start7, _sum7, _tail - _start30, _sum30);

    /// <summary>
    /// Windows as of <paramref name="time"/> over the entries before <paramref name="end"/>, plus an optional current
    /// one. Derived from the running windows of the latest time by walking only the entries between the two window
    /// edges and the entries from <paramref name="end"/> on: O(entries within the lateness), not O(window).
    /// </summary>
    private CustomerWindowFeatures Scan(int time, int end, int includedCents, int included)
    {
        long laterCents = 0;
        for (int i = end; i < _tail; i++)
        {
            laterCents += _slots[i].Cents;
        }

        var (count1, sum1) = WindowBefore((long)time - WindowSeconds.Short, end, _start1, _sum1, laterCents);
        var (count7, sum7) = WindowBefore((long)time - WindowSeconds.Medium, end, _start7, _sum7, laterCents);
        var (count30, sum30) = WindowBefore((long)time - WindowSeconds.Long, end, _start30, _sum30, laterCents);
        return new CustomerWindowFeatures(
            count1 + included, sum1 + includedCents, count7 + included, sum7 + includedCents, count30 + included, sum30 + includedCents);
    }

    /// <summary>
    /// Count and sum of the entries after <paramref name="outsideUpTo"/> and before <paramref name="end"/>, from a running
    /// window [<paramref name="start"/>, tail) whose sum is <paramref name="sum"/> and the cent sum of [end, tail).
    /// </summary>
    private (int Count, long Sum) WindowBefore(long outsideUpTo, int end, int start, long sum, long laterCents)
    {
        Slot[] slots = _slots;
        int first = start;
        while (first > _head && slots[first - 1].Time > outsideUpTo)
        {
            first--;
            sum += slots[first].Cents;
        }

        while (first < _tail && slots[first].Time <= outsideUpTo)
        {
            sum -= slots[first].Cents;
            first++;
        }

        // [first, tail) is the window; the part from end on is later than the time asked about.
        return end <= first ? (0, 0L) : (end - first, sum - laterCents);
    }

    /// <summary>First retained index whose time is later than <paramref name="time"/>: where an arrival at that time goes.</summary>
    private int UpperBound(int time)
    {
        int low = _head, high = _tail;
        while (low < high)
        {
            int middle = (int)((uint)(low + high) >> 1);
            if (_slots[middle].Time <= time)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>
    /// Frees at least one slot at the end. When more than three quarters or less than half of the arrays are live, it
    /// reallocates them to 1.5 × the live entries, so capacity follows the current history (a customer who slows down
    /// gives memory back) with at most 2× slack; otherwise it slides the live entries to the front. Either way at least
    /// a third of the live count is free afterwards: at most three entry copies per append, amortised.
    /// </summary>
    private void MakeRoom()
    {
        int live = _tail - _head;
        int capacity = _slots.Length;
        if (live * 4 > capacity * 3 || (live * 2 < capacity && capacity > MinCapacity))
        {
            capacity = Math.Max(MinCapacity, live + (live / 2) + 1);
        }

        if (capacity == _slots.Length)
        {
            Array.Copy(_slots, _head, _slots, 0, live);
            Array.Copy(_keys, _head, _keys, 0, live);
        }
        else
        {
            _slots = Resized(_slots, _head, live, capacity);
            _keys = Resized(_keys, _head, live, capacity);
        }

        _start1 -= _head;
        _start7 -= _head;
        _start30 -= _head;
        _head = 0;
        _tail = live;
    }

    private static T[] Resized<T>(T[] source, int from, int length, int capacity)
    {
        var copy = new T[capacity];
        Array.Copy(source, from, copy, 0, length);
        return copy;
    }

    /// <summary>Time (seconds since the window epoch) and amount (cents) of one entry: 8 bytes.</summary>
    private readonly record struct Slot(int Time, int Cents);
}
