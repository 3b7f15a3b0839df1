using FraudActors.Runtime.Cluster.Membership;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FraudActors.Silo.Hosting;

/// <summary>
/// A cluster silo is ready only while it is active in its own membership view. A joining silo loads its model before
/// it becomes active (so no grain placed on it finds none), which would otherwise make it "ready" while its peers do
/// not yet place grains on it: whoever waits for readiness before the next step (deploy/cluster.sh starting the next
/// silo, a rolling restart, a test) would act on a silo that owns nothing yet. A silo shutting down or declared dead is
/// not ready either, so a load balancer stops sending to it.
/// </summary>
internal sealed class ActiveMembershipReadinessCheck(IClusterMembership membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var view = membership.Current;
        return Task.FromResult(view.IsActive(membership.LocalSilo)
            ? HealthCheckResult.Healthy($"active in membership view {view}")
            : HealthCheckResult.Unhealthy($"not active in membership view {view}"));
    }
}
