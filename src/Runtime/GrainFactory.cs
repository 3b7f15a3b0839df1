using FraudActors.Runtime.Invocation;
using FraudActors.Runtime.Metadata;

namespace FraudActors.Runtime;

/// <summary>Creates grain references through the generated proxies.</summary>
internal sealed class GrainFactory(GrainInterfaceRegistry interfaces, IGrainCallInvoker invoker) : IGrainFactory
{
    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var info = interfaces.Get(typeof(TGrain));
        return (TGrain)info.CreateReference(new GrainId(info.GrainType, key), invoker);
    }
}
