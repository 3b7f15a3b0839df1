namespace FraudActors.Grains.Interfaces.Models;

/// <summary>Whether a silo serves the registry's current assignment.</summary>
public enum SiloServingState
{
    /// <summary>It reports serving the current assignment (its revision).</summary>
    Current,

    /// <summary>It reports an earlier assignment: still loading, or refused the latest (see its error).</summary>
    Behind,

    /// <summary>It is active but has reported nothing since it started (it has not loaded yet).</summary>
    NotReported,
}

/// <summary>One active silo of the cluster and what it reports serving.</summary>
/// <param name="Silo">The silo (its cluster address, or the machine and process of an embedded node).</param>
/// <param name="State">Whether it serves the current assignment.</param>
/// <param name="Revision">The assignment revision it applied, if it reported.</param>
/// <param name="Champion">The champion version it serves, if any.</param>
/// <param name="Challenger">The challenger version it serves, if any.</param>
/// <param name="Error">Why it could not apply the latest assignment, if it could not.</param>
/// <param name="LoadedAt">When it reported, if it did.</param>
public sealed record SiloServing(
    string Silo,
    SiloServingState State,
    long? Revision,
    string? Champion,
    string? Challenger,
    string? Error,
    DateTimeOffset? LoadedAt);
