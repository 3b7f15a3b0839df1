namespace FraudActors.Runtime.Persistence;

/// <summary>
/// On a grain constructor parameter of type <see cref="IPersistentState{TState}"/>: the runtime supplies the state
/// named <paramref name="stateName"/> from the storage provider <paramref name="storageName"/> (the default one when null).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>Name of the state within the grain (a grain may have several).</summary>
    public string StateName { get; } = stateName;

    /// <summary>Keyed name of the <see cref="IGrainStorage"/> to use, or null for the default.</summary>
    public string? StorageName { get; } = storageName;
}
