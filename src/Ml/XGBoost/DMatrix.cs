namespace FraudActors.Ml.XGBoost;

/// <summary>
/// XGBoost's data matrix: features (copied into XGBoost's own storage when created), labels and optional weights.
/// Dispose it when done; the native memory is not tracked by the garbage collector.
/// </summary>
public sealed class DMatrix : IDisposable
{
    private const long ParallelCopyThreshold = 1 << 17;

    private DMatrix(DMatrixHandle handle, long rows, int columns)
    {
        Handle = handle;
        Rows = rows;
        Columns = columns;
    }

    internal DMatrixHandle Handle { get; }

    /// <summary>Number of rows as XGBoost counts them.</summary>
    public long Rows { get; }

    /// <summary>Number of feature columns as XGBoost counts them.</summary>
    public int Columns { get; }

    /// <summary>
    /// Builds a matrix from dense row-major features: row <c>r</c>, column <c>c</c> is <c>rowMajor[r * columns + c]</c>.
    /// Cells equal to <paramref name="missing"/> (and NaN cells, always) are missing and follow each split's default branch.
    /// </summary>
    /// <param name="rowMajor">The features, <paramref name="rows"/> × <paramref name="columns"/> values.</param>
    /// <param name="rows">Number of rows (at least 1).</param>
    /// <param name="columns">Number of columns (at least 1).</param>
    /// <param name="missing">The value that marks a missing cell.</param>
    /// <exception cref="ArgumentException">The span length is not rows × columns, or a dimension is not positive.</exception>
    /// <exception cref="XGBoostException">XGBoost refused the data (e.g. an infinite value while missing is not infinity).</exception>
    public static DMatrix FromDense(ReadOnlySpan<float> rowMajor, int rows, int columns, float missing = float.NaN)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if ((long)rows * columns != rowMajor.Length)
        {
            throw new ArgumentException(
                $"The feature span holds {rowMajor.Length} values but rows × columns = {rows} × {columns} = {(long)rows * columns}.",
                nameof(rowMajor));
        }

        XGBoostLibrary.EnsureLoaded();
        DMatrixHandle handle;
        unsafe
        {
            fixed (float* data = rowMajor)
            {
                // XGBoost copies the block, so the span may be reused after. Large blocks are parsed with all cores
                // (nthread 0); small ones (a scoring row, a test batch) on this thread, since forking an OpenMP team
                // costs more than the copy and stalls badly when the cores are busy.
                var threads = (long)rows * columns < ParallelCopyThreshold ? 1 : 0;
                XGBoostLibrary.Check(
                    XGBoostNative.XGDMatrixCreateFromMat_omp(data, (ulong)rows, (ulong)columns, missing, out handle, threads),
                    "XGDMatrixCreateFromMat_omp");
            }
        }

        try
        {
            ulong nativeRows, nativeColumns;
            unsafe
            {
                XGBoostLibrary.Check(XGBoostNative.XGDMatrixNumRow(handle, &nativeRows), "XGDMatrixNumRow");
                XGBoostLibrary.Check(XGBoostNative.XGDMatrixNumCol(handle, &nativeColumns), "XGDMatrixNumCol");
            }

            return new DMatrix(handle, checked((long)nativeRows), checked((int)nativeColumns));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Sets the training labels, one per row (0 or 1 for the logistic objectives).</summary>
    /// <exception cref="ArgumentException">Wrong length, or a label that is NaN or infinite (its row is named).</exception>
    public void SetLabels(ReadOnlySpan<float> labels) => SetFloatInfo("label"u8, labels, nameof(labels), requireNonNegative: false);

    /// <summary>Sets per-row training weights (XGBoost's <c>weight</c> field).</summary>
    /// <exception cref="ArgumentException">Wrong length, or a weight that is negative, NaN or infinite (its row is named).</exception>
    public void SetWeights(ReadOnlySpan<float> weights) => SetFloatInfo("weight"u8, weights, nameof(weights), requireNonNegative: true);

    /// <summary>Names the feature columns (XGBoost's <c>feature_name</c>); one name per column.</summary>
    /// <exception cref="ArgumentException">Wrong count, or an empty name.</exception>
    public unsafe void SetFeatureNames(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count != Columns)
        {
            throw new ArgumentException($"Got {names.Count} feature names for {Columns} columns.", nameof(names));
        }

        FeatureNameMarshalling.With(names, nameof(names), (values, count) =>
        {
            fixed (byte* field = "feature_name"u8)
            {
                XGBoostLibrary.Check(
                    XGBoostNative.XGDMatrixSetStrFeatureInfo(Handle, field, values, count), "XGDMatrixSetStrFeatureInfo");
            }
        });
    }

    /// <summary>Frees the native matrix (safe to call twice; a booster that cached it keeps its own reference).</summary>
    public void Dispose() => Handle.Dispose();

    private void SetFloatInfo(ReadOnlySpan<byte> field, ReadOnlySpan<float> values, string parameter, bool requireNonNegative)
    {
        if (values.Length != Rows)
        {
            throw new ArgumentException($"Got {values.Length} values for a matrix of {Rows} rows.", parameter);
        }

        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (!float.IsFinite(v) || (requireNonNegative && v < 0))
            {
                throw new ArgumentException(
                    $"Row {i} has {parameter[..^1]} {v}; expected a finite{(requireNonNegative ? ", non-negative" : "")} value.",
                    parameter);
            }
        }

        unsafe
        {
            fixed (byte* name = field)
            fixed (float* data = values)
            {
                XGBoostLibrary.Check(
                    XGBoostNative.XGDMatrixSetFloatInfo(Handle, name, data, (ulong)values.Length), "XGDMatrixSetFloatInfo");
            }
        }
    }
}
