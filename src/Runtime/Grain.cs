using FraudActors.Runtime.Activation;
using FraudActors.Runtime.Reminders;
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

    /// <summary>
    /// Registers a persisted reminder of this grain, or replaces the one of the same name. It outlives the activation
    /// and the silo: each tick calls <see cref="IRemindable.ReceiveReminderAsync"/> as a turn, activating the grain if
    /// needed. Ticks due while no silo ran it are skipped, not replayed. Needs <c>AddSqliteReminders</c> or
    /// <c>AddPostgresReminders</c>, and the grain class to implement <see cref="IRemindable"/>.
    /// </summary>
    /// <param name="reminderName">Name, unique per grain.</param>
    /// <param name="dueTime">Time until the first tick.</param>
    /// <param name="period">Time between ticks; at least <see cref="ReminderOptions.MinimumPeriod"/> (default 1 min).</param>
    /// <param name="cancellationToken">Cancels the table write.</param>
    /// <exception cref="ArgumentOutOfRangeException">The period is below the minimum, or the due time is negative.</exception>
    /// <exception cref="InvalidOperationException">The grain class does not implement <see cref="IRemindable"/>.</exception>
    protected Task<IGrainReminder> RegisterOrUpdateReminderAsync(
        string reminderName, TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken = default)
    {
        if (this is not IRemindable)
        {
            throw new InvalidOperationException($"{GetType().Name} registers a reminder but does not implement {nameof(IRemindable)}, which receives its ticks.");
        }

        return Activation.Runtime.Reminders.RegisterOrUpdateAsync(GrainId, reminderName, dueTime, period, cancellationToken);
    }

    /// <summary>Stops the reminder and deletes it; nothing happens when the grain has none of that name.</summary>
    /// <param name="reminderName">Name the reminder was registered under.</param>
    /// <param name="cancellationToken">Cancels the table write.</param>
    protected Task UnregisterReminderAsync(string reminderName, CancellationToken cancellationToken = default) =>
        Activation.Runtime.Reminders.UnregisterAsync(GrainId, reminderName, cancellationToken);

    /// <summary>This grain's reminders, as stored.</summary>
    /// <param name="cancellationToken">Cancels the table read.</param>
    protected Task<IReadOnlyList<IGrainReminder>> GetRemindersAsync(CancellationToken cancellationToken = default) =>
        Activation.Runtime.Reminders.GetRemindersAsync(GrainId, cancellationToken);
}
