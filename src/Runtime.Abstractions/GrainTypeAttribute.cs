namespace FraudActors.Runtime;

/// <summary>
/// Names the grain type of a grain interface (the first half of every <see cref="GrainId"/> of that interface).
/// Without it the name is derived from the interface: <c>ICustomerGrain</c> → <c>customer</c>.
/// The name is part of the persisted identity of grain state and reminders: do not change it once data exists.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    /// <summary>The grain type name.</summary>
    public string Name { get; } = name;
}
