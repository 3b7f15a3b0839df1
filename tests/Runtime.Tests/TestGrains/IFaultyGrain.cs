using FraudActors.Runtime;

namespace FraudActors.Runtime.Tests.TestGrains;

/// <summary>A grain that throws an exception type no wire codec knows.</summary>
public interface IFaultyGrain : IGrainWithStringKey
{
    Task ThrowIOExceptionAsync(string message);
}

public sealed class FaultyGrain : Grain, IFaultyGrain
{
    public Task ThrowIOExceptionAsync(string message) => throw new IOException(message);
}
