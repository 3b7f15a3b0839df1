using FraudActors.Ml.Features;

namespace FraudActors.Ml.Training;

/// <summary>
/// Labelled feature rows in time order, column by column: what production hands to retraining (the decision log's
/// logged features with their labels, so training sees exactly what scoring saw) and what evaluation slices by day.
/// </summary>
public sealed class LabelledRows
{
    private readonly List<long> _times = [];
    private readonly List<int> _customers = [];
    private readonly List<bool> _labels = [];
    private readonly List<float> _features = [];

    /// <summary>Number of rows.</summary>
    public int Count => _times.Count;

    /// <summary>Adds a row; rows must come in time order.</summary>
    /// <exception cref="ArgumentException">Out of time order, or not <see cref="FeatureSchema.Count"/> features.</exception>
    public void Add(long unixSeconds, int customerKey, bool isFraud, ReadOnlySpan<float> features)
    {
        if (features.Length != FeatureSchema.Count)
        {
            throw new ArgumentException($"A row has {FeatureSchema.Count} features, not {features.Length}.", nameof(features));
        }

        if (_times.Count > 0 && unixSeconds < _times[^1])
        {
            throw new ArgumentException("Rows must be added in time order.", nameof(unixSeconds));
        }

        _times.Add(unixSeconds);
        _customers.Add(customerKey);
        _labels.Add(isFraud);
        foreach (var value in features)
        {
            _features.Add(value);
        }
    }

    /// <summary>Time of row <paramref name="row"/>, Unix seconds.</summary>
    public long UnixSeconds(int row) => _times[row];

    /// <summary>UTC day of row <paramref name="row"/>.</summary>
    public DateOnly Day(int row) => DateOnly.FromDateTime(DateTime.UnixEpoch.AddSeconds(_times[row]));

    /// <summary>Customer (card) of row <paramref name="row"/>, as a dense key.</summary>
    public int Customer(int row) => _customers[row];

    /// <summary>Label of row <paramref name="row"/>.</summary>
    public bool IsFraud(int row) => _labels[row];

    /// <summary>Features of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Features(int row) =>
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_features).Slice(row * FeatureSchema.Count, FeatureSchema.Count);

    /// <summary>Rows whose UTC day lies in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public int[] RowsBetween(DateOnly from, DateOnly to)
    {
        var rows = new List<int>();
        for (var i = 0; i < Count; i++)
        {
            var day = Day(i);
            if (day >= from && day <= to)
            {
                rows.Add(i);
            }
        }

        return [.. rows];
    }

    /// <summary>The selected rows as a training set.</summary>
    public TrainingSet ToTrainingSet(ReadOnlySpan<int> rows)
    {
        var features = new float[rows.Length * FeatureSchema.Count];
        var labels = new float[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            Features(rows[i]).CopyTo(features.AsSpan(i * FeatureSchema.Count));
            labels[i] = IsFraud(rows[i]) ? 1f : 0f;
        }

        return new TrainingSet(features, labels);
    }
}
