using FraudActors.Runtime.Activation;
using FraudActors.Runtime.Timers;

namespace FraudActors.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime creates grains; their code runs one turn at a time on
/// the activation's scheduler, so grain fields need no locks.
/// </summary>
public abstract class Grain
{
    /// <summary>Binds the grain to the activation the runtime is creating.</summary>
    /// <exception cref="InvalidOperationException">The grain is constructed outside the runtime.</exception>
    protected Grain()
    {
        Activation = ActivationData.Constructing
            ?? throw new InvalidOperationException($"{GetType().Name} is a grain: obtain it through IGrainFactory.GetGrain, never with new.");
    }

    internal ActivationData Activation { get; }

    /// <summary>This grain's identity.</summary>
    public GrainId GrainId => Activation.GrainId;

    /// <summary>Creates references to other grains.</summary>
    protected IGrainFactory GrainFactory => Activation.Runtime.GrainFactory;

    /// <summary>The clock of the runtime (tests substitute it).</summary>
    protected TimeProvider TimeProvider => Activation.Runtime.TimeProvider;

    /// <summary>The grain's key.</summary>
    public string GetPrimaryKeyString() => GrainId.Key;

    /// <summary>Runs once before the first call, after persistent state was read.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once when the activation goes away (idle, shutdown, moved, stale); write what must survive.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Asks the runtime to deactivate this grain once the current turn ends.</summary>
    protected void DeactivateOnIdle() =>
        Activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "the grain asked to be deactivated"));

    /// <summary>
    /// Registers a timer that lives with this activation (not persisted). Ticks run as turns and never overlap:
    /// the next due time is measured from the end of the previous callback. Ticks do not keep the grain active.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Activation.RegisterTimer(callback, dueTime, period);
    }
}
