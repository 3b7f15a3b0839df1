namespace FraudActors.Ml.Features;

/// <summary>
/// One terminal's history for the delayed windows (reference §2): for a time t, the terminal's transactions with time
/// in (t − (D + w), t − D], D = 7 days, w ∈ {1, 7, 30} days, their count and the share labelled fraud. A transaction at
/// exactly t − D counts; one at exactly t − D − w does not.
/// Used by the terminal grain online and by <see cref="BatchFeatureBuilder"/> offline.
/// </summary>
/// <remarks>
/// <para>
/// <b>Layout.</b> Parallel arrays sorted by time (ties in arrival order): <c>int</c> seconds since
/// <see cref="WindowClock.Epoch"/>, <c>long</c> key, <c>bool</c> label: 13 bytes per entry. (Pairing time and label in
/// 8-byte slots, as the customer history pairs time and amount, measured no faster and costs 3 bytes more per entry.)
/// </para>
/// <para>
/// <b>Queries</b> keep a cursor: for the last query time, the index where each window starts and ends and the fraud
/// count between them. A query moves the cursor from there, in either direction, over only the entries that crossed a
/// window edge: O(1) amortised for increasing query times, proportional to the distance for a query back in time.
/// Arrivals, labels and removals update the cursor's counts in place, whether the entry is inside a window yet or not.
/// </para>
/// <para>
/// <b>Labels</b> arrive late: <see cref="SetLabel"/> sets or corrects one; the windows count the labels known when
/// they are queried.
/// </para>
/// <para>
/// <b>Memory</b> is bounded: only entries with time in (latest − D − 30 days − allowed lateness, latest] are kept, where
/// latest is the latest time added. That is everything a query no more than the allowed lateness behind can need;
/// earlier queries are refused with <see cref="LateTransactionException"/>, and arrivals older than that horizon are
/// not stored (they cannot change any answer the terminal will still give).
/// </para>
/// <para>
/// Not thread-safe, not even <see cref="FeaturesAt"/>, which moves the cursor although it changes no answer: meant for
/// one actor turn at a time, or one batch thread.
/// </para>
/// </remarks>
public sealed class TerminalWindows
{
    private const int NoTime = int.MinValue;
    private const int MinCapacity = 4;

    private readonly int _latenessSeconds;
    private readonly long _retentionSeconds;

    private int[] _times;
    private long[] _keys;
    private bool[] _frauds;
    private int _head;
    private int _tail;
    private int _latest = NoTime;

    // The cursor: for the last query, each pointer is the first index whose time is later than its edge
    // (end = t − D, starts = t − D − w); the windows are [start, end). Fraud counts are "frauds before end minus frauds
    // before start", which makes every move and every edit a local update.
    private long _endEdge = long.MinValue;
    private long _start1Edge = long.MinValue;
    private long _start7Edge = long.MinValue;
    private long _start30Edge = long.MinValue;
    private int _end;
    private int _start1;
    private int _start7;
    private int _start30;
    private int _frauds1;
    private int _frauds7;
    private int _frauds30;

    /// <summary>The allowed lateness when none is given: one day.</summary>
    public static TimeSpan DefaultAllowedLateness { get; } = TimeSpan.FromDays(1);

    /// <summary>Creates an empty history answering queries up to <see cref="DefaultAllowedLateness"/> behind the latest arrival.</summary>
    public TerminalWindows()
        : this(DefaultAllowedLateness)
    {
    }

    /// <summary>Creates an empty history.</summary>
    /// <param name="allowedLateness">
    /// How far behind the latest arrival a query may be and still be answered exactly; whole seconds, 0 to 365 days.
    /// Memory grows with it: entries are kept for D + 30 days plus this.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">The lateness is negative, too large or not whole seconds.</exception>
    public TerminalWindows(TimeSpan allowedLateness)
    {
        _latenessSeconds = WindowClock.ToLatenessSeconds(allowedLateness, nameof(allowedLateness));
        _retentionSeconds = (long)WindowSeconds.TerminalDelay + WindowSeconds.Long + _latenessSeconds;
        _times = new int[MinCapacity];
        _keys = new long[MinCapacity];
        _frauds = new bool[MinCapacity];
    }

