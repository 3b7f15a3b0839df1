namespace FraudActors.Ml.Evaluation;

/// <summary>
/// The argument checks every metric shares, so that bad input fails the same way everywhere:
/// a score that is not a number has no rank, and parallel columns of different lengths mean
/// the caller paired the wrong arrays.
/// </summary>
internal static class MetricArguments
{
    public static void RequireSameLength(int scoreCount, int otherCount, string otherName)
    {
        if (otherCount != scoreCount)
        {
            throw new ArgumentException(
                $"{otherName} holds {otherCount} values but scores holds {scoreCount}: the columns must be parallel, one value per row.",
                otherName);
        }
    }

    public static void RequireNotEmpty(int count, string metric)
    {
        if (count == 0)
        {
            throw new ArgumentException($"{metric} is undefined on zero rows.", "scores");
        }
    }

    public static void RequireNoNaN(ReadOnlySpan<double> scores)
    {
        for (int i = 0; i < scores.Length; i++)
        {
            if (double.IsNaN(scores[i]))
            {
                throw new ArgumentException($"scores[{i}] is NaN: a score that is not a number cannot be ranked.", nameof(scores));
            }
        }
    }
}
