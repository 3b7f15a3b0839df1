namespace FraudActors.Runtime.Serialization;

/// <summary>
/// Encodes what one exception type carries beyond every exception's type name, message, stack trace and inner
/// exception (which the runtime writes itself), and rebuilds the exception as its own type on the other side.
/// The source generator emits one for each exception type of a grain-interface assembly that has a public
/// constructor whose parameters match its public properties by name (plus <c>message</c>).
/// </summary>
public abstract class WireExceptionCodec
{
    /// <summary>The exception type encoded; only exceptions of exactly this type use the codec, not derived ones.</summary>
    public abstract Type ExceptionType { get; }

    /// <summary>Writes the type's own fields as one tagged value.</summary>
    public abstract void WriteFields(ref WireWriter writer, Exception exception);

    /// <summary>Reads the fields written by <see cref="WriteFields"/> and creates the exception.</summary>
    /// <param name="reader">Positioned at the fields.</param>
    /// <param name="message">The original exception's message.</param>
    /// <param name="innerException">The original inner exception, rebuilt, if it had one.</param>
    public abstract Exception ReadFields(ref WireReader reader, string message, Exception? innerException);
}

/// <summary>A <see cref="WireExceptionCodec"/> for <typeparamref name="TException"/>.</summary>
/// <typeparam name="TException">The exception type encoded.</typeparam>
public abstract class WireExceptionCodec<TException> : WireExceptionCodec
    where TException : Exception
{
    /// <inheritdoc />
    public sealed override Type ExceptionType => typeof(TException);

    /// <inheritdoc />
    public sealed override void WriteFields(ref WireWriter writer, Exception exception) =>
        Write(ref writer, (TException)exception);

    /// <inheritdoc />
    public sealed override Exception ReadFields(ref WireReader reader, string message, Exception? innerException) =>
        Read(ref reader, message, innerException);

    /// <summary>Writes the exception's own fields as one tagged value.</summary>
    protected abstract void Write(ref WireWriter writer, TException exception);

    /// <summary>Reads the fields written by <see cref="Write"/> and creates the exception.</summary>
    protected abstract TException Read(ref WireReader reader, string message, Exception? innerException);
}
