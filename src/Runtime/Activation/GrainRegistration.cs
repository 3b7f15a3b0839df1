namespace FraudActors.Runtime.Activation;

/// <summary>One <c>AddGrain</c> registration, collected from DI when the silo starts.</summary>
internal sealed record GrainRegistration(Type InterfaceType, Type ImplementationType, TimeSpan? CollectionAge);
