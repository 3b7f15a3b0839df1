namespace FraudActors.Ml.Evaluation;

/// <summary>The handbook's model-selection summary: each metric's mean ± std over the prequential folds.</summary>
/// <param name="Folds">Number of folds summarised.</param>
/// <param name="AucRoc">AUC ROC over folds.</param>
/// <param name="AveragePrecision">Average precision over folds.</param>
/// <param name="CardPrecisionAt100">Card Precision@100 over folds.</param>
public sealed record PrequentialSummary(
    int Folds,
    MeanAndSpread AucRoc,
    MeanAndSpread AveragePrecision,
    MeanAndSpread CardPrecisionAt100)
{
    /// <summary>Summarises the scores of each fold.</summary>
    /// <param name="folds">One set of scores per fold.</param>
    /// <returns>Mean and population standard deviation of each metric.</returns>
    /// <exception cref="ArgumentException"><paramref name="folds"/> is empty.</exception>
    public static PrequentialSummary Of(ReadOnlySpan<ModelScores> folds)
    {
        if (folds.IsEmpty)
        {
            throw new ArgumentException("A prequential summary needs at least one fold.", nameof(folds));
        }

        return new PrequentialSummary(
            folds.Length,
            Spread(folds, static s => s.AucRoc),
            Spread(folds, static s => s.AveragePrecision),
            Spread(folds, static s => s.CardPrecisionAt100));
    }

    private static MeanAndSpread Spread(ReadOnlySpan<ModelScores> folds, Func<ModelScores, double> metric)
    {
        double sum = 0;
        foreach (ModelScores fold in folds)
        {
            sum += metric(fold);
        }

        double mean = sum / folds.Length;
        double squares = 0;
        foreach (ModelScores fold in folds)
        {
            double deviation = metric(fold) - mean;
            squares += deviation * deviation;
        }

        return new MeanAndSpread(mean, Math.Sqrt(squares / folds.Length));
    }
}
