using FraudActors.Ml.Evaluation;

namespace FraudActors.Ml.Tests.Evaluation;

public sealed class RankingMetricsTests
{
    // Worked by hand (and agrees with scikit-learn 1.2's roc_auc_score / average_precision_score):
    //
    //   row  score  label
    //   r1   0.9    fraud
    //   r2   0.8    genuine
    //   r3   0.8    fraud
    //   r4   0.6    genuine
    //   r5   0.6    genuine
    //   r6   0.6    fraud
    //   r7   0.3    genuine
    //   r8   0.1    fraud          4 frauds, 4 genuine, 16 (fraud, genuine) pairs
    //
    // AUC: per fraud, genuine rows scored below it, a tie counting one half:
    //   r1: r2 r4 r5 r7 = 4;  r3: r4 r5 r7 + ½ (r2) = 3.5;  r6: r7 + ½ (r4) + ½ (r5) = 2;  r8: 0
    //   AUC = 9.5 / 16 = 0.59375.
    //   Check with average ranks (ascending): 0.1→1, 0.3→2, 0.6→(3+4+5)/3=4, 0.8→(6+7)/2=6.5, 0.9→8;
    //   fraud rank sum = 1 + 4 + 6.5 + 8 = 19.5; U = 19.5 − 4·5/2 = 9.5; 9.5 / 16. Same.
    //
    // AP, thresholds in decreasing order (flag every row scored ≥ t):
    //   t=0.9: 1 flagged, 1 fraud  P=1    R=1/4  ΔR=1/4 → 1/4
    //   t=0.8: 3 flagged, 2 frauds P=2/3  R=2/4  ΔR=1/4 → 1/6   (r2 and r3 are one threshold: ordering r3 first would give 1/4)
    //   t=0.6: 6 flagged, 3 frauds P=1/2  R=3/4  ΔR=1/4 → 1/8
    //   t=0.3: 7 flagged, 3 frauds             ΔR=0   → 0
    //   t=0.1: 8 flagged, 4 frauds P=1/2  R=1    ΔR=1/4 → 1/8
    //   AP = 1/4 + 1/6 + 1/8 + 1/8 = 2/3.
    private static readonly double[] WorkedScores = [0.9, 0.8, 0.8, 0.6, 0.6, 0.6, 0.3, 0.1];
    private static readonly bool[] WorkedLabels = [true, false, true, false, false, true, false, true];

    [Fact]
    public void Auc_of_the_worked_example_with_ties_is_nine_and_a_half_sixteenths()
    {
        Assert.Equal(9.5 / 16, RankingMetrics.AucRoc(WorkedScores, WorkedLabels), 15);
    }

    [Fact]
    public void Average_precision_of_the_worked_example_treats_tied_scores_as_one_threshold()
    {
        Assert.Equal(2.0 / 3, RankingMetrics.AveragePrecision(WorkedScores, WorkedLabels), 15);
    }

    [Fact]
    public void Metrics_do_not_depend_on_the_row_order()
    {
        int[] order = [7, 2, 5, 0, 3, 6, 1, 4];
        double[] scores = [.. order.Select(i => WorkedScores[i])];
        bool[] labels = [.. order.Select(i => WorkedLabels[i])];

        Assert.Equal(9.5 / 16, RankingMetrics.AucRoc(scores, labels), 15);
        Assert.Equal(2.0 / 3, RankingMetrics.AveragePrecision(scores, labels), 15);
    }

    [Fact]
    public void A_perfect_ranking_scores_one_on_both()
    {
        double[] scores = [0.1, 0.2, 0.3, 0.7, 0.9];
        bool[] labels = [false, false, false, true, true];

        Assert.Equal(1.0, RankingMetrics.AucRoc(scores, labels));
        Assert.Equal(1.0, RankingMetrics.AveragePrecision(scores, labels));
    }

    [Fact]
    public void A_reversed_ranking_has_auc_zero_and_ap_from_the_last_thresholds()
    {
        // Descending: 4 genuine, 3 genuine, 2 fraud (P=1/3, ΔR=1/2), 1 fraud (P=2/4, ΔR=1/2): AP = 1/6 + 1/4 = 5/12.
        double[] scores = [1, 2, 3, 4];
        bool[] labels = [true, true, false, false];

        Assert.Equal(0.0, RankingMetrics.AucRoc(scores, labels));
        Assert.Equal(5.0 / 12, RankingMetrics.AveragePrecision(scores, labels), 15);
    }

    [Fact]
    public void All_scores_equal_give_auc_one_half_and_ap_equal_to_the_prevalence()
    {
        double[] scores = Enumerable.Repeat(0.5, 10).ToArray();
        bool[] labels = [true, false, false, true, false, false, true, false, false, false];

        Assert.Equal(0.5, RankingMetrics.AucRoc(scores, labels));
        Assert.Equal(0.3, RankingMetrics.AveragePrecision(scores, labels), 15);
    }

