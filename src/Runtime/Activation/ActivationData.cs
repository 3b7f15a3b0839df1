using FraudActors.Runtime.Diagnostics;
using FraudActors.Runtime.Invocation;
using FraudActors.Runtime.Messaging;
using FraudActors.Runtime.Persistence;
using FraudActors.Runtime.Scheduling;
using FraudActors.Runtime.Timers;

namespace FraudActors.Runtime.Activation;

/// <summary>
/// One live activation of a grain: its instance, its inbox, its serial scheduler and its lifecycle.
/// All grain code runs as tasks on <see cref="Scheduler"/>; the inbox and counters are guarded by a lock that is
/// held only for queue operations, never while grain code runs.
/// </summary>
internal sealed class ActivationData
{
    /// <summary>The activation whose grain is being constructed on this thread (read by <see cref="Grain"/>'s constructor).</summary>
    [ThreadStatic]
    internal static ActivationData? Constructing;

    private static readonly Action<object?> PumpAction = static state => ((ActivationData)state!).Pump();
    private static readonly Func<object?, Task> ActivateAction = static state => ((ActivationData)state!).ActivateAsync();

    private readonly Lock _lock = new();
    private readonly Queue<Message> _inbox = new();
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ActivationStatus _status = ActivationStatus.Activating;
    private bool _pumpScheduled;
    private int _running;
    private int _runningReadOnly;
    private int _runningActivity;
    private DeactivationReason? _deactivationRequest;
    private object? _grain;
    private List<GrainTimer>? _timers;
    private long _lastActivity;

    public ActivationData(GrainId grainId, GrainClassInfo grainClass, SiloRuntime runtime)
    {
        GrainId = grainId;
        GrainClass = grainClass;
        Runtime = runtime;
        _lastActivity = runtime.TimeProvider.GetTimestamp();
    }

    public GrainId GrainId { get; }

    public GrainClassInfo GrainClass { get; }

    public SiloRuntime Runtime { get; }

    public ActivationTaskScheduler Scheduler { get; } = new();

    /// <summary>Completes when the activation has fully deactivated (or failed to activate).</summary>
    public Task Deactivated => _deactivated.Task;

    public ActivationStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    /// <summary>Timestamp of the last call that counts as activity (timer ticks do not).</summary>
    public long LastActivity => Volatile.Read(ref _lastActivity);

