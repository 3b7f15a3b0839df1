namespace FraudActors.Runtime.Cluster.Transport;

/// <summary>
/// A call is known not to have reached any grain: the connection to the target silo could not be made, or the silo
/// answered that it did not run the call (it is leaving, or the silos' views disagree past the forward limit). Only
/// such a call may be sent again, to the owner by a newer view: delivery is at most once.
/// </summary>
internal sealed class CallNotDeliveredException : Exception
{
    public CallNotDeliveredException(string message) : base(message)
    {
    }

    public CallNotDeliveredException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public CallNotDeliveredException()
    {
    }
}