    /// <summary>How far behind the latest arrival a query may be.</summary>
    public TimeSpan AllowedLateness => TimeSpan.FromSeconds(_latenessSeconds);

    /// <summary>Number of retained entries.</summary>
    public int Count => _tail - _head;

    /// <summary>The latest time ever added, in Unix seconds; null before the first transaction.</summary>
    public long? LatestUnixSeconds => _latest == NoTime ? null : WindowClock.ToUnixSeconds(_latest);

    /// <summary>Slots allocated per array; exposed to tests that check memory stays bounded.</summary>
    internal int Capacity => _times.Length;

    /// <summary>Whether a query at this time would be refused as late (so callers can check without an exception).</summary>
    /// <param name="unixSeconds">UTC time in Unix seconds.</param>
    public bool IsTooLate(long unixSeconds) =>
        _latest != NoTime && unixSeconds - WindowClock.MinUnixSeconds < (long)_latest - _latenessSeconds;

    /// <summary>Records a transaction at the terminal, at its time position (after entries with an equal time).</summary>
    /// <param name="unixSeconds">UTC time in Unix seconds, within <see cref="WindowClock"/>'s range.</param>
    /// <param name="isFraud">The label known now (false until a label says otherwise).</param>
    /// <param name="key">
    /// Opaque transaction fingerprint for <see cref="SetLabel"/> and <see cref="Remove"/>. Uniqueness is the caller's contract.
    /// </param>
    /// <returns>
    /// True when stored; false when the time is at or before the retention horizon, so no query the terminal still
    /// answers could include it.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">The time is out of range.</exception>
    public bool Add(long unixSeconds, bool isFraud, long key)
    {
        int time = WindowClock.ToWindowSeconds(unixSeconds, nameof(unixSeconds));
        if (_latest != NoTime && time <= (long)_latest - _retentionSeconds)
        {
            return false;
        }

        if (_tail == _times.Length)
        {
            MakeRoom();
        }

        int position;
        if (_tail == _head || _times[_tail - 1] <= time)
        {
            position = _tail;
        }
        else
        {
            position = UpperBound(time);
            int after = _tail - position;
            Array.Copy(_times, position, _times, position + 1, after);
            Array.Copy(_keys, position, _keys, position + 1, after);
            Array.Copy(_frauds, position, _frauds, position + 1, after);
        }

        _times[position] = time;
        _keys[position] = key;
        _frauds[position] = isFraud;
        _tail++;

        // A pointer whose edge is at or after the new time had the new entry inserted before it: it shifts by one,
        // and the frauds before it grow by the label.
        int fraud = isFraud ? 1 : 0;
        if (time <= _endEdge)
        {
            _end++;
            _frauds1 += fraud;
            _frauds7 += fraud;
            _frauds30 += fraud;
        }

        if (time <= _start1Edge)
        {
            _start1++;
            _frauds1 -= fraud;
        }

        if (time <= _start7Edge)
        {
            _start7++;
            _frauds7 -= fraud;
        }

        if (time <= _start30Edge)
        {
            _start30++;
            _frauds30 -= fraud;
        }

        if (time > _latest)
        {
            _latest = time;
            Evict(time - _retentionSeconds);
        }

        return true;
    }

    /// <summary>Whether a retained entry carries this key.</summary>
    /// <param name="key">The transaction fingerprint.</param>
    public bool Contains(long key) => _keys.AsSpan(_head, _tail - _head).Contains(key);

    /// <summary>
    /// Sets the label of a retained transaction: a label arriving after the transaction, or a correction of one.
    /// The windows stay exact whether the entry is inside one of them already or will enter later.
    /// </summary>
    /// <param name="key">The transaction fingerprint.</param>
    /// <param name="isFraud">The label.</param>
    /// <returns>Whether a retained entry carries the key (false: unknown, or too old to matter any more).</returns>
    public bool SetLabel(long key, bool isFraud)
    {
        int found = _keys.AsSpan(_head, _tail - _head).IndexOf(key);
        if (found < 0)
        {
            return false;
        }

        int index = _head + found;
        if (_frauds[index] != isFraud)
        {
            _frauds[index] = isFraud;
            int change = isFraud ? 1 : -1;
            if (index < _end)
            {
                if (index >= _start1)
                {
                    _frauds1 += change;
                }

                if (index >= _start7)
                {
                    _frauds7 += change;
                }

                if (index >= _start30)
                {
                    _frauds30 += change;
                }
            }
        }

        return true;
    }

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
        ForgetFraudAt(index);

