namespace FraudActors.Runtime;

/// <summary>
/// Hands out grain references. A reference always works: the grain is activated on the first call,
/// wherever the runtime places it, and the caller never knows where.
/// </summary>
public interface IGrainFactory
{
    /// <summary>Returns a reference to the grain of interface <typeparamref name="TGrain"/> with the given key.</summary>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey;
}
