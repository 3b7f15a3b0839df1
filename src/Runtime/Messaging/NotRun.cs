namespace FraudActors.Runtime.Messaging;

/// <summary>
/// Marks a failure that happened before the call reached any grain code (the silo refused to activate anything new
/// because it is stopping). A call from another silo that fails so is answered "not run", which lets its caller send
/// it to the grain's new owner; a local caller sees the exception unchanged.
/// </summary>
internal static class NotRun
{
    private const string Key = "FraudActors.NotRun";

    public static TException Mark<TException>(TException exception) where TException : Exception
    {
        exception.Data[Key] = true;
        return exception;
    }

    public static bool IsMarked(Exception exception) => exception.Data[Key] is true;
}
