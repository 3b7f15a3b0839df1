using FraudActors.Runtime.Invocation;

namespace FraudActors.Runtime.Metadata;

/// <summary>A grain interface as registered by generated code.</summary>
internal sealed record GrainInterfaceInfo(
    Type InterfaceType,
    string GrainType,
    Func<GrainId, IGrainCallInvoker, object> CreateReference,
    IReadOnlyList<GrainMethodDescriptor> Methods);
