using FraudActors.Runtime;

namespace FraudActors.Runtime.Tests.TestGrains;

/// <summary>A grain whose activation fails while its probe says so.</summary>
public interface IFlakyGrain : IGrainWithStringKey
{
    Task<int> GetAsync();
}

public sealed class FlakyProbe
{
    public volatile bool FailActivation = true;
    public int Attempts;
}

public sealed class FlakyGrain(FlakyProbe probe) : Grain, IFlakyGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref probe.Attempts);
        return probe.FailActivation ? throw new InvalidOperationException("activation refused by the test") : Task.CompletedTask;
    }

    public Task<int> GetAsync() => Task.FromResult(7);
}
