using System.Runtime.InteropServices;

namespace FraudActors.Ml.XGBoost;

/// <summary>
/// Locates the XGBoost native library once per process, so a missing <c>libxgboost0</c> surfaces as one clear
/// <see cref="XGBoostLibraryNotFoundException"/> instead of a bare <see cref="DllNotFoundException"/> from deep inside
/// the first P/Invoke.
/// </summary>
public static class XGBoostLibrary
{
    /// <summary>The native library name the binding loads.</summary>
    public const string NativeName = XGBoostNative.Library;

    /// <summary>The oldest XGBoost whose C API and JSON model format this binding was written against.</summary>
    public static Version MinimumVersion { get; } = new(1, 7, 0);

    private static readonly Lazy<(Version? Version, Exception? Failure)> Loaded = new(() => Probe(NativeName));

    /// <summary>The loaded library's version.</summary>
    /// <exception cref="XGBoostLibraryNotFoundException">The library is missing or too old.</exception>
    public static Version Version
    {
        get
        {
            EnsureLoaded();
            return Loaded.Value.Version!;
        }
    }

    /// <summary>Loads the native library (once) or throws an exception that says how to install it.</summary>
    /// <exception cref="XGBoostLibraryNotFoundException">The library is missing or too old.</exception>
    public static void EnsureLoaded()
    {
        if (Loaded.Value.Failure is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>Tries <paramref name="library"/> the way P/Invoke would; separate from the cached state so tests can probe a missing name.</summary>
    internal static (Version? Version, Exception? Failure) Probe(string library)
    {
        if (!NativeLibrary.TryLoad(library, typeof(XGBoostLibrary).Assembly, null, out var module))
        {
            return (null, new XGBoostLibraryNotFoundException(XGBoostLibraryNotFoundException.InstallHint(library)));
        }

        if (!NativeLibrary.TryGetExport(module, "XGBoostVersion", out var export))
        {
            return (null, new XGBoostLibraryNotFoundException(
                $"'{library}' loaded but has no XGBoostVersion export: it is not an XGBoost {MinimumVersion} C library. " +
                XGBoostLibraryNotFoundException.InstallHint(library)));
        }

        int major, minor, patch;
        unsafe
        {
            ((delegate* unmanaged<int*, int*, int*, void>)export)(&major, &minor, &patch);
        }

        var version = new Version(major, minor, patch);
        if (version < MinimumVersion)
        {
            return (version, new XGBoostLibraryNotFoundException(
                $"'{library}' is XGBoost {version}; this binding needs {MinimumVersion} or newer. " +
                XGBoostLibraryNotFoundException.InstallHint(library)));
        }

        return (version, null);
    }

    /// <summary>Throws <see cref="XGBoostException"/> with XGBoost's message when a C API call returned non-zero.</summary>
    internal static void Check(int returnCode, string function)
    {
        if (returnCode != 0)
        {
            throw XGBoostException.FromLastError(function);
        }
    }
}