    [Fact]
    public void Negative_zero_and_zero_are_one_threshold()
    {
        Assert.Equal(0.5, RankingMetrics.AucRoc([0.0, -0.0], [true, false]));
        Assert.Equal(0.5, RankingMetrics.AucRoc([-0.0, 0.0], [true, false]));
    }

    [Fact]
    public void Infinite_scores_rank_like_any_other()
    {
        Assert.Equal(1.0, RankingMetrics.AucRoc([double.NegativeInfinity, 0, double.PositiveInfinity], [false, false, true]));
    }

    [Fact]
    public void Auc_rejects_a_single_class_naming_the_counts()
    {
        var onlyGenuine = Assert.Throws<ArgumentException>(() => RankingMetrics.AucRoc([0.1, 0.2], [false, false]));
        Assert.Contains("0 frauds and 2 genuine", onlyGenuine.Message, StringComparison.Ordinal);
        var onlyFraud = Assert.Throws<ArgumentException>(() => RankingMetrics.AucRoc([0.1, 0.2], [true, true]));
        Assert.Contains("2 frauds and 0 genuine", onlyFraud.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Average_precision_without_frauds_is_rejected_and_without_genuine_rows_is_one()
    {
        Assert.Throws<ArgumentException>(() => RankingMetrics.AveragePrecision([0.1, 0.2], [false, false]));
        Assert.Equal(1.0, RankingMetrics.AveragePrecision([0.2, 0.1], [true, true]));
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        var auc = Assert.Throws<ArgumentException>(() => RankingMetrics.AucRoc([0.1, 0.2, 0.3], [true, false]));
        Assert.Equal("labels", auc.ParamName);
        Assert.Throws<ArgumentException>(() => RankingMetrics.AveragePrecision([0.1], [true, false]));
    }

    [Fact]
    public void A_NaN_score_is_rejected_naming_its_row()
    {
        var error = Assert.Throws<ArgumentException>(() => RankingMetrics.AucRoc([0.1, double.NaN], [true, false]));
        Assert.Contains("scores[1]", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RankingMetrics.AveragePrecision([double.NaN], [true]));
    }

    [Fact]
    public void Empty_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => RankingMetrics.AucRoc([], []));
        Assert.Throws<ArgumentException>(() => RankingMetrics.AveragePrecision([], []));
    }

    [Fact]
    public void Random_data_with_many_ties_agrees_with_the_quadratic_definitions()
    {
        var random = new Random(20181);
        for (int trial = 0; trial < 20; trial++)
        {
            int n = random.Next(2, 300);
            // Scores on a coarse grid force large tie groups; both classes are guaranteed.
            double[] scores = [.. Enumerable.Range(0, n).Select(_ => random.Next(0, 8) / 8.0)];
            bool[] labels = [.. Enumerable.Range(0, n).Select(i => i == 0 || (i != 1 && random.NextDouble() < 0.2))];

            Assert.Equal(PairwiseAuc(scores, labels), RankingMetrics.AucRoc(scores, labels), 12);
            Assert.Equal(ThresholdByThresholdAp(scores, labels), RankingMetrics.AveragePrecision(scores, labels), 12);
        }
    }

    // Definition of AUC as a probability over pairs, O(n²).
    private static double PairwiseAuc(double[] scores, bool[] labels)
    {
        double correct = 0;
        long pairs = 0;
        for (int f = 0; f < scores.Length; f++)
        {
            if (!labels[f])
            {
                continue;
            }

            for (int g = 0; g < scores.Length; g++)
            {
                if (labels[g])
                {
                    continue;
                }

                pairs++;
                correct += scores[f] > scores[g] ? 1 : scores[f] == scores[g] ? 0.5 : 0;
            }
        }

        return correct / pairs;
    }

    // Definition of AP: recount precision and recall from scratch at each distinct threshold, O(n²).
    private static double ThresholdByThresholdAp(double[] scores, bool[] labels)
    {
        int positives = labels.Count(l => l);
        double ap = 0;
        double previousRecall = 0;
        foreach (double threshold in scores.Distinct().OrderDescending())
        {
            int flagged = 0;
            int truePositives = 0;
            for (int i = 0; i < scores.Length; i++)
            {
                if (scores[i] >= threshold)
                {
                    flagged++;
                    truePositives += labels[i] ? 1 : 0;
                }
            }

            double recall = (double)truePositives / positives;
            ap += (recall - previousRecall) * truePositives / flagged;
            previousRecall = recall;
        }

        return ap;
    }
}