        // Pointers past the removed entry move down with the entries behind it.
        if (_end > index)
        {
            _end--;
        }

        if (_start1 > index)
        {
            _start1--;
        }

        if (_start7 > index)
        {
            _start7--;
        }

        if (_start30 > index)
        {
            _start30--;
        }

        int after = _tail - index - 1;
        Array.Copy(_times, index + 1, _times, index, after);
        Array.Copy(_keys, index + 1, _keys, index, after);
        Array.Copy(_frauds, index + 1, _frauds, index, after);
        _tail--;
        return true;
    }

    /// <summary>
    /// The delayed windows as of <paramref name="unixSeconds"/>, with the labels known now. Increasing query times take
    /// the fast path; any time no more than the allowed lateness behind the latest arrival is answered exactly.
    /// </summary>
    /// <param name="unixSeconds">UTC time in Unix seconds.</param>
    /// <exception cref="ArgumentOutOfRangeException">The time is out of range.</exception>
    /// <exception cref="LateTransactionException">
    /// The time is earlier than the latest arrival minus the allowed lateness: entries it would need may be gone.
    /// </exception>
    public TerminalWindowFeatures FeaturesAt(long unixSeconds)
    {
        int time = WindowClock.ToWindowSeconds(unixSeconds, nameof(unixSeconds));
        if (_latest != NoTime && time < (long)_latest - _latenessSeconds)
        {
            throw new LateTransactionException(unixSeconds, WindowClock.ToUnixSeconds(_latest), AllowedLateness);
        }

        long endEdge = (long)time - WindowSeconds.TerminalDelay;
        if (endEdge != _endEdge)
        {
            MoveCursor(endEdge);
        }

        int end = _end;
        return new TerminalWindowFeatures(
            end - _start1, _frauds1, end - _start7, _frauds7, end - _start30, _frauds30);
    }

    /// <summary>The retained entries in window order (time, then arrival), for snapshots.</summary>
    public TerminalWindowEntry[] ExportEntries()
    {
        var entries = new TerminalWindowEntry[_tail - _head];
        for (int i = 0; i < entries.Length; i++)
        {
            int index = _head + i;
            entries[i] = new TerminalWindowEntry(WindowClock.ToUnixSeconds(_times[index]), _frauds[index], _keys[index]);
        }

        return entries;
    }

    /// <summary>
    /// Rebuilds a history from exported entries (a snapshot) or from a log: the result answers every query as the
    /// history that recorded those entries did. Entries too old for the latest time are dropped.
    /// </summary>
    /// <param name="entries">Entries sorted by time (ties keep their order).</param>
    /// <param name="latestUnixSeconds">
    /// The latest time the exported history had added (<see cref="LatestUnixSeconds"/>); it may be later than the
    /// last entry after a <see cref="Remove"/>. Null: the last entry's time.
    /// </param>
    /// <param name="allowedLateness">Null: <see cref="DefaultAllowedLateness"/>.</param>
    /// <exception cref="ArgumentException">An entry is out of range or out of order, or the latest time precedes an entry.</exception>
    public static TerminalWindows Import(
        ReadOnlySpan<TerminalWindowEntry> entries, long? latestUnixSeconds = null, TimeSpan? allowedLateness = null)
    {
        var windows = new TerminalWindows(allowedLateness ?? DefaultAllowedLateness);
        long previous = long.MinValue;
        for (int i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (!WindowClock.IsInRange(entry.UnixSeconds))
            {
                throw new ArgumentException(
                    $"Entry {i} (key {entry.Key}) has a time out of range: {entry.UnixSeconds} s.", nameof(entries));
            }

            if (entry.UnixSeconds < previous)
            {
                throw new ArgumentException(
                    $"Entry {i} (key {entry.Key}) at {WindowClock.Describe(entry.UnixSeconds)} is earlier than the entry before it: entries must be sorted by time.",
                    nameof(entries));
            }

            previous = entry.UnixSeconds;
            windows.Add(entry.UnixSeconds, entry.IsFraud, entry.Key);
        }

        if (latestUnixSeconds is { } latest)
        {
            int latestTime = WindowClock.ToWindowSeconds(latest, nameof(latestUnixSeconds));
            if (latest < previous)
            {
                throw new ArgumentException(
                    $"The latest time {WindowClock.Describe(latest)} is earlier than the last entry.", nameof(latestUnixSeconds));
            }

            if (latestTime > windows._latest)
            {
                windows._latest = latestTime;
                windows.Evict(latestTime - windows._retentionSeconds);
            }
        }

        return windows;
    }

    private void MoveCursor(long endEdge)
    {
        long start1Edge = endEdge - WindowSeconds.Short;
        long start7Edge = endEdge - WindowSeconds.Medium;
        long start30Edge = endEdge - WindowSeconds.Long;

        int[] times = _times;
        bool[] frauds = _frauds;
        int head = _head, tail = _tail;

        // End edge: entries crossing it enter (or leave) all three windows' "frauds before end".
        int end = _end;
        int crossed = 0;
        while (end < tail && times[end] <= endEdge)
        {
            crossed += frauds[end] ? 1 : 0;
            end++;
        }

        while (end > head && times[end - 1] > endEdge)
        {
            end--;
            crossed -= frauds[end] ? 1 : 0;
        }

        _end = end;
        _endEdge = endEdge;
        _frauds1 += crossed - MoveStart(ref _start1, start1Edge, times, frauds, head, tail);
        _frauds7 += crossed - MoveStart(ref _start7, start7Edge, times, frauds, head, tail);
        _frauds30 += crossed - MoveStart(ref _start30, start30Edge, times, frauds, head, tail);
        _start1Edge = start1Edge;
        _start7Edge = start7Edge;
        _start30Edge = start30Edge;
    }

    /// <summary>Moves a start pointer to its new edge; returns the change in frauds before it.</summary>
    private static int MoveStart(ref int start, long edge, int[] times, bool[] frauds, int head, int tail)
    {
        int s = start;
        int crossed = 0;
        while (s < tail && times[s] <= edge)
        {
            crossed += frauds[s] ? 1 : 0;
            s++;
        }

        while (s > head && times[s - 1] > edge)
        {
            s--;
            crossed -= frauds[s] ? 1 : 0;
        }

        start = s;
        return crossed;
    }

    /// <summary>Drops entries at or before the horizon; a pointer left on a dropped entry moves to the first kept one.</summary>
    private void Evict(long horizon)
    {
        int head = _head;
        while (head < _tail && _times[head] <= horizon)
        {
            ForgetFraudAt(head);
            head++;
        }

        _head = head;
        _end = Math.Max(_end, head);
        _start1 = Math.Max(_start1, head);
        _start7 = Math.Max(_start7, head);
        _start30 = Math.Max(_start30, head);
    }

    /// <summary>Takes an entry's label out of the windows that hold it, before the entry goes.</summary>
    private void ForgetFraudAt(int index)
    {
        if (_frauds[index] && index < _end)
        {
            if (index >= _start1)
            {
                _frauds1--;
            }

            if (index >= _start7)
            {
                _frauds7--;
            }

            if (index >= _start30)
            {
                _frauds30--;
            }
        }
    }

    private int UpperBound(int time)
    {
        int low = _head, high = _tail;
        while (low < high)
        {
            int middle = (int)((uint)(low + high) >> 1);
            if (_times[middle] <= time)
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

    /// <summary>Same policy as the customer history: reallocate to 1.5 × live outside half to three quarters live, else slide.</summary>
    private void MakeRoom()
    {
        int live = _tail - _head;
        int capacity = _times.Length;
        if (live * 4 > capacity * 3 || (live * 2 < capacity && capacity > MinCapacity))
        {
            capacity = Math.Max(MinCapacity, live + (live / 2) + 1);
        }

        if (capacity == _times.Length)
        {
            Array.Copy(_times, _head, _times, 0, live);
            Array.Copy(_keys, _head, _keys, 0, live);
            Array.Copy(_frauds, _head, _frauds, 0, live);
        }
        else
        {
            _times = Resized(_times, _head, live, capacity);
            _keys = Resized(_keys, _head, live, capacity);
            _frauds = Resized(_frauds, _head, live, capacity);
        }

        _end -= _head;
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
}
