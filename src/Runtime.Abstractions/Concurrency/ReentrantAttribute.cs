namespace FraudActors.Runtime.Concurrency;

/// <summary>
/// Lets an activation start its next call while the current one awaits: turns still never run in parallel,
/// but they interleave at await points. Off by default (turn-based execution, as in Orleans).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute;
