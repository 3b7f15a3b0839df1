using System.Collections.Concurrent;
using System.Reflection;
using FraudActors.Runtime.Invocation;
using FraudActors.Runtime.Serialization;

namespace FraudActors.Runtime.Metadata;

/// <summary>
/// Grain interfaces known to this process, loaded lazily from each assembly's generated
/// <see cref="GrainMetadataProviderAttribute"/> the first time an interface from it is used.
/// </summary>
internal sealed class GrainInterfaceRegistry : IGrainMetadataRegistry
{
    private readonly ConcurrentDictionary<Type, GrainInterfaceInfo> _byInterface = new();
    private readonly ConcurrentDictionary<string, GrainInterfaceInfo> _byGrainType = new(StringComparer.Ordinal);
    // Lazy so that a second caller waits for the first one's registration instead of returning before it is done.
    private readonly ConcurrentDictionary<Assembly, Lazy<bool>> _loaded = new();

    public GrainInterfaceInfo Get(Type interfaceType)
    {
        if (_byInterface.TryGetValue(interfaceType, out var info))
        {
            return info;
        }

        Load(interfaceType.Assembly);
        return _byInterface.TryGetValue(interfaceType, out info)
            ? info
            : throw new InvalidOperationException(
                $"{interfaceType} is not a known grain interface: it must extend IGrainWithStringKey and its project must reference FraudActors.Runtime.CodeGen as an analyzer.");
    }

    public bool TryGetByGrainType(string grainType, out GrainInterfaceInfo? info) => _byGrainType.TryGetValue(grainType, out info);

    public void Load(Assembly assembly) =>
        _ = _loaded.GetOrAdd(assembly, a => new Lazy<bool>(() => Register(a), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private bool Register(Assembly assembly)
    {
        var attribute = assembly.GetCustomAttribute<GrainMetadataProviderAttribute>();
        if (attribute is not null)
        {
            var provider = (IGrainMetadataProvider)Activator.CreateInstance(attribute.ProviderType)!;
            provider.Register(this);
        }

        return true;
    }

    public void AddInterface<TInterface>(
        string grainType,
        Func<GrainId, IGrainCallInvoker, TInterface> createReference,
        IReadOnlyList<GrainMethodDescriptor> methods)
        where TInterface : class, IGrain
    {
        var info = new GrainInterfaceInfo(typeof(TInterface), grainType, (id, invoker) => createReference(id, invoker), methods);
        if (_byGrainType.TryGetValue(grainType, out var existing) && existing.InterfaceType != typeof(TInterface))
        {
            throw new InvalidOperationException(
                $"Grain type name '{grainType}' is used by both {existing.InterfaceType} and {typeof(TInterface)}; give one a [GrainType] name.");
        }

        _byInterface[typeof(TInterface)] = info;
        _byGrainType[grainType] = info;
    }

    // Codecs are the wire codec registry's business: it reads the same generated provider.
    public void AddCodec<T>(IWireCodec<T> codec)
    {
    }

    public void AddExceptionCodec(WireExceptionCodec codec)
    {
    }
}
