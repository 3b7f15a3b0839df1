using System.Collections.Immutable;
using FraudActors.Grains.Interfaces.Models;

namespace FraudActors.Gateway.Admin;

/// <summary>
/// The answer to a promotion or rollback: the registry as <c>GET /admin/models</c> shows it, with each silo's state
/// read after waiting for the change to reach them, and whether it reached all.
/// </summary>
/// <param name="Assignment">What silos must serve now.</param>
/// <param name="Versions">Every version, newest first.</param>
/// <param name="Silos">Every active silo and what it serves, after the wait.</param>
/// <param name="History">Every change, newest first.</param>
/// <param name="RolloutComplete">Whether every active silo reported serving the new assignment within the wait.</param>
public sealed record ModelChangeResult(
    ModelAssignment Assignment,
    ImmutableArray<ModelVersionView> Versions,
    ImmutableArray<SiloServing> Silos,
    ImmutableArray<RegistryEvent> History,
    bool RolloutComplete)
{
    /// <summary>The registry after the change, and the rollout as the wait left it.</summary>
    public static ModelChangeResult From(ModelRegistryView registry, ModelRollout rollout)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(rollout);
        return new(registry.Assignment, registry.Versions, rollout.Silos, registry.History, rollout.Complete && rollout.Revision >= registry.Assignment.Revision);
    }
}
