using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using FraudActors.Runtime.Invocation;
using FraudActors.Runtime.Serialization.BuiltIn;

namespace FraudActors.Runtime.Serialization;

/// <summary>
/// Finds the wire codec of a type: the runtime's built-ins (primitives, runtime exceptions) and the codecs that
/// each grain-interface assembly's generated metadata provider registers. Assemblies are read lazily: the first
/// time a type has no codec, the registry loads the providers of the type's own assemblies, then of every
/// assembly loaded in the process that it has not seen yet.
/// </summary>
/// <remarks>
/// The first codec registered for a type wins: generated codecs are the same whichever assembly emitted them, and
/// a resolved codec never changes, so the per-type cache needs no invalidation.
/// </remarks>
public sealed class WireCodecRegistry : IGrainMetadataRegistry
{
    private readonly ConcurrentDictionary<Type, object> _codecs = new();
    private readonly ConcurrentDictionary<Type, WireExceptionCodec> _exceptionsByType = new();
    private readonly ConcurrentDictionary<string, WireExceptionCodec> _exceptionsByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Assembly, bool> _loaded = new();
    private readonly Lock _loadLock = new();
    private int _scannedAssemblies;

    /// <summary>Creates a registry holding the built-in codecs.</summary>
    public WireCodecRegistry()
    {
        PrimitiveWireCodecs.Register(this);
        BuiltInExceptionCodecs.Register(this);
    }

    /// <summary>Registers the codecs generated for <paramref name="assembly"/>, once; assemblies without any are remembered too.</summary>
    public void Load(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        if (_loaded.ContainsKey(assembly))
        {
            return;
        }

        // An assembly counts as loaded only once all its codecs are in: a concurrent look-up waits here rather
        // than finding it half registered and failing.
        lock (_loadLock)
        {
            if (_loaded.ContainsKey(assembly))
            {
                return;
            }

            var attribute = assembly.IsDynamic ? null : assembly.GetCustomAttribute<GrainMetadataProviderAttribute>();
            if (attribute is not null)
            {
                var provider = (IGrainMetadataProvider)Activator.CreateInstance(attribute.ProviderType)!;
                provider.Register(this);
            }

            _loaded[assembly] = true;
        }
    }

    /// <inheritdoc />
    public void AddCodec<T>(IWireCodec<T> codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        _codecs.TryAdd(typeof(T), codec);
    }

    /// <inheritdoc />
    public void AddExceptionCodec(WireExceptionCodec codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        if (_exceptionsByType.TryAdd(codec.ExceptionType, codec))
        {
            _exceptionsByName.TryAdd(WireName(codec.ExceptionType), codec);
        }
    }

    /// <summary>The codec of <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException">No codec is built in or generated for the type.</exception>
    public IWireCodec<T> GetCodec<T>()
    {
        var cached = CodecSlot<T>.Cached;
        return cached is not null && ReferenceEquals(cached.Owner, this) ? cached.Codec : Resolve<T>();
    }

    /// <summary>The codec rebuilding exceptions of exactly <paramref name="exceptionType"/>, if there is one.</summary>
    public bool TryGetExceptionCodec(Type exceptionType, [NotNullWhen(true)] out WireExceptionCodec? codec)
    {
        ArgumentNullException.ThrowIfNull(exceptionType);
        if (_exceptionsByType.TryGetValue(exceptionType, out codec))
        {
            return true;
        }

        // An exception type's codec is generated into the assembly that declares it.
        Load(exceptionType.Assembly);
        return _exceptionsByType.TryGetValue(exceptionType, out codec);
    }

    /// <summary>The codec rebuilding exceptions whose wire name (full type name) is <paramref name="typeName"/>, if there is one.</summary>
    public bool TryGetExceptionCodec(string typeName, [NotNullWhen(true)] out WireExceptionCodec? codec)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        if (_exceptionsByName.TryGetValue(typeName, out codec))
        {
            return true;
        }

        ScanLoadedAssemblies();
        return _exceptionsByName.TryGetValue(typeName, out codec);
    }

    /// <summary>The name an exception type travels under: its full name, which both sides share through the contract assembly.</summary>
    public static string WireName(Type exceptionType)
    {
        ArgumentNullException.ThrowIfNull(exceptionType);
        return exceptionType.FullName ?? exceptionType.Name;
    }

    void IGrainMetadataRegistry.AddInterface<TInterface>(
        string grainType,
        Func<GrainId, IGrainCallInvoker, TInterface> createReference,
        IReadOnlyList<GrainMethodDescriptor> methods)
    {
        // Interfaces are the grain interface registry's business; this registry reads the same provider for codecs only.
    }

    private IWireCodec<T> Resolve<T>()
    {
        if (!_codecs.TryGetValue(typeof(T), out var codec))
        {
            LoadAssembliesOf(typeof(T));
            if (!_codecs.TryGetValue(typeof(T), out codec))
            {
                ScanLoadedAssemblies();
                if (!_codecs.TryGetValue(typeof(T), out codec))
                {
                    throw new NotSupportedException(
                        $"No wire codec for {typeof(T)}. Types that cross the wire must appear in a method of a grain interface whose project references FraudActors.Runtime.CodeGen as an analyzer, or be registered with {nameof(AddCodec)}.");
                }
            }
        }

        var typed = (IWireCodec<T>)codec;
        CodecSlot<T>.Cached = new CodecSlot<T>(this, typed);
        return typed;
    }

    // A generic type's codec (ImmutableArray<Reason>) is generated where its arguments are declared, not where
    // ImmutableArray is: look in every assembly the type is made of.
    private void LoadAssembliesOf(Type type)
    {
        Load(type.Assembly);
        if (type.HasElementType)
        {
            LoadAssembliesOf(type.GetElementType()!);
        }

        foreach (var argument in type.GenericTypeArguments)
        {
            LoadAssembliesOf(argument);
        }
    }

    private void ScanLoadedAssemblies()
    {
        lock (_loadLock)
        {
            var assemblies = AppDomain.CurrentDomain.GetAssemblies();
            if (assemblies.Length == _scannedAssemblies)
            {
                return;
            }

            foreach (var assembly in assemblies)
            {
                Load(assembly);
            }

            _scannedAssemblies = assemblies.Length;
        }
    }

    /// <summary>The last codec resolved for <typeparamref name="T"/>, so the hot path skips the dictionary.</summary>
    private sealed class CodecSlot<T>(WireCodecRegistry owner, IWireCodec<T> codec)
    {
        // One reference, written and read atomically: owner and codec always belong together.
        public static CodecSlot<T>? Cached;

        public WireCodecRegistry Owner { get; } = owner;

        public IWireCodec<T> Codec { get; } = codec;
    }
}
