using System.Runtime.InteropServices;

namespace FraudActors.Ml.XGBoost;

/// <summary>
/// The slice of XGBoost's C API (include/xgboost/c_api.h, 1.7) this binding uses. Every function but
/// <see cref="XGBoostVersion"/> and <see cref="XGBGetLastError"/> returns 0 on success and -1 on failure, with the
/// failure text kept per thread for <see cref="XGBGetLastError"/>. Out-pointers returned by XGBoost point into
/// buffers it keeps per thread and per booster, valid only until the next call on that thread: callers copy at once.
/// </summary>
internal static unsafe partial class XGBoostNative
{
    /// <summary>Debian's libxgboost0 ships the C API under this soname.</summary>
    internal const string Library = "libxgboost.so.0";

    [LibraryImport(Library)]
    internal static partial void XGBoostVersion(int* major, int* minor, int* patch);

    [LibraryImport(Library)]
    internal static partial byte* XGBGetLastError();

    [LibraryImport(Library)]
    internal static partial int XGDMatrixCreateFromMat_omp(
        float* data, ulong rows, ulong columns, float missing, out DMatrixHandle matrix, int threads);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixFree(nint matrix);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixSetFloatInfo(DMatrixHandle matrix, byte* field, float* values, ulong length);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixSetStrFeatureInfo(DMatrixHandle matrix, byte* field, byte** values, ulong length);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixNumRow(DMatrixHandle matrix, ulong* rows);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixNumCol(DMatrixHandle matrix, ulong* columns);

    [LibraryImport(Library)]
    internal static partial int XGBoosterCreate(nint* cachedMatrices, ulong length, out BoosterHandle booster);

    [LibraryImport(Library)]
    internal static partial int XGBoosterFree(nint booster);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterSetParam(BoosterHandle booster, string name, string value);

    [LibraryImport(Library)]
    internal static partial int XGBoosterUpdateOneIter(BoosterHandle booster, int iteration, DMatrixHandle train);

    [LibraryImport(Library)]
    internal static partial int XGBoosterBoostedRounds(BoosterHandle booster, int* rounds);

    [LibraryImport(Library)]
    internal static partial int XGBoosterGetNumFeature(BoosterHandle booster, ulong* features);

    [LibraryImport(Library)]
    internal static partial int XGBoosterEvalOneIter(
        BoosterHandle booster, int iteration, nint* matrices, byte** names, ulong length, byte** result);

    [LibraryImport(Library)]
    internal static partial int XGBoosterPredictFromDMatrix(
        BoosterHandle booster, DMatrixHandle matrix, byte* jsonConfig, ulong** shape, ulong* dimensions, float** result);

    [LibraryImport(Library)]
    internal static partial int XGBoosterPredictFromDense(
        BoosterHandle booster, byte* arrayInterface, byte* jsonConfig, nint proxy, ulong** shape, ulong* dimensions,
        float** result);

    [LibraryImport(Library)]
    internal static partial int XGBoosterLoadModelFromBuffer(BoosterHandle booster, byte* buffer, ulong length);

    [LibraryImport(Library)]
    internal static partial int XGBoosterSaveModelToBuffer(
        BoosterHandle booster, byte* jsonConfig, ulong* length, byte** buffer);

    [LibraryImport(Library)]
    internal static partial int XGBoosterSaveJsonConfig(BoosterHandle booster, ulong* length, byte** json);

    [LibraryImport(Library)]
    internal static partial int XGBoosterSetStrFeatureInfo(BoosterHandle booster, byte* field, byte** values, ulong length);
}
