namespace FraudActors.Ml.Features;

/// <summary>
/// Feature vectors for a sequence of transactions: one row per transaction, in input order, <see cref="FeatureSchema.Count"/>
/// columns in schema order, stored row-major in one double array (the training input after a float conversion).
/// </summary>
public sealed class FeatureMatrix
{
    private readonly double[] _values;

    /// <summary>Wraps row-major values; the matrix takes ownership of the array (no copy).</summary>
    /// <param name="values">Rows × <see cref="FeatureSchema.Count"/> values.</param>
    /// <exception cref="ArgumentException">The length is not a whole number of rows.</exception>
    public FeatureMatrix(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length % FeatureSchema.Count != 0)
        {
            throw new ArgumentException(
                $"{values.Length} values are not a whole number of {FeatureSchema.Count}-value rows.", nameof(values));
        }

        _values = values;
        RowCount = values.Length / FeatureSchema.Count;
    }

    /// <summary>Number of rows (transactions).</summary>
    public int RowCount { get; }

    /// <summary>Number of columns: <see cref="FeatureSchema.Count"/>.</summary>
    public int ColumnCount => FeatureSchema.Count;

    /// <summary>All values, row-major.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>One row's features in schema order.</summary>
    /// <param name="row">Row index, 0-based, in input order.</param>
    /// <exception cref="ArgumentOutOfRangeException">No such row.</exception>
    public ReadOnlySpan<double> Row(int row)
    {
        CheckRow(row);
        return _values.AsSpan(row * FeatureSchema.Count, FeatureSchema.Count);
    }

    /// <summary>One value.</summary>
    /// <param name="row">Row index, 0-based.</param>
    /// <param name="column">Column index, a <see cref="FeatureSchema"/> index.</param>
    /// <exception cref="ArgumentOutOfRangeException">No such row or column.</exception>
    public double this[int row, int column]
    {
        get
        {
            CheckRow(row);
            if ((uint)column >= FeatureSchema.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(column), column, $"Columns are 0 to {FeatureSchema.Count - 1}.");
            }

            return _values[(row * FeatureSchema.Count) + column];
        }
    }

    /// <summary>The values rounded to single precision, row-major: the dense input XGBoost takes.</summary>
    public float[] ToSingleArray()
    {
        var singles = GC.AllocateUninitializedArray<float>(_values.Length);
        CopyTo(singles);
        return singles;
    }

    /// <summary>Writes the values rounded to single precision, row-major.</summary>
    /// <param name="destination">At least <see cref="RowCount"/> × <see cref="ColumnCount"/> values.</param>
    /// <exception cref="ArgumentException">The destination is too short.</exception>
    public void CopyTo(Span<float> destination)
    {
        if (destination.Length < _values.Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; the matrix has {_values.Length}.", nameof(destination));
        }

        ReadOnlySpan<double> values = _values;
        destination = destination[..values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            destination[i] = (float)values[i];
        }
    }

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)RowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"The matrix has {RowCount} rows.");
        }
    }
}
