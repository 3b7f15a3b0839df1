using System.Collections.Immutable;
using FraudActors.Runtime.Activation;
using FraudActors.Runtime.Cluster.Membership;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FraudActors.Runtime.Cluster.Client;

/// <summary>
/// A cluster client's view of the cluster: reads the membership table every <see cref="ClusterOptions.RefreshPeriod"/>
/// and publishes what it read, so <see cref="Routing.GrainRouter"/> places calls exactly as the silos do. It never
/// writes: no row, no heartbeat, no judgement of silent silos, no migration (a client that starts before any silo
/// has created the table simply has an empty view until one has).
/// </summary>
/// <remarks>
/// Its <see cref="LocalSilo"/> is the client's own name in envelopes (<c>AdvertisedHost:0@generation</c>): port 0 is
/// never a silo endpoint, so no view ever names it and no call is ever placed on it.
/// </remarks>
internal sealed class MembershipReader : IClusterMembership, IHostedService, IAsyncDisposable
{
    private readonly IMembershipTable _table;
    private readonly ClusterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IReadOnlyCollection<GrainRegistration> _grains;
    private readonly CancellationTokenSource _stop = new();
    private readonly MembershipViewFeed _views = new();
    private Task _loop = Task.CompletedTask;

    public MembershipReader(
        IMembershipTable table,
        IOptions<ClusterOptions> options,
        TimeProvider time,
        ILogger<MembershipReader> logger,
        IEnumerable<GrainRegistration> grains)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.RefreshPeriod, TimeSpan.Zero, "ClusterOptions.RefreshPeriod");
        _table = table;
        _time = time;
        _logger = logger;
        _grains = [.. grains];
        LocalSilo = new SiloAddress(_options.AdvertisedHost, 0, time.GetUtcNow().UtcTicks);
    }

    /// <summary>The client's name in the envelopes it sends; never a member.</summary>
    public SiloAddress LocalSilo { get; }

    /// <inheritdoc />
    public MembershipView Current => _views.Current;

    /// <summary>Never cancelled: a client is not a member, so nobody can declare it dead.</summary>
    public CancellationToken SteppedDown => CancellationToken.None;

    /// <inheritdoc />
    public IAsyncEnumerable<MembershipView> WatchAsync(CancellationToken cancellationToken) => _views.WatchAsync(cancellationToken);

    /// <summary>Reads the table once before the host serves (so a client started beside a running cluster routes its first call), then every refresh period.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_grains.Count > 0)
        {
            // A grain registered here would never run (a client dispatches nothing locally): say so at start, not on
            // the first call.
            throw new InvalidOperationException(
                $"A cluster client hosts no grains, but {string.Join(", ", _grains.Select(g => g.ImplementationType.Name))} are registered: register grains in silos only.");
        }

        _logger.ClientReading(_options.ClusterId, _options.RefreshPeriod);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        _loop = RefreshLoopAsync(_stop.Token);
    }

    /// <summary>Stops reading and ends the view feed.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _views.End();
    }

    /// <summary>Reads the table and publishes a newer view; a failed read is logged and the last view kept.</summary>
    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        MembershipSnapshot snapshot;
        try
        {
            snapshot = await _table.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The database may be back next period. Meanwhile calls go to the silos of the last view; those that
            // cannot be reached fail as not delivered, which is retryable.
            _logger.RefreshFailed(exception);
            return;
        }

        var view = new MembershipView(snapshot.Version, snapshot.Entries.ToImmutableDictionary(e => e.Silo, e => e.Status));
        if (_views.Publish(view))
        {
            _logger.ViewChanged(view.Version, view.ActiveSilos.Length, string.Join(", ", view.ActiveSilos));
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.RefreshPeriod, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
