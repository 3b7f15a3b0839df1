using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FraudActors.Runtime.Cluster.Membership;

/// <summary>
/// One silo's part in the membership protocol, run by the host: registers the silo, keeps it alive in the table,
/// reads the table and publishes the view, declares silent peers dead, steps down when declared dead itself, and
/// leaves gracefully when the host stops.
/// </summary>
/// <remarks>
/// Lifecycle, hooked to the host's phases so the table tells the truth about what the silo can do:
/// <list type="bullet">
/// <item><see cref="StartingAsync"/> (before any hosted service starts): migrate the table, register as
/// <see cref="MembershipStatus.Joining"/>, start heartbeating and refreshing.</item>
/// <item><see cref="StartedAsync"/> (every hosted service, the silo-to-silo endpoint included, has started):
/// become <see cref="MembershipStatus.Active"/>, i.e. take a share of the grains.</item>
/// <item><see cref="StoppingAsync"/> (before anything stops): <see cref="MembershipStatus.ShuttingDown"/>, so
/// peers stop placing grains here while this silo still answers and hands its grains over.</item>
/// <item><see cref="StoppedAsync"/> (everything else has stopped): stop heartbeating and record
/// <see cref="MembershipStatus.Dead"/>.</item>
/// </list>
/// </remarks>
internal sealed class MembershipService : IHostedLifecycleService, IClusterMembership
{
    // Dead rows go slowly and harm nobody meanwhile: looking once an hour is plenty (Orleans does the same).
    private static readonly TimeSpan CleanUpPeriod = TimeSpan.FromHours(1);

    // Rounds of declare-then-read per refresh: each successful declaration changes the table, so a few rounds
    // clear several silent silos at once; a bound keeps one refresh from spinning against a busy table.
    private const int MaxRoundsPerRefresh = 8;

    private readonly IMembershipTable _table;
    private readonly ClusterOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _steppedDown = new();
    private readonly CancellationTokenSource _stopLoops = new();
    private readonly MembershipViewFeed _views = new();
    private Task _loops = Task.CompletedTask;
    private long _lastCleanUp;
    private int _steppingDown;
    private bool _registered;

