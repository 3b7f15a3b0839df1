using FraudActors.Runtime.Activation;
using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Routing;
using FraudActors.Runtime.Invocation;

namespace FraudActors.Runtime.Messaging;

/// <summary>
/// A request travelling to an activation with its deadline and its response sink. The non-generic base lets
/// activations queue and schedule messages without knowing result types.
/// </summary>
internal abstract class Message
{
    protected Message(GrainId target, GrainRequest request, long deadlineTimestamp)
    {
        Target = target;
        Request = request;
        DeadlineTimestamp = deadlineTimestamp;
    }

    public GrainId Target { get; }

    public GrainRequest Request { get; }

    /// <summary>Deadline as a <see cref="TimeProvider.GetTimestamp"/> value.</summary>
    public long DeadlineTimestamp { get; }

    /// <summary>When the activation started the call (for the duration metric); 0 until then.</summary>
    public long StartedTimestamp { get; set; }

    /// <summary>How many times the message was handed on after its activation went away.</summary>
    public int RedispatchCount { get; set; }

    /// <summary>Whether running this message keeps the activation from idle collection (timer ticks do not).</summary>
    public virtual bool CountsAsActivity => true;

    /// <summary>Whether the message belongs to this activation only (timer ticks): dropped, not re-dispatched, when it goes.</summary>
    public virtual bool IsBoundToActivation => false;

    /// <summary>The exception the call ended with, once it ended; null on success.</summary>
    public Exception? Failure { get; protected set; }

    public GrainMethodOptions Options => Request.Method.Options;

    /// <summary>
    /// Calls the grain. Returns true when the call finished synchronously (response already sent); otherwise the
    /// activation's <see cref="ActivationData.OnCallFinished"/> is called later, on the activation's scheduler.
    /// </summary>
    public abstract bool Run(object grain, ActivationData activation);

    /// <summary>Fails the call without running it.</summary>
    public abstract void Fail(Exception exception);

    /// <summary>
    /// Hands the message, not run, to <paramref name="owner"/>: in a cluster, the activation it was queued for went
    /// away because another silo owns the grain now.
    /// </summary>
    public abstract void Reroute(RemoteGrainCaller remote, SiloAddress owner, MessageDispatcher dispatcher);
}

/// <summary>A message whose response carries a <typeparamref name="TResult"/>.</summary>
internal class Message<TResult> : Message
{
    private readonly GrainRequest<TResult> _request;
    private readonly IResponseSink<TResult> _sink;

    public Message(GrainId target, GrainRequest<TResult> request, long deadlineTimestamp, IResponseSink<TResult> sink)
        : base(target, request, deadlineTimestamp)
    {
        _request = request;
        _sink = sink;
    }

    public override bool Run(object grain, ActivationData activation)
    {
        ValueTask<TResult> call;
        try
        {
            call = _request.InvokeAsync(grain);
        }
        catch (Exception exception)
        {
            Fail(exception);
            return true;
        }

        if (call.IsCompleted)
        {
            try
            {
                _sink.Complete(call.GetAwaiter().GetResult());
            }
            catch (Exception exception)
            {
                Fail(exception);
            }

            return true;
        }

        _ = AwaitAsync(call, activation);
        return false;
    }

    private async Task AwaitAsync(ValueTask<TResult> call, ActivationData activation)
    {
        try
        {
            // Resumes on the activation's scheduler: the call was started on it.
            _sink.Complete(await call.ConfigureAwait(true));
        }
        catch (Exception exception)
        {
            Fail(exception);
        }

        activation.OnCallFinished(this, Failure);
    }

    public override void Fail(Exception exception)
    {
        Failure = exception;
        _sink.Fail(exception);
    }

    public override void Reroute(RemoteGrainCaller remote, SiloAddress owner, MessageDispatcher dispatcher)
    {
        if (_sink is PendingCall<TResult> caller)
        {
            // A caller in this silo: send the call on, within what is left of its deadline.
            remote.Start(owner, Target, _request, DeadlineTimestamp, caller, dispatcher);
        }
        else
        {
            // A caller in another silo: answer "not run", and it sends the call to the owner by its own newest view.
            Fail(NotRun.Mark(new SiloUnavailableException($"{Request} for {Target} belongs to silo {owner} now; it was not run here.")));
        }
    }
}
