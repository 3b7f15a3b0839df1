using FraudActors.Runtime.Invocation;

namespace FraudActors.Runtime;

/// <summary>
/// Base of the generated proxies behind <see cref="IGrainFactory.GetGrain{TGrain}(string)"/>: a grain id plus the
/// invoker that carries calls to wherever the grain lives. References are cheap, immutable and compare by id.
/// </summary>
public abstract class GrainReference : IEquatable<GrainReference>
{
    /// <summary>Creates a reference; called by generated code only.</summary>
    protected GrainReference(GrainId grainId, IGrainCallInvoker invoker)
    {
        GrainId = grainId;
        Invoker = invoker;
    }

    /// <summary>The identity of the referenced grain.</summary>
    public GrainId GrainId { get; }

    /// <summary>Carries calls to the grain.</summary>
    protected IGrainCallInvoker Invoker { get; }

    /// <inheritdoc />
    public bool Equals(GrainReference? other) => other is not null && other.GrainId == GrainId;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GrainReference);

    /// <inheritdoc />
    public override int GetHashCode() => GrainId.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => GrainId.ToString();

    /// <summary>Adapts a call without a result to the non-generic <see cref="ValueTask"/> a grain method declares.</summary>
    protected static ValueTask WithoutResult(ValueTask<NoResult> call) =>
        call.IsCompletedSuccessfully ? default : new ValueTask(call.AsTask());
}