    /// <summary>
    /// True when no call runs and none waits; timer ticks do not count, or a grain whose timer happens to be
    /// ticking whenever the collector looks would never be collected.
    /// </summary>
    public bool IsIdle
    {
        get
        {
            lock (_lock)
            {
                if (_status != ActivationStatus.Active || _runningActivity != 0)
                {
                    return false;
                }

                foreach (var message in _inbox)
                {
                    if (message.CountsAsActivity)
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }

    internal object? GrainInstance => _grain;

    /// <summary>Starts activation on the activation's scheduler; called once by the dispatcher that created it.</summary>
    public void Start() =>
        _ = Task.Factory.StartNew(ActivateAction, this, CancellationToken.None, TaskCreationOptions.DenyChildAttach, Scheduler);

    /// <summary>
    /// Queues a message. Returns false when the activation is gone, in which case the sender looks the grain up
    /// again (a new activation will be created).
    /// </summary>
    public bool TryEnqueue(Message message)
    {
        bool schedule;
        lock (_lock)
        {
            if (_status == ActivationStatus.Deactivated)
            {
                return false;
            }

            _inbox.Enqueue(message);
            schedule = _status == ActivationStatus.Active && !_pumpScheduled && _deactivationRequest is null && CanStart(message);
            if (schedule)
            {
                _pumpScheduled = true;
            }
        }

        if (schedule)
        {
            SchedulePump();
        }

        return true;
    }

    /// <summary>Asks for deactivation once running calls finish. Idempotent.</summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        bool schedule;
        lock (_lock)
        {
            if (_status is ActivationStatus.Deactivating or ActivationStatus.Deactivated || _deactivationRequest is not null)
            {
                return;
            }

            _deactivationRequest = reason;
            schedule = _status == ActivationStatus.Active && !_pumpScheduled;
            if (schedule)
            {
                _pumpScheduled = true;
            }
        }

        if (schedule)
        {
            SchedulePump();
        }
    }

    private void SchedulePump() =>
        _ = Task.Factory.StartNew(PumpAction, this, CancellationToken.None, TaskCreationOptions.DenyChildAttach, Scheduler);

    /// <summary>Whether a message may start now, given what is running. Caller holds the lock.</summary>
    private bool CanStart(Message message)
    {
        if (_running == 0 || GrainClass.IsReentrant)
        {
            return true;
        }

        var options = message.Options;
        if ((options & GrainMethodOptions.AlwaysInterleave) != 0)
        {
            return true;
        }

        return (options & GrainMethodOptions.ReadOnly) != 0 && _runningReadOnly == _running;
    }

    private async Task ActivateAsync()
    {
        using var timeout = new CancellationTokenSource(Runtime.Options.ActivationTimeout, Runtime.TimeProvider);
        try
        {
            var (grain, states) = Runtime.Activator.Create(this);
            _grain = grain;
            foreach (var state in states)
            {
                await state.ReadStateAsync(timeout.Token).ConfigureAwait(true);
            }

            if (grain is Grain withLifecycle)
            {
                await withLifecycle.OnActivateAsync(timeout.Token).ConfigureAwait(true);
            }
        }
        catch (Exception exception)
        {
            Runtime.Log.ActivationFailed(exception, GrainId);
            await FinishDeactivationAsync(failure: new GrainActivationException(GrainId, exception)).ConfigureAwait(true);
            return;
        }

        lock (_lock)
        {
            _status = ActivationStatus.Active;
        }

        Runtime.Instruments.ActivationCreated(GrainClass.GrainType);
        Pump();
    }

    /// <summary>Starts every message that may start now. Runs on the activation's scheduler.</summary>
    private void Pump()
    {
        while (true)
        {
            Message? next;
            lock (_lock)
            {
                _pumpScheduled = false;
                if (_status != ActivationStatus.Active)
                {
                    return;
                }

                if (_deactivationRequest is not null)
                {
                    if (_running != 0)
                    {
                        return;
                    }

                    _status = ActivationStatus.Deactivating;
                    next = null;
                }
                else if (_inbox.TryPeek(out next) && CanStart(next))
                {
                    _inbox.Dequeue();
                    _running++;
                    if ((next.Options & GrainMethodOptions.ReadOnly) != 0)
                    {
                        _runningReadOnly++;
                    }

                    if (next.CountsAsActivity)
                    {
                        _runningActivity++;
                    }
                }
                else
                {
                    return;
                }
            }

            if (next is null)
            {
                _ = DeactivateAsync(_deactivationRequest!.Value);
                return;
            }

            var now = Runtime.TimeProvider.GetTimestamp();
            if (next.DeadlineTimestamp <= now)
            {
                // Nobody waits for it any more: running it would only waste the turn (Orleans drops expired messages too).
                next.Fail(new TimeoutException($"{next.Request} for {GrainId} expired in the queue."));
                EndCall(next, null);
                continue;
            }

            next.StartedTimestamp = now;
            if (next.CountsAsActivity)
            {
                Volatile.Write(ref _lastActivity, now);
            }

            if (next.Run(_grain!, this))
            {
                EndCall(next, next.Failure);
            }
        }
    }

    /// <summary>Called on the activation's scheduler when a call that went asynchronous has answered.</summary>
    public void OnCallFinished(Message message, Exception? failure)
    {
        EndCall(message, failure);
        Pump();
    }

    private void EndCall(Message message, Exception? failure)
    {
        lock (_lock)
        {
            _running--;
            if ((message.Options & GrainMethodOptions.ReadOnly) != 0)
            {
                _runningReadOnly--;
            }

            if (message.CountsAsActivity)
            {
                _runningActivity--;
            }
        }

        if (message.StartedTimestamp != 0)
        {
            Runtime.Instruments.CallCompleted(GrainClass.GrainType, message.Request.Method.MethodName,
                Runtime.TimeProvider.GetElapsedTime(message.StartedTimestamp), failure is null);
        }

        if (failure is InconsistentStateException)
        {
            RequestDeactivation(new DeactivationReason(DeactivationReasonCode.InconsistentState, failure.Message));
        }
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        StopTimers();
        using var timeout = new CancellationTokenSource(Runtime.Options.DeactivationTimeout, Runtime.TimeProvider);
        try
        {
            if (_grain is Grain withLifecycle)
            {
                await withLifecycle.OnDeactivateAsync(reason, timeout.Token).ConfigureAwait(true);
            }
        }
        catch (Exception exception)
        {
            Runtime.Log.DeactivationFailed(exception, GrainId, reason.Code);
        }

        Runtime.Instruments.ActivationRemoved(GrainClass.GrainType);
        await FinishDeactivationAsync(failure: null).ConfigureAwait(true);
    }

    private Task FinishDeactivationAsync(Exception? failure)
    {
        Runtime.Directory.Remove(this);
        Message[] leftovers;
        lock (_lock)
        {
            _status = ActivationStatus.Deactivated;
            leftovers = _inbox.ToArray();
            _inbox.Clear();
        }

        _deactivated.TrySetResult();
        foreach (var message in leftovers)
        {
            if (failure is not null || message.IsBoundToActivation)
            {
                // Timer ticks die with their activation; everything else that failed to activate gets the reason.
                message.Fail(failure ?? new ObjectDisposedException($"activation of {GrainId}"));
            }
            else
            {
                // Calls that arrived while deactivating go to a fresh activation.
                Runtime.Dispatcher.Redispatch(message);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Registers a grain timer; called by grain code on this activation's scheduler.</summary>
    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GrainTimer(this, callback, dueTime, period);
        (_timers ??= []).Add(timer);
        timer.Start();
        return timer;
    }

    internal void RemoveTimer(GrainTimer timer) => _timers?.Remove(timer);

    private void StopTimers()
    {
        if (_timers is null)
        {
            return;
        }

        foreach (var timer in _timers.ToArray())
        {
            timer.Dispose();
        }

        _timers = null;
    }
}
