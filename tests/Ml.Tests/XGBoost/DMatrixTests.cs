using FraudActors.Ml.XGBoost;

namespace FraudActors.Ml.Tests.XGBoost;

public sealed class DMatrixTests
{
    [Fact]
    public void Dimensions_are_those_of_the_dense_block()
    {
        using var matrix = DMatrix.FromDense(new float[12], rows: 4, columns: 3);

        Assert.Equal(4, matrix.Rows);
        Assert.Equal(3, matrix.Columns);
    }

    [Fact]
    public void A_span_that_is_not_rows_times_columns_is_refused()
    {
        var exception = Assert.Throws<ArgumentException>(() => DMatrix.FromDense(new float[11], rows: 4, columns: 3));

        Assert.Equal("rowMajor", exception.ParamName);
        Assert.Contains("11", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_must_match_the_row_count()
    {
        using var matrix = DMatrix.FromDense(new float[12], rows: 4, columns: 3);

        var exception = Assert.Throws<ArgumentException>(() => matrix.SetLabels([1, 0, 1]));

        Assert.Equal("labels", exception.ParamName);
    }

    [Fact]
    public void A_nan_label_is_refused_naming_its_row()
    {
        using var matrix = DMatrix.FromDense(new float[12], rows: 4, columns: 3);

        var exception = Assert.Throws<ArgumentException>(() => matrix.SetLabels([1, 0, float.NaN, 1]));

        Assert.Contains("Row 2", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_weight_is_refused_naming_its_row()
    {
        using var matrix = DMatrix.FromDense(new float[12], rows: 4, columns: 3);

        var exception = Assert.Throws<ArgumentException>(() => matrix.SetWeights([1, -0.5f, 1, 1]));

        Assert.Equal("weights", exception.ParamName);
        Assert.Contains("Row 1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Feature_names_must_match_the_column_count()
    {
        using var matrix = DMatrix.FromDense(new float[12], rows: 4, columns: 3);

        Assert.Throws<ArgumentException>(() => matrix.SetFeatureNames(["a", "b"]));
        matrix.SetFeatureNames(["a", "b", "c"]);
    }

    [Fact]
    public void Disposing_releases_the_native_handle_and_later_use_fails_clearly()
    {
        var matrix = DMatrix.FromDense(new float[12], rows: 4, columns: 3);

        matrix.Dispose();
        matrix.Dispose();

        Assert.True(matrix.Handle.IsClosed);
        Assert.Throws<ObjectDisposedException>(() => matrix.SetLabels([1, 0, 1, 0]));
    }
}
