using System.Collections.Frozen;
using FraudActors.Runtime.Metadata;

namespace FraudActors.Runtime.Activation;

/// <summary>Grain type name → the implementation this silo activates for it.</summary>
internal sealed class GrainClassRegistry
{
    private readonly FrozenDictionary<string, GrainClassInfo> _byType;

    public GrainClassRegistry(IEnumerable<GrainRegistration> registrations, GrainInterfaceRegistry interfaces)
    {
        var classes = new Dictionary<string, GrainClassInfo>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            var grainType = interfaces.Get(registration.InterfaceType).GrainType;
            if (classes.TryGetValue(grainType, out var existing) && existing.ImplementationType != registration.ImplementationType)
            {
                throw new InvalidOperationException(
                    $"Grain type '{grainType}' is implemented by both {existing.ImplementationType} and {registration.ImplementationType}.");
            }

            classes[grainType] = new GrainClassInfo(grainType, registration.InterfaceType, registration.ImplementationType, registration.CollectionAge);
        }

        _byType = classes.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IEnumerable<GrainClassInfo> All => _byType.Values;

    public bool TryGet(string grainType, out GrainClassInfo? info) => _byType.TryGetValue(grainType, out info);
}
