namespace FraudActors.Runtime.Messaging;

/// <summary>
/// Where the outcome of one call goes: the caller's awaiting task for a local call, the network for a call
/// from another silo. Exactly one of the methods is called, once.
/// </summary>
internal interface IResponseSink<in TResult>
{
    void Complete(TResult result);

    void Fail(Exception exception);
}
