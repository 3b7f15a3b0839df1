namespace FraudActors.Runtime.Persistence;

/// <summary>A piece of grain state the runtime reads before the grain's OnActivateAsync.</summary>
internal interface IActivationState
{
    Task ReadStateAsync(CancellationToken cancellationToken);
}
