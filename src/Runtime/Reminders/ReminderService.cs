using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Runtime.Cluster.Routing;
using FraudActors.Runtime.Invocation;
using FraudActors.Runtime.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FraudActors.Runtime.Reminders;

/// <summary>
/// Runs the reminders of the grains this silo is responsible for: all of them in an embedded node; in a cluster,
/// those whose grain this silo owns by rendezvous placement over the newest membership view (re-evaluated on every
/// view change, so when the owner leaves, the new owner picks its reminders up from the table). Each reminder has a
/// timer on the <see cref="TimeProvider"/>; a tick is sent to the grain as an ordinary message, which activates it if
/// needed. Ticks missed while no silo ran the reminder are skipped: the next one is the next period boundary.
/// </summary>
internal sealed class ReminderService : IHostedService, IDisposable
{
    private readonly SiloRuntime _runtime;
    private readonly IReminderTable _table;
    private readonly ReminderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GrainRouter? _router;
    private readonly IClusterMembership? _membership;

    // Serialises table reads that rebuild the schedule with registrations, so a read taken before a registration
    // cannot drop the reminder the registration just scheduled.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _lock = new();
    private readonly Dictionary<(GrainId Grain, string Name), LocalReminder> _local = [];
    private readonly CancellationTokenSource _stop = new();
    private ITimer? _refresh;
    private Task _watching = Task.CompletedTask;

    public ReminderService(
        SiloRuntime runtime,
        IReminderTable table,
        IOptions<ReminderOptions> options,
        TimeProvider time,
        ILogger<ReminderService> logger,
        IServiceProvider services)
    {
        _runtime = runtime;
        _table = table;
        _options = options.Value;
        _time = time;
        _logger = logger;

        // Registered only in a cluster (AddFraudActorsCluster).
        _router = services.GetService<GrainRouter>();
        _membership = _router is null ? null : services.GetService<IClusterMembership>();
    }

    /// <summary>The options in force (the minimum period is checked when a grain registers).</summary>
    public ReminderOptions Options => _options;

    /// <summary>How many reminders this silo has scheduled (for tests and diagnostics).</summary>
    public int ScheduledCount
    {
        get
        {
            lock (_lock)
            {
                return _local.Count;
            }
        }
    }

    /// <summary>Whether this silo runs <paramref name="grainId"/>'s reminder <paramref name="name"/>.</summary>
    public bool IsScheduled(GrainId grainId, string name)
    {
        lock (_lock)
        {
            return _local.ContainsKey((grainId, name));
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_membership is null)
        {
            await LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _watching = WatchAsync(_stop.Token);
        }

        if (_options.RefreshPeriod != Timeout.InfiniteTimeSpan)
        {
            _refresh = _time.CreateTimer(
                static state => _ = ((ReminderService)state!).RefreshAsync(), this, _options.RefreshPeriod, _options.RefreshPeriod);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _refresh?.Dispose();
        await _watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_lock)
        {
            foreach (var reminder in _local.Values)
            {
                reminder.Dispose();
            }

            _local.Clear();
        }
    }

