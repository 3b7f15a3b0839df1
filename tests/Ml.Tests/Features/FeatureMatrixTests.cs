using FraudActors.Ml.Features;

namespace FraudActors.Ml.Tests.Features;

public sealed class FeatureMatrixTests
{
    private static FeatureMatrix TwoRows()
    {
        var values = new double[2 * FeatureSchema.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i + 0.1;
        }

        return new FeatureMatrix(values);
    }

    [Fact]
    public void Rows_are_consecutive_runs_of_fifteen_values()
    {
        var matrix = TwoRows();

        Assert.Equal(2, matrix.RowCount);
        Assert.Equal(FeatureSchema.Count, matrix.ColumnCount);
        Assert.Equal(15.1, matrix.Row(1)[0]);
        Assert.Equal(29.1, matrix.Row(1)[14]);
        Assert.Equal(16.1, matrix[1, 1]);
        Assert.Equal(0.1, matrix[0, 0]);
    }

    [Fact]
    public void Single_precision_copy_rounds_each_value()
    {
        var matrix = TwoRows();

        var singles = matrix.ToSingleArray();

        Assert.Equal(matrix.Values.ToArray().Select(v => (float)v), singles);
    }

    [Fact]
    public void Length_that_is_not_whole_rows_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new FeatureMatrix(new double[FeatureSchema.Count + 1]));
    }

    [Fact]
    public void Rows_and_columns_outside_the_matrix_are_refused()
    {
        var matrix = TwoRows();

        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Row(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Row(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix[0, FeatureSchema.Count]);
    }

    [Fact]
    public void Single_precision_copy_refuses_a_short_destination()
    {
        Assert.Throws<ArgumentException>(() => TwoRows().CopyTo(new float[(2 * FeatureSchema.Count) - 1]));
    }
}
