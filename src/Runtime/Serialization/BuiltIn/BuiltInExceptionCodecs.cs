using FraudActors.Runtime.Persistence;

namespace FraudActors.Runtime.Serialization.BuiltIn;

/// <summary>
/// The exceptions the runtime rebuilds as themselves without generated code: the framework's usual argument and
/// state exceptions, and the runtime's own. Anything else without a codec arrives as a <see cref="RemoteGrainException"/>.
/// </summary>
internal static class BuiltInExceptionCodecs
{
    public static void Register(WireCodecRegistry registry)
    {
        registry.AddExceptionCodec(new ArgumentExceptionCodec());
        registry.AddExceptionCodec(new ArgumentNullExceptionCodec());
        registry.AddExceptionCodec(new ArgumentOutOfRangeExceptionCodec());
        registry.AddExceptionCodec(new MessageOnlyExceptionCodec<InvalidOperationException>(static (m, i) => new(m, i)));
        registry.AddExceptionCodec(new MessageOnlyExceptionCodec<TimeoutException>(static (m, i) => new(m, i)));
        registry.AddExceptionCodec(new MessageOnlyExceptionCodec<OperationCanceledException>(static (m, i) => new(m, i)));
        registry.AddExceptionCodec(new MessageOnlyExceptionCodec<TaskCanceledException>(static (m, i) => new(m, i)));
        registry.AddExceptionCodec(new MessageOnlyExceptionCodec<KeyNotFoundException>(static (m, i) => new(m, i)));
        registry.AddExceptionCodec(new MessageOnlyExceptionCodec<NotSupportedException>(static (m, i) => new(m, i)));
        registry.AddExceptionCodec(new MessageOnlyExceptionCodec<NotImplementedException>(static (m, i) => new(m, i)));
        registry.AddExceptionCodec(new MessageOnlyExceptionCodec<FormatException>(static (m, i) => new(m, i)));
        registry.AddExceptionCodec(new MessageOnlyExceptionCodec<SiloUnavailableException>(static (m, i) => i is null ? new(m) : new(m, i)));
        registry.AddExceptionCodec(new MessageOnlyExceptionCodec<SiloFencedException>(static (m, i) => i is null ? new(m) : new(m, i)));
        registry.AddExceptionCodec(new MessageOnlyExceptionCodec<InconsistentStateException>(static (m, i) => i is null ? new(m) : new(m, i)));
        registry.AddExceptionCodec(new MessageOnlyExceptionCodec<WireFormatException>(static (m, i) => i is null ? new(m) : new(m, i)));
        registry.AddExceptionCodec(new GrainActivationExceptionCodec());
    }
}

/// <summary>An exception that carries nothing beyond its message and inner exception.</summary>
internal sealed class MessageOnlyExceptionCodec<TException>(Func<string, Exception?, TException> create)
    : WireExceptionCodec<TException>
    where TException : Exception
{
    // An empty object, not a null: a null says the sender had no codec for the type.
    protected override void Write(ref WireWriter writer, TException exception) => writer.WriteObjectHeader(0);

    protected override TException Read(ref WireReader reader, string message, Exception? innerException)
    {
        reader.Skip();
        return create(message, innerException);
    }
}

/// <summary>
/// The argument exceptions append the parameter name (and the actual value) to their message when asked for it,
/// so the message they were created with travels separately, with the parameter name, and the rebuilt exception's
/// <see cref="Exception.Message"/> reads exactly as the original's.
/// </summary>
internal abstract class ArgumentExceptionCodecBase<TException> : WireExceptionCodec<TException>
    where TException : ArgumentException
{
    protected override void Write(ref WireWriter writer, TException exception)
    {
        var actualValue = ActualValueText(exception);
        // The same exception with an empty message renders exactly the decoration to strip.
        var decoration = Create(string.Empty, exception.ParamName, actualValue, innerException: null).Message;
        var message = exception.Message;
        if (decoration.Length > 0 && message.EndsWith(decoration, StringComparison.Ordinal))
        {
            message = message[..^decoration.Length];
        }

        writer.WriteObjectHeader(3);
        writer.WriteString(message);
        writer.WriteString(exception.ParamName);
        writer.WriteString(actualValue);
    }

    protected override TException Read(ref WireReader reader, string message, Exception? innerException)
    {
        var fields = reader.ReadObjectHeader();
        var undecorated = fields > 0 ? reader.ReadString() : null;
        var paramName = fields > 1 ? reader.ReadString() : null;
        var actualValue = fields > 2 ? reader.ReadString() : null;
        reader.EndObject(fields, 3);
        return Create(undecorated ?? message, paramName, actualValue, innerException);
    }

    protected virtual string? ActualValueText(TException exception) => null;

    protected abstract TException Create(string message, string? paramName, string? actualValue, Exception? innerException);
}

internal sealed class ArgumentExceptionCodec : ArgumentExceptionCodecBase<ArgumentException>
{
    protected override ArgumentException Create(string message, string? paramName, string? actualValue, Exception? innerException) =>
        new(message, paramName, innerException);
}

/// <remarks>The framework has no constructor taking a parameter name and an inner exception: the inner one wins.</remarks>
internal sealed class ArgumentNullExceptionCodec : ArgumentExceptionCodecBase<ArgumentNullException>
{
    protected override ArgumentNullException Create(string message, string? paramName, string? actualValue, Exception? innerException) =>
        innerException is null ? new(paramName, message) : new(message, innerException);
}

/// <remarks>The actual value travels as its text, so the rebuilt exception's <see cref="ArgumentOutOfRangeException.ActualValue"/> is a string.</remarks>
internal sealed class ArgumentOutOfRangeExceptionCodec : ArgumentExceptionCodecBase<ArgumentOutOfRangeException>
{
    protected override string? ActualValueText(ArgumentOutOfRangeException exception) => exception.ActualValue?.ToString();

    protected override ArgumentOutOfRangeException Create(string message, string? paramName, string? actualValue, Exception? innerException) =>
        innerException is null ? new(paramName, actualValue, message) : new(message, innerException);
}

internal sealed class GrainActivationExceptionCodec : WireExceptionCodec<GrainActivationException>
{
    protected override void Write(ref WireWriter writer, GrainActivationException exception)
    {
        writer.WriteObjectHeader(2);
        writer.WriteString(exception.GrainId.Type);
        writer.WriteString(exception.GrainId.Key);
    }

    protected override GrainActivationException Read(ref WireReader reader, string message, Exception? innerException)
    {
        var fields = reader.ReadObjectHeader();
        var type = fields > 0 ? reader.ReadString() : null;
        var key = fields > 1 ? reader.ReadString() : null;
        reader.EndObject(fields, 2);
        var grainId = type is null && key is null ? default : new GrainId(type!, key!);
        return new GrainActivationException(grainId, message, innerException);
    }
}
