using System.Reflection;
using FraudActors.Runtime.Concurrency;

namespace FraudActors.Runtime.Activation;

/// <summary>A grain implementation registered with the silo, and how to treat its activations.</summary>
internal sealed class GrainClassInfo
{
    public GrainClassInfo(string grainType, Type interfaceType, Type implementationType, TimeSpan? collectionAge)
    {
        GrainType = grainType;
        InterfaceType = interfaceType;
        ImplementationType = implementationType;
        CollectionAge = collectionAge;
        IsReentrant = implementationType.GetCustomAttribute<ReentrantAttribute>(inherit: true) is not null;
    }

    public string GrainType { get; }

    public Type InterfaceType { get; }

    public Type ImplementationType { get; }

    public bool IsReentrant { get; }

    /// <summary>Idle time after which activations are collected; null uses the runtime default.</summary>
    public TimeSpan? CollectionAge { get; }
}
