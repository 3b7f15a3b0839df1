namespace FraudActors.Ml.XGBoost;

/// <summary>
/// A call into XGBoost's C API failed. <see cref="NativeMessage"/> carries XGBoost's own text
/// (<c>XGBGetLastError</c>), which usually names the offending parameter, value or file.
/// </summary>
public sealed class XGBoostException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public XGBoostException()
        : base("An XGBoost call failed.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    public XGBoostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    public XGBoostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private XGBoostException(string message, string? function, string? nativeMessage, Exception? innerException)
        : base(message, innerException)
    {
        Function = function;
        NativeMessage = nativeMessage;
    }

    /// <summary>The C API function that failed, e.g. <c>XGBoosterUpdateOneIter</c>; null when not a native failure.</summary>
    public string? Function { get; }

    /// <summary>XGBoost's error text for the failed call; null when not a native failure.</summary>
    public string? NativeMessage { get; }

    internal static XGBoostException FromLastError(string function)
    {
        string native;
        unsafe
        {
            // The text lives in XGBoost's thread-local storage: read it on the thread that made the failing call.
            var text = XGBoostNative.XGBGetLastError();
            native = text is null ? "(no message)" : System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)text) ?? "(no message)";
        }

        native = native.Trim();
        // XGBoost appends a native stack trace; it stays in NativeMessage but would drown the reason in Message.
        var trace = native.IndexOf("\nStack trace:", StringComparison.Ordinal);
        var reason = trace < 0 ? native : native[..trace].TrimEnd();
        return new XGBoostException($"XGBoost {function} failed: {reason}", function, native, null);
    }

    /// <summary>The same native failure, with what the caller was doing (e.g. the file it was loading) in front.</summary>
    internal XGBoostException WithContext(string context) =>
        new($"{context}: {Message}", Function, NativeMessage, this);
}
