using FraudActors.Runtime;
using FraudActors.Runtime.Concurrency;

namespace FraudActors.Runtime.Tests.TestGrains;

/// <summary>A grain that records how it is scheduled, for the runtime's guarantees.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Records <paramref name="sequence"/> after an await point, reporting overlap.</summary>
    ValueTask<int> RecordAsync(int sequence);

    Task<IReadOnlyList<int>> GetSequenceAsync();

    Task<int> GetMaxConcurrencyAsync();

    Task<string> GetActivationIdAsync();

    Task<int> GetActivationCountAsync();

    Task FailAsync(string message);

    Task<int> WaitForeverAsync(CancellationToken cancellationToken);

    [ResponseTimeout(500)]
    Task<int> WaitShortAsync();

    Task DeactivateAsync();

    [ReadOnly]
    Task<int> ReadSlowlyAsync(int id);

    [AlwaysInterleave]
    Task<int> PingAsync();

    Task ReleaseAsync();
}
