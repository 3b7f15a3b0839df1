using FraudActors.Runtime.Serialization;

namespace FraudActors.Runtime.Invocation;

/// <summary>
/// Names the generated class that registers an assembly's grain interfaces (proxies and method tables).
/// The source generator emits it; the runtime reads it the first time it meets an interface from the assembly.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class GrainMetadataProviderAttribute(Type providerType) : Attribute
{
    /// <summary>A type implementing <see cref="IGrainMetadataProvider"/> with a public parameterless constructor.</summary>
    public Type ProviderType { get; } = providerType;
}

/// <summary>Registers the grain interfaces of one assembly. Implemented by generated code.</summary>
public interface IGrainMetadataProvider
{
    /// <summary>Adds every grain interface of the assembly to <paramref name="registry"/>.</summary>
    void Register(IGrainMetadataRegistry registry);
}

/// <summary>Receives generated grain interface metadata and wire codecs.</summary>
public interface IGrainMetadataRegistry
{
    /// <summary>Registers a grain interface.</summary>
    /// <param name="grainType">The grain type name used in <see cref="GrainId"/>.</param>
    /// <param name="createReference">Creates the generated proxy for a grain id.</param>
    /// <param name="methods">The interface's methods indexed by <see cref="GrainMethodDescriptor.MethodId"/>.</param>
    void AddInterface<TInterface>(
        string grainType,
        Func<GrainId, IGrainCallInvoker, TInterface> createReference,
        IReadOnlyList<GrainMethodDescriptor> methods)
        where TInterface : class, IGrain;

    /// <summary>Registers the wire codec of a type reachable from the assembly's grain interfaces.</summary>
    void AddCodec<T>(IWireCodec<T> codec);

    /// <summary>Registers the wire codec of an exception type declared in the assembly.</summary>
    void AddExceptionCodec(WireExceptionCodec codec);
}
