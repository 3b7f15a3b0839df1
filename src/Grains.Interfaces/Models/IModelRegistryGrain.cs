using FraudActors.Runtime;
using FraudActors.Runtime.Concurrency;

namespace FraudActors.Grains.Interfaces.Models;

/// <summary>
/// The model registry (a singleton: key <see cref="Key"/>): versions with their metadata, the champion and
/// challenger aliases, the traffic split, the history of every change, and what each silo serves. Every change
/// raises the assignment revision and notifies the silos, which load, verify, swap and report what they serve.
/// </summary>
public interface IModelRegistryGrain : IGrainWithStringKey
{
    /// <summary>The singleton's key.</summary>
    const string Key = "registry";

    /// <summary>The cluster signal channel on which the registry announces a new assignment.</summary>
    const string AssignmentChannel = "model-assignment";

    /// <summary>The registry.</summary>
    [ReadOnly]
    ValueTask<ModelRegistryView> GetAsync();

    /// <summary>What silos must serve now.</summary>
    [AlwaysInterleave]
    ValueTask<ModelAssignment> GetAssignmentAsync();

    /// <summary>Registers a version (idempotent for the same description); the artifact must exist and match its hash.</summary>
    ValueTask<ModelVersionView> RegisterAsync(ModelDescription description, string actor);

    /// <summary>Makes a version the champion; the previous one is retired and remembered for rollback.</summary>
    ValueTask<ModelRegistryView> PromoteAsync(string version, string actor, string? reason);

    /// <summary>Brings back the previous champion, or <paramref name="toVersion"/>.</summary>
    ValueTask<ModelRegistryView> RollbackAsync(string? toVersion, string actor);

    /// <summary>Sets (or with null clears) the challenger.</summary>
    ValueTask<ModelRegistryView> SetChallengerAsync(string? version, string actor);

    /// <summary>Sets the traffic split.</summary>
    ValueTask<ModelRegistryView> SetTrafficAsync(TrafficPolicy traffic, string actor);

    /// <summary>Rejects a version with a reason; it can no longer be promoted.</summary>
    ValueTask<ModelRegistryView> RejectAsync(string version, string reason, string actor);

    /// <summary>
    /// Every active silo and whether it serves the current assignment, from the reports silos record after loading.
    /// Interleaved: it reads the reports, not the registry's state, and a caller waiting for a rollout asks often.
    /// </summary>
    [AlwaysInterleave]
    ValueTask<ModelRollout> GetRolloutAsync();
}
