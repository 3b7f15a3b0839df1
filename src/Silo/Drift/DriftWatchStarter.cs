using FraudActors.Grains.Interfaces.Drift;
using FraudActors.Runtime;
using FraudActors.Silo.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FraudActors.Silo.Drift;

/// <summary>
/// Wakes the drift watch once the silo has started, so it registers (or keeps) its reminder; from then on the reminder
/// alone drives it, on whichever silo owns it. Every silo does this at start, which is harmless (registration is
/// idempotent) and means a cluster needs no designated silo. A failure is logged, not thrown: the reminder of an
/// earlier start still stands, and the next start tries again. In a cluster it first waits for
/// <see cref="ClusterStartGate"/> (active, nobody joining), so silos starting together do not each activate the watch
/// (a cluster singleton) while their views still differ; a silo joining a running cluster passes it within a refresh.
/// </summary>
internal sealed partial class DriftWatchStarter(IGrainFactory grains, ILogger<DriftWatchStarter> logger, ClusterStartGate? gate = null)
    : IHostedLifecycleService
{
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (gate is not null)
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            await grains.GetGrain<IDriftWatchGrain>(IDriftWatchGrain.Key).StartAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogStartFailed(logger, exception);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The drift watch could not be started; its reminder, if registered before, still runs")]
    private static partial void LogStartFailed(ILogger logger, Exception exception);
}
