using System.Collections.Immutable;

namespace FraudActors.Grains.Interfaces.Models;

/// <summary>How far the current assignment has reached: every active silo and what it serves.</summary>
/// <param name="Revision">The current assignment's revision.</param>
/// <param name="Complete">Whether every active silo reports serving it.</param>
/// <param name="Silos">Every active silo, by name.</param>
public sealed record ModelRollout(long Revision, bool Complete, ImmutableArray<SiloServing> Silos);
