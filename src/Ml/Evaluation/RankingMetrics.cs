using System.Buffers;

namespace FraudActors.Ml.Evaluation;

/// <summary>
/// Transaction-level ranking metrics with scikit-learn's exact definitions
/// (<c>roc_auc_score</c> and <c>average_precision_score</c>), so that our numbers can be set beside the handbook's.
/// </summary>
/// <remarks>
/// Both sort once (O(n log n)) into pooled buffers and then walk the groups of tied scores:
/// a group of equal scores is one threshold, never split in an arbitrary order.
/// Scores may be any real numbers, infinities included (only the order matters); NaN is rejected.
/// </remarks>
public static class RankingMetrics
{
    /// <summary>
    /// Area under the ROC curve, ties handled exactly: the probability that a random fraud scores above a random
    /// genuine transaction, a tie counting one half (the Mann–Whitney statistic with average ranks).
    /// </summary>
    /// <param name="scores">One score per row; higher means more suspicious.</param>
    /// <param name="labels">One label per row, <see langword="true"/> for fraud.</param>
    /// <returns>A value in [0, 1]; 0.5 when every score is equal.</returns>
    /// <exception cref="ArgumentException">
    /// The spans differ in length, a score is NaN, or one class is absent (the ROC curve is then undefined:
    /// we throw, as scikit-learn does, rather than return NaN, so that a fold without frauds cannot slip into an average).
    /// </exception>
    public static double AucRoc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        MetricArguments.RequireSameLength(scores.Length, labels.Length, nameof(labels));
        MetricArguments.RequireNotEmpty(scores.Length, "AUC ROC");
        MetricArguments.RequireNoNaN(scores);

        int n = scores.Length;
        double[] keyBuffer = ArrayPool<double>.Shared.Rent(n);
        bool[] labelBuffer = ArrayPool<bool>.Shared.Rent(n);
        try
        {
            Span<double> sortedScores = keyBuffer.AsSpan(0, n);
            Span<bool> sortedLabels = labelBuffer.AsSpan(0, n);
            SortAscending(scores, labels, sortedScores, sortedLabels);

            // Count, in whole numbers, twice the pairs (fraud, genuine) ordered correctly, a tie counting once
            // instead of twice: exact until the single final division.
            long positives = 0;
            long negativesBelow = 0;
            long twiceCorrectPairs = 0;
            for (int start = 0; start < n;)
            {
                int end = EndOfTieGroup(sortedScores, start);
                long groupPositives = 0;
                for (int i = start; i < end; i++)
                {
                    if (sortedLabels[i])
                    {
                        groupPositives++;
                    }
                }

                long groupNegatives = end - start - groupPositives;
                twiceCorrectPairs += (2 * groupPositives * negativesBelow) + (groupPositives * groupNegatives);
                negativesBelow += groupNegatives;
                positives += groupPositives;
                start = end;
            }

            long negatives = negativesBelow;
            if (positives == 0 || negatives == 0)
            {
                throw new ArgumentException(
                    $"AUC ROC is undefined when one class is absent: the {n} rows hold {positives} frauds and {negatives} genuine transactions.",
                    nameof(labels));
            }

            return twiceCorrectPairs / (2.0 * positives * negatives);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(keyBuffer);
            ArrayPool<bool>.Shared.Return(labelBuffer);
        }
    }

    /// <summary>
    /// Average precision as scikit-learn defines it: Σₙ (Rₙ − Rₙ₋₁) · Pₙ over the distinct score thresholds in
    /// decreasing order, where Pₙ and Rₙ are the precision and recall of flagging every row scored at or above
    /// threshold n. Step-wise, no interpolation; tied scores form one threshold.
    /// </summary>
    /// <param name="scores">One score per row; higher means more suspicious.</param>
    /// <param name="labels">One label per row, <see langword="true"/> for fraud.</param>
    /// <returns>A value in (0, 1]; the prevalence when every score is equal; 1 when there are no genuine rows.</returns>
    /// <exception cref="ArgumentException">
    /// The spans differ in length, a score is NaN, or there is no fraud (recall is then undefined).
    /// </exception>
    public static double AveragePrecision(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        MetricArguments.RequireSameLength(scores.Length, labels.Length, nameof(labels));
        MetricArguments.RequireNotEmpty(scores.Length, "Average precision");
        MetricArguments.RequireNoNaN(scores);

        int positives = labels.Count(true);
        if (positives == 0)
        {
            throw new ArgumentException(
                $"Average precision is undefined without frauds: the {labels.Length} rows are all genuine.",
                nameof(labels));
        }

        int n = scores.Length;
        double[] keyBuffer = ArrayPool<double>.Shared.Rent(n);
        bool[] labelBuffer = ArrayPool<bool>.Shared.Rent(n);
        try
        {
            Span<double> sortedScores = keyBuffer.AsSpan(0, n);
            Span<bool> sortedLabels = labelBuffer.AsSpan(0, n);
            SortAscending(scores, labels, sortedScores, sortedLabels);

            // Walk thresholds from the highest score down. Rₙ − Rₙ₋₁ is the group's frauds over all frauds,
            // so the sum is Σ (group frauds · Pₙ) divided once at the end.
            long truePositives = 0;
            long flagged = 0;
            double weightedPrecision = 0;
            for (int end = n; end > 0;)
            {
                int start = StartOfTieGroup(sortedScores, end);
                long groupPositives = 0;
                for (int i = start; i < end; i++)
                {
                    if (sortedLabels[i])
                    {
                        groupPositives++;
                    }
                }

                truePositives += groupPositives;
                flagged += end - start;
                if (groupPositives > 0)
                {
                    weightedPrecision += groupPositives * ((double)truePositives / flagged);
                }

                end = start;
            }

            return weightedPrecision / positives;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(keyBuffer);
            ArrayPool<bool>.Shared.Return(labelBuffer);
        }
    }

    private static void SortAscending(
        ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, Span<double> sortedScores, Span<bool> sortedLabels)
    {
        scores.CopyTo(sortedScores);
        labels.CopyTo(sortedLabels);
        sortedScores.Sort(sortedLabels);
    }

    // Equality, not bit identity: -0.0 and 0.0 are one threshold, as in scikit-learn.
    private static int EndOfTieGroup(ReadOnlySpan<double> sortedScores, int start)
    {
        int end = start + 1;
        while (end < sortedScores.Length && sortedScores[end] == sortedScores[start])
        {
            end++;
        }

        return end;
    }

    private static int StartOfTieGroup(ReadOnlySpan<double> sortedScores, int end)
    {
        int start = end - 1;
        while (start > 0 && sortedScores[start - 1] == sortedScores[end - 1])
        {
            start--;
        }

        return start;
    }
}
