using System.Collections.Immutable;

namespace FraudActors.Grains.Interfaces.Models;

/// <summary>The registry as admins see it.</summary>
/// <param name="Assignment">What silos must serve.</param>
/// <param name="Versions">Every version, newest first.</param>
/// <param name="Silos">Every active silo and what it reports serving (one not yet reported is listed as such).</param>
/// <param name="History">Every change, newest first.</param>
public sealed record ModelRegistryView(
    ModelAssignment Assignment,
    ImmutableArray<ModelVersionView> Versions,
    ImmutableArray<SiloServing> Silos,
    ImmutableArray<RegistryEvent> History);

/// <summary>One version with its standing.</summary>
/// <param name="Description">What is known about it.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="StatusReason">Why (for rejections), if given.</param>
/// <param name="RegisteredAt">When it was registered.</param>
public sealed record ModelVersionView(ModelDescription Description, ModelStatus Status, string? StatusReason, DateTimeOffset RegisteredAt);

/// <summary>One entry of the registry's history (promotions, rollbacks, traffic changes, rejections, registrations).</summary>
/// <param name="At">When.</param>
/// <param name="Action">What (registered, promoted, rolled-back, challenger-set, traffic-set, rejected).</param>
/// <param name="Actor">Who (an API key name, or the retraining pipeline).</param>
/// <param name="Version">The version concerned, if any.</param>
/// <param name="Detail">More, in words.</param>
public sealed record RegistryEvent(DateTimeOffset At, string Action, string Actor, string? Version, string Detail);
