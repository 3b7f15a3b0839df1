namespace FraudActors.Runtime;

/// <summary>
/// Sets the deadline of calls to a grain method, overriding the runtime's default response timeout.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ResponseTimeoutAttribute(int milliseconds) : Attribute
{
    /// <summary>The deadline in milliseconds from the moment of the call.</summary>
    public int Milliseconds { get; } = milliseconds;
}
