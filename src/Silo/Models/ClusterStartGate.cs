using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Membership;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FraudActors.Silo.Models;

/// <summary>
/// Holds a starting cluster silo's first calls to the model registry (a cluster-wide singleton) until the silo can
/// place them the way its peers do: until it is active in its own view, and no silo it can see is still joining.
/// </summary>
/// <remarks>
/// Why: a silo whose view has no active silo runs every call locally (the only place it can run), and silos whose
/// views differ place the singleton on different silos. Silos started together on an empty cluster would each
/// activate the registry during start-up, and all but one would fail their first write. Waiting for "active, nobody
/// joining" (checked again one membership refresh later, so a silo that registered just after this one's view was
/// read is seen too) makes silos that start together agree on the owner before the first call. A joining silo that
/// died is declared dead within the death timeout, so the wait ends; <see cref="ModelSynchronizerOptions.StartSettleTimeout"/>
/// bounds it anyway, after which the calls go ahead (storage's version check still keeps one writer).
/// </remarks>
internal sealed partial class ClusterStartGate(
    IClusterMembership membership,
    IOptions<ClusterOptions> cluster,
    IOptions<ModelSynchronizerOptions> options,
    TimeProvider time,
    ILogger<ClusterStartGate> logger)
{
    /// <summary>
    /// Whether this silo is joining a cluster that already runs and is settled: another silo is active and no silo but
    /// this one is joining, now and again one membership refresh later (a silo that registered just after this view was
    /// read is seen by then). The cluster's singletons then have an owner every silo agrees on, among the active silos
    /// (a joining silo is in no placement), so this silo may call them at once, before it becomes active and takes
    /// grains. Otherwise (an empty cluster, or others starting too) the caller must use <see cref="WaitAsync"/> once
    /// active, so that silos starting together agree on the owner first.
    /// </summary>
    public async Task<bool> JoinsSettledClusterAsync(CancellationToken cancellationToken)
    {
        if (!IsSettledWithoutThis(membership.Current))
        {
            return false;
        }

        await Task.Delay(cluster.Value.RefreshPeriod, time, cancellationToken).ConfigureAwait(false);
        return IsSettledWithoutThis(membership.Current);
    }

    /// <summary>Returns once this silo may call cluster singletons, or when the settle timeout has passed.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Value.StartSettleTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            while (true)
            {
                await SettledAsync(linked.Token).ConfigureAwait(false);

                // A silo that registered after the view above was read shows up within one refresh.
                await Task.Delay(cluster.Value.RefreshPeriod, time, linked.Token).ConfigureAwait(false);
                if (IsSettled(membership.Current))
                {
                    LogSettled(logger, membership.Current.ActiveSilos.Length);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogUnsettled(logger, options.Value.StartSettleTimeout, membership.Current.ToString());
        }
    }

    private async Task SettledAsync(CancellationToken cancellationToken)
    {
        await foreach (var view in membership.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (IsSettled(view))
            {
                return;
            }
        }

        // The feed ended: this silo left or stepped down, and must not call anything.
        throw new OperationCanceledException("The silo left the cluster before it became active.", membership.SteppedDown);
    }

    private bool IsSettledWithoutThis(MembershipView view) =>
        view.ActiveSilos.Any(silo => !silo.Equals(membership.LocalSilo))
        && view.Members.All(member => member.Key.Equals(membership.LocalSilo) || member.Value != MembershipStatus.Joining);

    private bool IsSettled(MembershipView view) =>
        view.IsActive(membership.LocalSilo) && !view.Members.Values.Contains(MembershipStatus.Joining);

    [LoggerMessage(Level = LogLevel.Information, Message = "Membership settled with {Active} active silos: calling the model registry")]
    private static partial void LogSettled(ILogger logger, int active);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Membership did not settle within {Timeout} (view {View}): calling the model registry anyway")]
    private static partial void LogUnsettled(ILogger logger, TimeSpan timeout, string view);
}
