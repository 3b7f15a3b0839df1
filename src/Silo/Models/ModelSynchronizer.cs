using FraudActors.Grains.Interfaces.Models;
using FraudActors.Grains.Models;
using FraudActors.Grains.Scoring;
using FraudActors.Ml.Artifacts;
using FraudActors.Ml.Models;
using FraudActors.Runtime;
using FraudActors.Runtime.Signals;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FraudActors.Silo.Models;

/// <summary>
/// Keeps this silo's model cache on the registry's assignment: on a signal (or every poll interval) it fetches the
/// assignment, loads and verifies any new artifact, swaps the whole serving set at once, and reports what it serves
/// (<see cref="IServingReports"/>). A failed load keeps the previous set serving and is reported with its error. The
/// node is not ready until the first assignment with a champion is applied.
/// </summary>
/// <remarks>
/// Embedded, and in a cluster that already runs and is settled (another silo active, no other joining), the first sync
/// runs while the host starts (<see cref="StartAsync"/>), before membership makes this silo active: so a silo serves a
/// model before it takes its first grain (a joining silo's registry calls go to the registry's owner among the active silos). A silo starting
/// on an empty cluster waits for <see cref="ClusterStartGate"/> in <see cref="StartedAsync"/> instead: only then is
/// it active and agreed with its peers on where the registry lives; until it has loaded, readiness says no.
/// </remarks>
internal sealed partial class ModelSynchronizer(
    IGrainFactory grains,
    IArtifactStore artifacts,
    ModelCache cache,
    IClusterSignals signals,
    ModelCatalogImporter importer,
    IServingReports reports,
    SiloIdentity silo,
    TimeProvider time,
    IOptions<ModelSynchronizerOptions> options,
    ILogger<ModelSynchronizer> logger,
    ClusterStartGate? gate = null) : IHostedLifecycleService, IAsyncDisposable
{
    // A first sync that failed in a cluster (say, the registry's silo was leaving) is retried this soon, not a whole
    // poll interval later: the silo is not ready until it succeeds.
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _syncing = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private IDisposable? _subscription;
    private ITimer? _poll;
    private string? _lastError;
    private bool _following;

    private IModelRegistryGrain Registry => grains.GetGrain<IModelRegistryGrain>(IModelRegistryGrain.Key);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (gate is null)
        {
            await importer.ImportAsync(cancellationToken).ConfigureAwait(false);
            await FollowAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (await gate.JoinsSettledClusterAsync(cancellationToken).ConfigureAwait(false))
        {
            // Before this silo becomes active: a grain placed here must find a model loaded (it answers "no model"
            // otherwise). If the registry cannot be reached now, StartedAsync tries again the gated way.
            try
            {
                await importer.ImportAsync(cancellationToken).ConfigureAwait(false);
                await FollowAsync(cancellationToken).ConfigureAwait(false);
                _following = true;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _subscription?.Dispose();
                _subscription = null;
                LogFirstSyncFailed(logger, exception, TimeSpan.Zero);
            }
        }
    }

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (gate is null || _following)
        {
            return;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await importer.ImportAsync(cancellationToken).ConfigureAwait(false);
            await FollowAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFirstSyncFailed(logger, exception, FirstRetry);
            _subscription ??= signals.Subscribe(IModelRegistryGrain.AssignmentChannel, SyncAsync);
            _poll ??= time.CreateTimer(_ => _ = SyncQuietlyAsync(), null, FirstRetry, options.Value.PollInterval);
        }
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _subscription?.Dispose();
        if (_poll is not null)
        {
            await _poll.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Subscribes to the registry's signal, syncs once, and starts polling.</summary>
    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        _subscription = signals.Subscribe(IModelRegistryGrain.AssignmentChannel, SyncAsync);
        await SyncAsync(cancellationToken).ConfigureAwait(false);
        _poll = time.CreateTimer(_ => _ = SyncQuietlyAsync(), null, options.Value.PollInterval, options.Value.PollInterval);
    }

    /// <summary>Applies the registry's current assignment if it is newer than what is served; always reports what it serves.</summary>
    internal async Task SyncAsync(CancellationToken cancellationToken)
    {
        await _syncing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var assignment = await Registry.GetAssignmentAsync().ConfigureAwait(false);
            var current = cache.Current;
            if (assignment.Revision > current.Revision)
            {
                try
                {
                    var set = new ServingSet(
                        assignment.Revision,
                        await LoadAsync(assignment.Champion, current, cancellationToken).ConfigureAwait(false),
                        await LoadAsync(assignment.Challenger, current, cancellationToken).ConfigureAwait(false),
                        assignment.Traffic);
                    cache.Apply(set);
                    _lastError = null;
                    LogApplied(logger, assignment.Revision, set.Champion?.Version, set.Challenger?.Version);
                }
                catch (Exception exception) when (exception is ArtifactNotFoundException or ArtifactCorruptedException or InvalidDataException)
                {
                    _lastError = exception.Message;
                    LogRefused(logger, exception, assignment.Revision);
                }
            }

            var served = cache.Current;
            await reports.ReportAsync(
                    new SiloModels(silo.Name, served.Revision, served.Champion?.Version, served.Challenger?.Version, _lastError, time.GetUtcNow()),
                    cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            _syncing.Release();
        }
    }

    private async Task SyncQuietlyAsync()
    {
        try
        {
            // Models trained while the node runs (fraudctl train) become registered versions, ready to promote.
            await importer.ImportAsync(_stopping.Token).ConfigureAwait(false);
            await SyncAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException or SiloUnavailableException or ObjectDisposedException)
        {
            // The next poll tries again; shutting down ends the loop.
        }
        catch (Exception exception)
        {
            LogSyncFailed(logger, exception);
        }
    }

    /// <summary>The model for <paramref name="served"/>: reused from the current set when it already serves, else loaded and verified.</summary>
    private async Task<ScoringModel?> LoadAsync(ServedModel? served, ServingSet current, CancellationToken cancellationToken)
    {
        if (served is null)
        {
            return null;
        }

        foreach (var loaded in new[] { current.Champion, current.Challenger })
        {
            if (loaded is not null && loaded.Version == served.Version && loaded.ArtifactSha256 == served.ArtifactSha256)
            {
                return loaded;
            }
        }

        var bytes = await artifacts.GetAsync(served.ArtifactSha256, cancellationToken).ConfigureAwait(false);
        return ScoringModel.Load(served.Version, served.ArtifactSha256, served.FeatureSchemaHash, bytes);
    }

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        if (_poll is not null)
        {
            await _poll.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
        _syncing.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving assignment {Revision}: champion {Champion}, challenger {Challenger}")]
    private static partial void LogApplied(ILogger logger, long revision, string? champion, string? challenger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Assignment {Revision} refused: its model could not be loaded; the previous models keep serving")]
    private static partial void LogRefused(ILogger logger, Exception exception, long revision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The first model synchronisation failed; retrying in {Delay}, not ready until it succeeds")]
    private static partial void LogFirstSyncFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model synchronisation failed; retrying at the next poll")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);
}
