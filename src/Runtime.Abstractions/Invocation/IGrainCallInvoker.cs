namespace FraudActors.Runtime.Invocation;

/// <summary>
/// Carries a request to a grain and its response back: locally through the activation's scheduler, or to the
/// silo that owns the grain. Implemented by the runtime; generated proxies call it.
/// </summary>
public interface IGrainCallInvoker
{
    /// <summary>Invokes <paramref name="request"/> on the grain <paramref name="target"/> within the call's deadline.</summary>
    /// <exception cref="TimeoutException">The deadline passed before a response arrived.</exception>
    ValueTask<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request);
}
