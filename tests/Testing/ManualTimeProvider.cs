namespace FraudActors.Testing;

/// <summary>
/// A clock that moves only when a test says so. Timers fire, in due order, on the thread that calls
/// <see cref="Advance"/>. (Microsoft's FakeTimeProvider package is not served here.)
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;
    private long _ticks;

    /// <summary>Starts the clock at <paramref name="start"/> (default 2018-07-01T00:00:00Z).</summary>
    public ManualTimeProvider(DateTimeOffset? start = null) => _now = start ?? new DateTimeOffset(2018, 7, 1, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _ticks;
        }
    }

    /// <summary>Moves the clock forward, firing every timer that falls due, earliest first.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        long target;
        lock (_lock)
        {
            target = _ticks + delta.Ticks;
        }

        while (true)
        {
            ManualTimer? due;
            lock (_lock)
            {
                due = _timers.Where(t => t.DueTicks <= target).MinBy(t => t.DueTicks);
                if (due is null)
                {
                    _now += TimeSpan.FromTicks(target - _ticks);
                    _ticks = target;
                    return;
                }

                _now += TimeSpan.FromTicks(due.DueTicks - _ticks);
                _ticks = due.DueTicks;
                due.Fired();
            }

            due.Invoke();
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public long DueTicks { get; private set; } = long.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
                _period = period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    DueTicks = owner._ticks + Math.Max(0, dueTime.Ticks);
                    owner._timers.Add(this);
                }
            }

            return true;
        }

        /// <summary>Called under the owner's lock when the timer falls due: re-arms periodic timers.</summary>
        public void Fired()
        {
            owner._timers.Remove(this);
            if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
            {
                DueTicks += _period.Ticks;
                owner._timers.Add(this);
            }
        }

        public void Invoke() => callback(state);

        public void Dispose()
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
