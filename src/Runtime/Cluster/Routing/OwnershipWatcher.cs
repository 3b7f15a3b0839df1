using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Runtime.Cluster.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FraudActors.Runtime.Cluster.Routing;

/// <summary>
/// Hands grains over when the view changes: every activation in this silo whose grain another silo owns by the new
/// view is deactivated (its state is persisted; the owner activates it from storage on the next call). Without this,
/// a grain taken over by a joining silo would keep a second, idle activation here until idle collection.
/// </summary>
/// <remarks>
/// Calls queued on a departing activation are re-routed to the new owner (<see cref="Messaging.MessageDispatcher.Redispatch"/>),
/// and a call a peer with an older view still sends here is forwarded. A silo leaving gracefully sees itself
/// excluded in its own view first, so its grains start moving at <c>StoppingAsync</c>, before the runtime's own stop.
/// </remarks>
internal sealed class OwnershipWatcher(
    SiloRuntime runtime,
    GrainRouter router,
    IClusterMembership membership,
    ILogger<OwnershipWatcher> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _watching = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _watching = WatchAsync(_stop.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Asks every activation whose grain another silo owns by the newest view to deactivate.</summary>
    /// <returns>How many were asked.</returns>
    internal int HandOver(MembershipView view)
    {
        var moved = 0;
        foreach (var activation in runtime.Directory.All)
        {
            if (router.RemoteOwnerOf(activation.GrainId) is { } owner)
            {
                activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.Migrating, $"silo {owner} owns it now"));
                moved++;
            }
        }

        if (moved > 0)
        {
            logger.HandingOver(moved, view.Version);
        }

        return moved;
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var view in membership.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                HandOver(view);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public void Dispose() => _stop.Dispose();
}
