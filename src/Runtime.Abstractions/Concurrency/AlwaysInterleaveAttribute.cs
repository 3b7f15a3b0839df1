namespace FraudActors.Runtime.Concurrency;

/// <summary>
/// Marks a grain method that may interleave with any other call of its activation (status queries that must
/// answer while a long call awaits). Interleaved turns still never run in parallel.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;