    public MembershipService(
        IMembershipTable table,
        SiloAddress localSilo,
        IOptions<ClusterOptions> options,
        IHostApplicationLifetime lifetime,
        TimeProvider time,
        ILogger<MembershipService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.HeartbeatPeriod, TimeSpan.Zero, "ClusterOptions.HeartbeatPeriod");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.RefreshPeriod, TimeSpan.Zero, "ClusterOptions.RefreshPeriod");

        // A timeout within one heartbeat period would have healthy silos declared dead between two heartbeats.
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.DeathTimeout, _options.HeartbeatPeriod, "ClusterOptions.DeathTimeout");
        _table = table;
        LocalSilo = localSilo;
        _lifetime = lifetime;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public SiloAddress LocalSilo { get; }

    /// <inheritdoc />
    public MembershipView Current => _views.Current;

    /// <inheritdoc />
    public CancellationToken SteppedDown => _steppedDown.Token;

    /// <inheritdoc />
    public IAsyncEnumerable<MembershipView> WatchAsync(CancellationToken cancellationToken) => _views.WatchAsync(cancellationToken);

    /// <summary>Migrates the table, registers as joining and starts heartbeating and refreshing.</summary>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        _logger.Joining(LocalSilo, _options.ClusterId);
        await _table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await CleanUpAsync(cancellationToken).ConfigureAwait(false);
        if (!await ChangeStatusAsync(MembershipStatus.Joining, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Silo {LocalSilo} is already dead in the membership table: a new start needs a new generation.");
        }

        _registered = true;
        _loops = Task.WhenAll(HeartbeatLoopAsync(_stopLoops.Token), RefreshLoopAsync(_stopLoops.Token));
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Becomes active: the host, and so every endpoint of this silo, has started.</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (await ChangeStatusAsync(MembershipStatus.Active, cancellationToken).ConfigureAwait(false))
        {
            _logger.Active(LocalSilo);
        }
    }

    /// <summary>Marks this silo as shutting down, so peers stop placing grains here while it still answers.</summary>
    public Task StoppingAsync(CancellationToken cancellationToken) => LeaveAsync(MembershipStatus.ShuttingDown, cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops heartbeating and records this silo as dead (it left; nobody declared it).</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        await _stopLoops.CancelAsync().ConfigureAwait(false);
        await _loops.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await LeaveAsync(MembershipStatus.Dead, cancellationToken).ConfigureAwait(false);
        _views.End();
    }

    /// <summary>
    /// Reads the table once: steps down if this silo is dead in it, publishes the view, and (when active) declares
    /// silent peers dead. The refresh loop calls it every <see cref="ClusterOptions.RefreshPeriod"/>.
    /// </summary>
    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxRoundsPerRefresh; round++)
        {
            var snapshot = await _table.ReadAsync(cancellationToken).ConfigureAwait(false);
            var own = snapshot.Entries.FirstOrDefault(e => e.Silo == LocalSilo);
            if (own is null || own.Status == MembershipStatus.Dead)
            {
                StepDown(DeathReason(own));
                return;
            }

            Publish(ToView(snapshot));

            // Only active silos judge: a joining one may not have a working view yet, a leaving one no longer cares.
            if (own.Status != MembershipStatus.Active)
            {
                return;
            }

            var suspect = snapshot.Entries
                .Where(e => e.Status != MembershipStatus.Dead && e.Silo != LocalSilo && e.Silence > _options.DeathTimeout)
                .MaxBy(e => e.Silence);
            if (suspect is null)
            {
                return;
            }

            // The table re-checks the silence by its own clock and the version; on a conflict (a peer declared it
            // first, or anything else changed) the next round reads again.
            if (await _table.TryDeclareDeadAsync(suspect.Silo, LocalSilo, _options.DeathTimeout, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                _logger.DeclaredDead(suspect.Silo, suspect.Silence, _options.DeathTimeout);
            }
        }
    }

    /// <summary>
    /// A write this silo made was refused by its fence (<see cref="SiloFence"/>): its row is dead, so it steps down now
    /// rather than at its next heartbeat or refresh, which may still be paused behind the database.
    /// </summary>
    internal void OnWriteFenced(string reason) => StepDown(reason);

    private static string DeathReason(MembershipEntry? own) => own switch
    {
        null => "its row is gone",
        { DeclaredDeadBy: { } by } => $"declared dead by {by}",
        _ => "marked dead",
    };

    private static MembershipView ToView(MembershipSnapshot snapshot) =>
        new(snapshot.Version, snapshot.Entries.ToImmutableDictionary(e => e.Silo, e => e.Status));

    /// <summary>Sets this silo's status, reading again after each version conflict.</summary>
    /// <returns>False when this silo turned out to be dead (it has stepped down).</returns>
    private async Task<bool> ChangeStatusAsync(MembershipStatus status, CancellationToken cancellationToken)
    {
        while (true)
        {
            var snapshot = await _table.ReadAsync(cancellationToken).ConfigureAwait(false);
            var own = snapshot.Entries.FirstOrDefault(e => e.Silo == LocalSilo);
            if (own is { Status: MembershipStatus.Dead } || (_registered && own is null))
            {
                if (_registered)
                {
                    StepDown(DeathReason(own));
                }

                return false;
            }

            if (await _table.TrySetStatusAsync(LocalSilo, status, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                // The write was conditional on the version read, so this is exactly the table as it now stands.
                Publish(new MembershipView(snapshot.Version + 1, ToView(snapshot).Members.SetItem(LocalSilo, status)));
                return true;
            }
        }
    }

    private async Task LeaveAsync(MembershipStatus status, CancellationToken cancellationToken)
    {
        if (!_registered || Volatile.Read(ref _steppingDown) != 0)
        {
            return;
        }

        _logger.Leaving(LocalSilo, status);
        try
        {
            await ChangeStatusAsync(status, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Stopping must go on: the worst outcome is that peers wait out the death timeout.
            _logger.LeaveFailed(exception, LocalSilo, status);
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatPeriod, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                bool alive;
                try
                {
                    alive = await _table.HeartbeatAsync(LocalSilo, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // The database may be back next period; if not, peers declare this silo dead and it steps
                    // down when it gets through again.
                    _logger.HeartbeatFailed(exception, LocalSilo);
                    continue;
                }

                if (!alive)
                {
                    StepDown("its heartbeat was refused");
                    return;
                }
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        _lastCleanUp = _time.GetTimestamp();
        using var timer = new PeriodicTimer(_options.RefreshPeriod, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await RefreshAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    _logger.RefreshFailed(exception);
                }

                if (_time.GetElapsedTime(_lastCleanUp) >= CleanUpPeriod)
                {
                    _lastCleanUp = _time.GetTimestamp();
                    await CleanUpAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task CleanUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            _logger.CleanedUp(await _table.CleanUpAsync(_options.DefunctSiloRetention, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.CleanUpFailed(exception);
        }
    }

    /// <summary>Stops everything this silo does in the cluster, once, and tells whoever listens.</summary>
    private void StepDown(string reason)
    {
        if (Interlocked.Exchange(ref _steppingDown, 1) != 0)
        {
            return;
        }

        _logger.SteppingDown(LocalSilo, reason);
        _stopLoops.Cancel();
        _views.End();
        try
        {
            _steppedDown.Cancel();
        }
        catch (AggregateException exception)
        {
            _logger.StepDownCallbackFailed(exception);
        }

        if (_options.StopHostWhenDeclaredDead)
        {
            _lifetime.StopApplication();
        }
    }

    private void Publish(MembershipView view)
    {
        if (_views.Publish(view))
        {
            _logger.ViewChanged(view.Version, view.ActiveSilos.Length, string.Join(", ", view.ActiveSilos));
        }
    }
}
