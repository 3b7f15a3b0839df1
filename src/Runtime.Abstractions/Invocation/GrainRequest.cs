namespace FraudActors.Runtime.Invocation;

/// <summary>
/// One call of one grain method with its arguments. Generated per grain method; the runtime moves it through
/// queues and, between silos, writes and reads its arguments with a wire serialiser.
/// </summary>
public abstract class GrainRequest
{
    /// <summary>Which method this request calls and how the runtime should treat it.</summary>
    public abstract GrainMethodDescriptor Method { get; }

    /// <summary>
    /// Cancellation the caller passed (for methods that take a <see cref="System.Threading.CancellationToken"/>);
    /// the runtime links it with the call's deadline before the grain sees it. Never serialised.
    /// </summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Writes the arguments, in declaration order, for a call to another process.</summary>
    public abstract void WriteArguments(IArgumentWriter writer);

    /// <summary>Reads the arguments written by <see cref="WriteArguments"/>.</summary>
    public abstract void ReadArguments(IArgumentReader reader);

    /// <inheritdoc />
    public override string ToString() => $"{Method.InterfaceName}.{Method.MethodName}";

    /// <summary>Adapts a grain method returning <see cref="Task"/> to the uniform shape.</summary>
    protected static ValueTask<NoResult> FromTask(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.IsCompletedSuccessfully ? default : Await(task);

        static async ValueTask<NoResult> Await(Task task)
        {
            await task.ConfigureAwait(true);
            return default;
        }
    }

    /// <summary>Adapts a grain method returning <see cref="ValueTask"/> to the uniform shape.</summary>
    protected static ValueTask<NoResult> FromValueTask(ValueTask task) =>
        task.IsCompletedSuccessfully ? default : Await(task);

    private static async ValueTask<NoResult> Await(ValueTask task)
    {
        await task.ConfigureAwait(true);
        return default;
    }
}

/// <summary>A request whose method answers with <typeparamref name="TResult"/>.</summary>
/// <typeparam name="TResult">The method's result type; <see cref="NoResult"/> for methods without one.</typeparam>
public abstract class GrainRequest<TResult> : GrainRequest
{
    /// <summary>Calls the method on the grain instance. Runs on the activation's scheduler.</summary>
    public abstract ValueTask<TResult> InvokeAsync(object grain);
}
