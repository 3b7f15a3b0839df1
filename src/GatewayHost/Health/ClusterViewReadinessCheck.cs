using FraudActors.Runtime.Cluster.Membership;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FraudActors.GatewayHost.Health;

/// <summary>
/// A gateway is ready when its membership view has an active silo: only then can a grain call be placed. (Whether
/// that silo has a model is the silo's own readiness; a score answers 503 with Retry-After until one has.)
/// </summary>
internal sealed class ClusterViewReadinessCheck(IClusterMembership membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var view = membership.Current;
        return Task.FromResult(view.ActiveSilos.IsEmpty
            ? HealthCheckResult.Unhealthy($"No active silo in the membership view ({view}).")
            : HealthCheckResult.Healthy($"Membership view {view}."));
    }
}
