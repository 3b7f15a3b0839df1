namespace FraudActors.Runtime.Serialization;

/// <summary>
/// Writes and reads values of one type in the wire format. The source generator emits one for every type reachable
/// from the grain interfaces of an assembly; the runtime provides them for primitives.
/// </summary>
/// <typeparam name="T">The type encoded.</typeparam>
public interface IWireCodec<T>
{
    /// <summary>Writes <paramref name="value"/> as one tagged value.</summary>
    void Write(ref WireWriter writer, T value);

    /// <summary>Reads one tagged value written by <see cref="Write"/>.</summary>
    /// <exception cref="WireFormatException">The next value is not a valid encoding of <typeparamref name="T"/>.</exception>
    T Read(ref WireReader reader);
}
