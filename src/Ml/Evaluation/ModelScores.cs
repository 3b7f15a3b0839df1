namespace FraudActors.Ml.Evaluation;

/// <summary>The three numbers the handbook reports for a model on a test set.</summary>
/// <param name="AucRoc">Area under the ROC curve.</param>
/// <param name="AveragePrecision">Average precision (step-wise area under the precision–recall curve).</param>
/// <param name="CardPrecisionAt100">Card Precision@100, mean over the test days.</param>
public readonly record struct ModelScores(double AucRoc, double AveragePrecision, double CardPrecisionAt100);
