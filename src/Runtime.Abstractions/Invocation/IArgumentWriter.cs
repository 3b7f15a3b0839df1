namespace FraudActors.Runtime.Invocation;

/// <summary>Writes the arguments of a request for a call to another process.</summary>
public interface IArgumentWriter
{
    /// <summary>Writes the next argument.</summary>
    void Write<T>(T value);
}

/// <summary>Reads the arguments of a request received from another process, in the order they were written.</summary>
public interface IArgumentReader
{
    /// <summary>Reads the next argument.</summary>
    T Read<T>();
}
