using FraudActors.Ml.Training;

namespace FraudActors.Grains.Training;

/// <summary>
/// Labelled production decisions for retraining, with the features as they were logged (no recomputation, so no
/// skew between what scoring saw and what training sees).
/// </summary>
public interface ITrainingDataSource
{
    /// <summary>
    /// The decisions of the last <paramref name="days"/> days before the newest decision (the data's clock, not the
    /// wall's), in time order, each with its current label (false when unlabelled).
    /// </summary>
    Task<LabelledRows> ReadRecentAsync(int days, CancellationToken cancellationToken);
}
