namespace FraudActors.Grains.Interfaces.Models;

/// <summary>
/// What every silo must serve: versioned, so a silo acknowledges exactly the assignment it applied and a late
/// notification never rolls a silo back.
/// </summary>
/// <param name="Revision">Increases with every change.</param>
/// <param name="Champion">The champion, or null before one exists.</param>
/// <param name="Challenger">The challenger, if any.</param>
/// <param name="Traffic">How the challenger takes part.</param>
public sealed record ModelAssignment(long Revision, ServedModel? Champion, ServedModel? Challenger, TrafficPolicy Traffic);

/// <summary>A model as silos load it: its version, the hash its bytes must have, and the features it expects.</summary>
/// <param name="Version">The version.</param>
/// <param name="ArtifactSha256">Hash of the artifact.</param>
/// <param name="FeatureSchemaHash">Hash of the feature names it expects.</param>
public sealed record ServedModel(string Version, string ArtifactSha256, string FeatureSchemaHash);

/// <summary>A silo's report of what it serves, made after every load (and every poll).</summary>
/// <param name="Silo">The silo's name.</param>
/// <param name="Revision">The assignment revision it applied.</param>
/// <param name="Champion">The champion version it serves.</param>
/// <param name="Challenger">The challenger version it serves, if any.</param>
/// <param name="Error">Why it could not apply the latest assignment, if it could not.</param>
/// <param name="At">When.</param>
public sealed record SiloModels(string Silo, long Revision, string? Champion, string? Challenger, string? Error, DateTimeOffset At);
