namespace FraudActors.Ml.XGBoost;

/// <summary>
/// The XGBoost native library (<c>libxgboost.so.0</c>) could not be loaded, or is older than this binding needs.
/// Derives from <see cref="DllNotFoundException"/> so generic handlers still recognise it, but says how to fix it.
/// </summary>
public sealed class XGBoostLibraryNotFoundException : DllNotFoundException
{
    /// <summary>Creates the exception with the standard install instruction.</summary>
    public XGBoostLibraryNotFoundException()
        : base(InstallHint(XGBoostLibrary.NativeName))
    {
    }

    /// <summary>Creates the exception with the given message.</summary>
    public XGBoostLibraryNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the given message and cause.</summary>
    public XGBoostLibraryNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static string InstallHint(string library) =>
        $"The XGBoost native library '{library}' could not be loaded. Install Debian's XGBoost C library with " +
        "'apt-get install libxgboost0' (XGBoost 1.7 or newer), or put the library on the loader path (LD_LIBRARY_PATH).";
}
