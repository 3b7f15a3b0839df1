using FraudActors.Runtime.Activation;
using FraudActors.Runtime.Diagnostics;
using FraudActors.Runtime.Invocation;
using FraudActors.Runtime.Messaging;

namespace FraudActors.Runtime.Timers;

/// <summary>
/// A timer of one activation. Each tick is queued to the activation like a call, so it never overlaps a turn;
/// the next tick is armed only when the callback has finished, so ticks never overlap each other either.
/// </summary>
internal sealed class GrainTimer : IGrainTimer, IResponseSink<NoResult>
{
    private readonly ActivationData _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly CancellationTokenSource _disposed = new();
    private readonly ITimer _timer;
    private TimeSpan _period;

    public GrainTimer(ActivationData activation, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        if (period != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        }

        _activation = activation;
        _callback = callback;
        DueTime = dueTime;
        _period = period;
        _timer = activation.Runtime.TimeProvider.CreateTimer(
            static state => ((GrainTimer)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private TimeSpan DueTime { get; set; }

    public void Start() => _timer.Change(DueTime, Timeout.InfiniteTimeSpan);

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        DueTime = dueTime;
        _period = period;
        _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    private void Fire()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        var tick = new TimerTickMessage(_activation.GrainId, new TimerTickRequest(_callback) { CancellationToken = _disposed.Token }, this);
        if (!_activation.TryEnqueue(tick))
        {
            Dispose();
        }
    }

    public void Complete(NoResult result) => Rearm();

    public void Fail(Exception exception)
    {
        if (!_disposed.IsCancellationRequested)
        {
            _activation.Runtime.Log.TimerFailed(exception, _activation.GrainId);
        }

        Rearm();
    }

    private void Rearm()
    {
        if (!_disposed.IsCancellationRequested && _period != Timeout.InfiniteTimeSpan)
        {
            _timer.Change(_period, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }

    private sealed class TimerTickMessage(GrainId target, TimerTickRequest request, GrainTimer timer)
        : Message<NoResult>(target, request, long.MaxValue, timer)
    {
        public override bool CountsAsActivity => false;

        public override bool IsBoundToActivation => true;
    }

    private sealed class TimerTickRequest(Func<CancellationToken, Task> callback) : GrainRequest<NoResult>
    {
        private static readonly GrainMethodDescriptor Descriptor =
            new("(timer)", "Tick", -1, GrainMethodOptions.None, null, static () => throw new NotSupportedException("Timer ticks never travel."));

        public override GrainMethodDescriptor Method => Descriptor;

        public override ValueTask<NoResult> InvokeAsync(object grain) => FromTask(callback(CancellationToken));

        public override void WriteArguments(IArgumentWriter writer) => throw new NotSupportedException("Timer ticks never travel.");

        public override void ReadArguments(IArgumentReader reader) => throw new NotSupportedException("Timer ticks never travel.");
    }
}
