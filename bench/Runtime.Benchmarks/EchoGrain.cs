using FraudActors.Grains.Interfaces;

namespace FraudActors.Runtime.Benchmarks;

/// <summary>A grain that answers at once: what a call costs without any grain work.</summary>
[GrainType("bench-echo")]
public interface IEchoGrain : IGrainWithStringKey
{
    Task<int> PingAsync();

    /// <summary>Takes a scoring request and answers a full scoring result: the production payloads.</summary>
    Task<ScoreResult> ScoreAsync(ScoreRequest request);
}

public sealed class EchoGrain : Grain, IEchoGrain
{
    public Task<int> PingAsync() => Task.FromResult(1);

    public Task<ScoreResult> ScoreAsync(ScoreRequest request) => Task.FromResult(Payloads.Result);
}
