namespace FraudActors.Runtime.Serialization;

/// <summary>
/// Bytes that are not a valid encoding of the expected value: truncated, of the wrong shape, out of range or nested
/// too deeply. Raised by <see cref="WireReader"/> before it reads out of range or allocates for a length the input
/// cannot hold.
/// </summary>
public sealed class WireFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="offset">Position of the offending byte from the start of the input.</param>
    public WireFormatException(string message, long offset)
        : base($"Malformed wire data at byte {offset}: {message}")
    {
        Offset = offset;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="offset">Position of the offending byte from the start of the input.</param>
    /// <param name="innerException">The lower-level failure (a decoder's, say).</param>
    public WireFormatException(string message, long offset, Exception innerException)
        : base($"Malformed wire data at byte {offset}: {message}", innerException)
    {
        Offset = offset;
    }

    /// <summary>Creates the exception.</summary>
    public WireFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public WireFormatException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public WireFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Position of the offending byte from the start of the input, or -1 when unknown.</summary>
    public long Offset { get; } = -1;
}