    /// <summary>Stores the reminder (replacing one of the same name) and schedules it here.</summary>
    public async Task<IGrainReminder> RegisterOrUpdateAsync(GrainId grainId, string name, TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        if (period < _options.MinimumPeriod)
        {
            throw new ArgumentOutOfRangeException(
                nameof(period), period, $"A reminder's period must be at least {_options.MinimumPeriod} (ReminderOptions.MinimumPeriod); use a grain timer for shorter ones.");
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = await _table.ReadRowAsync(grainId, name, cancellationToken).ConfigureAwait(false);
            // Whole milliseconds: what the tables store, so the schedule is the same after a restart.
            var startAt = DateTimeOffset.FromUnixTimeMilliseconds((_time.GetUtcNow() + dueTime).ToUnixTimeMilliseconds());
            var entry = new ReminderEntry(grainId, name, startAt, TimeSpan.FromMilliseconds((long)period.TotalMilliseconds), null);
            var etag = await _table.UpsertRowAsync(entry, stored?.ETag, cancellationToken).ConfigureAwait(false);
            entry = entry with { ETag = etag };

            // The grain's turn runs here, so this silo owns it (or is the only place it can run right now).
            Schedule(entry);
            return GrainReminder.From(entry);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the reminder and deletes it from the table; nothing happens when there is none.</summary>
    public async Task UnregisterAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Unschedule((grainId, name));
            var stored = await _table.ReadRowAsync(grainId, name, cancellationToken).ConfigureAwait(false);
            if (stored is not null)
            {
                await _table.RemoveRowAsync(grainId, name, stored.ETag!, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The grain's reminders, from the table.</summary>
    public async Task<IReadOnlyList<IGrainReminder>> GetRemindersAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        var rows = await _table.ReadRowsAsync(grainId, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(GrainReminder.From)];
    }

    /// <summary>
    /// Reads the table and makes the schedule match it: starts reminders of grains this silo owns that are not
    /// scheduled (or changed), stops those deleted or owned elsewhere now.
    /// </summary>
    internal async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var rows = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            var owned = rows.Where(r => IsOwnedHere(r.GrainId)).ToDictionary(r => (r.GrainId, r.Name));
            lock (_lock)
            {
                foreach (var key in _local.Keys.Where(k => !owned.ContainsKey(k)).ToList())
                {
                    _local.Remove(key, out var gone);
                    gone!.Dispose();
                }
            }

            foreach (var entry in owned.Values)
            {
                Schedule(entry);
            }

            _logger.RemindersLoaded(owned.Count);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            await LoadAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            _logger.LoadFailed(exception);
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in _membership!.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await LoadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    _logger.LoadFailed(exception);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Embedded, every grain is this silo's; in a cluster, only those the newest view places here.</summary>
    private bool IsOwnedHere(GrainId grainId) => _router is null || _router.OwnerOf(grainId) == _membership!.LocalSilo;

    /// <summary>Schedules <paramref name="entry"/>, replacing an older version; keeps one already at this version.</summary>
    private void Schedule(ReminderEntry entry)
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        var key = (entry.GrainId, entry.Name);
        LocalReminder reminder;
        lock (_lock)
        {
            if (_local.TryGetValue(key, out var existing))
            {
                if (existing.Entry.ETag == entry.ETag)
                {
                    return;
                }

                existing.Dispose();
            }

            reminder = new LocalReminder(this, entry);
            _local[key] = reminder;
        }

        // From just before now: a first tick due this very instant still fires.
        reminder.Arm(_time.GetUtcNow() - TimeSpan.FromTicks(1));
    }

    private void Unschedule((GrainId, string) key)
    {
        lock (_lock)
        {
            if (_local.Remove(key, out var gone))
            {
                gone.Dispose();
            }
        }
    }

    private void Fire(LocalReminder reminder)
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var entry = reminder.Entry;

        // A view change may have moved the grain a moment ago: then its new owner fires, and the watcher drops it here.
        if (IsOwnedHere(entry.GrainId))
        {
            var deadline = _time.GetTimestamp() + (long)(_runtime.Options.ResponseTimeout.TotalSeconds * _time.TimestampFrequency);
            _runtime.Dispatcher.Dispatch(new ReminderTick(
                entry.GrainId, entry.Name, new TickStatus(entry.StartAt, entry.Period, now), deadline, new TickSink(this, entry)));
        }

        // Never before the tick just fired, even if the clock reads a hair early.
        reminder.Arm(now > reminder.Due ? now : reminder.Due);
    }

    public void Dispose()
    {
        _stop.Dispose();
        _gate.Dispose();
        _refresh?.Dispose();
    }

    /// <summary>One scheduled reminder: its stored entry and the timer for its next tick.</summary>
    private sealed class LocalReminder : IDisposable
    {
        private readonly ReminderService _service;
        private readonly ITimer _timer;
        private volatile bool _disposed;

        public LocalReminder(ReminderService service, ReminderEntry entry)
        {
            _service = service;
            Entry = entry;
            _timer = service._time.CreateTimer(
                static state => ((LocalReminder)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public ReminderEntry Entry { get; }

        /// <summary>When the next tick is due.</summary>
        public DateTimeOffset Due { get; private set; }

        /// <summary>Arms the timer for the first tick strictly after <paramref name="after"/>.</summary>
        public void Arm(DateTimeOffset after)
        {
            if (_disposed)
            {
                return;
            }

            Due = ReminderSchedule.NextTickAfter(Entry.StartAt, Entry.Period, after);
            var delay = Due - _service._time.GetUtcNow();
            _service._logger.Scheduled(Entry.GrainId, Entry.Name, Due);
            _timer.Change(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        private void OnTimer()
        {
            if (!_disposed)
            {
                _service.Fire(this);
            }
        }

        public void Dispose()
        {
            _disposed = true;
            _timer.Dispose();
        }
    }

    /// <summary>Logs a tick the grain failed (or that could not run); the reminder keeps ticking.</summary>
    private sealed class TickSink(ReminderService service, ReminderEntry entry) : IResponseSink<NoResult>
    {
        public void Complete(NoResult result)
        {
        }

        public void Fail(Exception exception)
        {
            if (!service._stop.IsCancellationRequested)
            {
                service._logger.TickFailed(exception, entry.GrainId, entry.Name);
            }
        }
    }
}
