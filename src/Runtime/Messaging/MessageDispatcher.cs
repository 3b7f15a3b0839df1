using FraudActors.Runtime.Activation;

namespace FraudActors.Runtime.Messaging;

/// <summary>
/// Delivers messages to activations in this silo, creating the activation on first call (virtual actors).
/// </summary>
internal sealed class MessageDispatcher(SiloRuntime runtime)
{
    /// <summary>Bounds re-delivery of a message whose activations keep going away under it.</summary>
    private const int MaxRedispatch = 16;

    private volatile bool _stopping;

    public bool IsStopping => _stopping;

    public void Stop() => _stopping = true;

    public void Dispatch(Message message)
    {
        var directory = runtime.Directory;
        while (true)
        {
            if (directory.TryGet(message.Target, out var existing))
            {
                if (existing!.TryEnqueue(message))
                {
                    return;
                }

                // It deactivated between the lookup and the enqueue; it is already out of the directory.
                continue;
            }

            // While stopping, live activations still answer (grains may call each other as they deactivate),
            // but nothing new is activated.
            if (_stopping)
            {
                message.Fail(NotRun.Mark(new SiloUnavailableException($"The silo is shutting down; {message.Request} for {message.Target} was not run.")));
                return;
            }

            if (!runtime.GrainClasses.TryGet(message.Target.Type, out var grainClass))
            {
                message.Fail(new InvalidOperationException(
                    $"No grain class is registered for grain type '{message.Target.Type}' in this silo."));
                return;
            }

            var created = new ActivationData(message.Target, grainClass!, runtime);
            if (directory.TryAdd(created))
            {
                created.TryEnqueue(message);
                created.Start();
                return;
            }
        }
    }

    /// <summary>Hands on a message left in the inbox of an activation that went away.</summary>
    public void Redispatch(Message message)
    {
        if (++message.RedispatchCount > MaxRedispatch)
        {
            message.Fail(new InvalidOperationException($"{message.Request} for {message.Target} was re-dispatched too many times."));
            return;
        }

        // In a cluster the grain may belong to another silo by now, which is often why its activation went away.
        if (runtime.RemoteCalls is { } remote && remote.RemoteOwnerOf(message.Target) is { } owner)
        {
            message.Reroute(remote, owner, this);
            return;
        }

        Dispatch(message);
    }
}
