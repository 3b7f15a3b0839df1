using System.Runtime.ExceptionServices;

namespace FraudActors.Runtime.Serialization;

/// <summary>
/// How an exception crosses the wire: an object of five fields, (type name, message, stack trace text or null,
/// inner exception or null, the type's own fields or null). The receiver rebuilds the exception as its own type when
/// a codec knows the name, and as a <see cref="RemoteGrainException"/> otherwise; either way the original stack
/// trace is attached as the remote part of the rebuilt exception's stack trace.
/// </summary>
internal sealed class WireExceptionFormat(WireCodecRegistry codecs, bool includeStackTraces)
{
    private const int Fields = 5;

    // Inner exception chains are short in practice; a cycle-free but pathological chain is cut here.
    private const int MaxInnerExceptions = 8;

    /// <summary>Writes the exception.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="exception">The exception.</param>
    /// <param name="withOwnFields">False to leave out the type's own fields (the receiver then rebuilds a <see cref="RemoteGrainException"/>): the fallback when a codec failed.</param>
    public void Write(ref WireWriter writer, Exception exception, bool withOwnFields = true) =>
        Write(ref writer, exception, withOwnFields, depth: 0);

    public Exception Read(ref WireReader reader)
    {
        var start = reader.Consumed;
        var fields = reader.ReadObjectHeader();
        if (fields < 2)
        {
            throw new WireFormatException($"an exception has {fields} fields, fewer than its type name and message", start);
        }

        var typeName = reader.ReadString() ?? throw new WireFormatException("an exception's type name is null", start);
        var message = reader.ReadString() ?? string.Empty;
        var stackTrace = fields > 2 ? reader.ReadString() : null;
        Exception? inner = null;
        if (fields > 3 && !reader.TryReadNull())
        {
            inner = Read(ref reader);
        }

        Exception exception;
        if (fields > 4 && !reader.TryReadNull())
        {
            if (codecs.TryGetExceptionCodec(typeName, out var codec))
            {
                exception = ReadFields(ref reader, codec, message, inner);
            }
            else
            {
                reader.Skip();
                exception = new RemoteGrainException(typeName, message, stackTrace, inner);
            }
        }
        else
        {
            exception = new RemoteGrainException(typeName, message, stackTrace, inner);
        }

        reader.EndObject(fields, Fields);
        if (!string.IsNullOrEmpty(stackTrace))
        {
            ExceptionDispatchInfo.SetRemoteStackTrace(exception, stackTrace);
        }

        return exception;
    }

    private void Write(ref WireWriter writer, Exception exception, bool withOwnFields, int depth)
    {
        string typeName;
        string? stackTrace;
        WireExceptionCodec? codec = null;
        if (exception is RemoteGrainException { RemoteTypeName.Length: > 0 } remote)
        {
            // Passing a remote failure on: it keeps the name of what was thrown first, not of its stand-in.
            typeName = remote.RemoteTypeName;
            stackTrace = remote.RemoteStackTrace;
        }
        else
        {
            var type = exception.GetType();
            typeName = WireCodecRegistry.WireName(type);
            stackTrace = exception.StackTrace;
            if (withOwnFields)
            {
                codecs.TryGetExceptionCodec(type, out codec);
            }
        }

        writer.WriteObjectHeader(Fields);
        writer.WriteString(typeName);
        writer.WriteString(exception.Message);
        writer.WriteString(includeStackTraces ? stackTrace : null);
        if (exception.InnerException is { } inner && depth < MaxInnerExceptions)
        {
            Write(ref writer, inner, withOwnFields, depth + 1);
        }
        else
        {
            writer.WriteNull();
        }

        if (codec is null)
        {
            writer.WriteNull();
        }
        else
        {
            codec.WriteFields(ref writer, exception);
        }
    }

    private static Exception ReadFields(ref WireReader reader, WireExceptionCodec codec, string message, Exception? inner)
    {
        var start = reader.Consumed;
        try
        {
            return codec.ReadFields(ref reader, message, inner);
        }
        catch (Exception exception) when (exception is not WireFormatException)
        {
            // The exception's own constructor refused the values (a null where it checks for one, say).
            throw new WireFormatException($"the fields of {codec.ExceptionType} could not be rebuilt: {exception.Message}", start, exception);
        }
    }
}
