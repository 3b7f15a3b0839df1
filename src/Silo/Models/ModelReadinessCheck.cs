using FraudActors.Grains.Scoring;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FraudActors.Silo.Models;

/// <summary>Ready only once a model is loaded: before that every score would be refused.</summary>
internal sealed class ModelReadinessCheck(ModelCache cache) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(cache.Champion is { } champion
            ? HealthCheckResult.Healthy($"serving model {champion.Version}")
            : HealthCheckResult.Unhealthy("no model loaded"));
}
