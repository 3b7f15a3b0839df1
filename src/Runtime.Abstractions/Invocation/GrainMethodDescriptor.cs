namespace FraudActors.Runtime.Invocation;

/// <summary>What the runtime knows about one grain method, generated from the grain interface.</summary>
/// <param name="InterfaceName">Full name of the declaring grain interface.</param>
/// <param name="MethodName">The method name.</param>
/// <param name="MethodId">Index of the method within its interface; stable for one build of the interface.</param>
/// <param name="Options">Scheduling options declared with attributes on the method.</param>
/// <param name="ResponseTimeout">Deadline declared with <see cref="ResponseTimeoutAttribute"/>, or null for the runtime default.</param>
/// <param name="CreateEmpty">Creates a request whose arguments are then read from the wire.</param>
public sealed record GrainMethodDescriptor(
    string InterfaceName,
    string MethodName,
    int MethodId,
    GrainMethodOptions Options,
    TimeSpan? ResponseTimeout,
    Func<GrainRequest> CreateEmpty);

/// <summary>Scheduling options of a grain method.</summary>
[Flags]
public enum GrainMethodOptions
{
    /// <summary>An ordinary turn: runs alone on its activation.</summary>
    None = 0,

    /// <summary>Declared <see cref="Concurrency.ReadOnlyAttribute"/>: may interleave with other read-only calls.</summary>
    ReadOnly = 1,

    /// <summary>Declared <see cref="Concurrency.AlwaysInterleaveAttribute"/>: may interleave with any call.</summary>
    AlwaysInterleave = 2,
}
