using System.Globalization;

namespace FraudActors.Ml.Evaluation;

/// <summary>A metric's mean and standard deviation over prequential folds.</summary>
/// <param name="Mean">The mean over folds.</param>
/// <param name="StandardDeviation">
/// The population standard deviation (divide by the number of folds), which is what scikit-learn's
/// <c>GridSearchCV</c> reports as <c>std_test_*</c> and hence what the book's "mean ± std" figures are.
/// </param>
public readonly record struct MeanAndSpread(double Mean, double StandardDeviation)
{
    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Mean:0.000} ± {StandardDeviation:0.000}");
}
