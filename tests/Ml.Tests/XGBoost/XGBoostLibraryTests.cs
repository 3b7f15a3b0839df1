using FraudActors.Ml.XGBoost;

namespace FraudActors.Ml.Tests.XGBoost;

public sealed class XGBoostLibraryTests
{
    [Fact]
    public void Installed_library_is_at_least_the_version_the_binding_was_written_against()
    {
        Assert.True(XGBoostLibrary.Version >= new Version(1, 7, 0), $"Loaded XGBoost {XGBoostLibrary.Version}.");
    }

    [Fact]
    public void A_missing_native_library_is_reported_with_the_apt_package_to_install()
    {
        var (version, failure) = XGBoostLibrary.Probe("libxgboost-that-is-not-installed.so.0");

        Assert.Null(version);
        var exception = Assert.IsType<XGBoostLibraryNotFoundException>(failure);
        Assert.IsAssignableFrom<DllNotFoundException>(exception);
        Assert.Contains("apt-get install libxgboost0", exception.Message, StringComparison.Ordinal);
        Assert.Contains("libxgboost-that-is-not-installed.so.0", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_library_that_is_not_xgboost_is_refused_with_the_same_advice()
    {
        // libm is always present and has no XGBoostVersion export.
        var (_, failure) = XGBoostLibrary.Probe("libm.so.6");

        var exception = Assert.IsType<XGBoostLibraryNotFoundException>(failure);
        Assert.Contains("XGBoostVersion", exception.Message, StringComparison.Ordinal);
        Assert.Contains("libxgboost0", exception.Message, StringComparison.Ordinal);
    }
}
