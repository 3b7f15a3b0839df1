using FraudActors.Grains.Interfaces.Models;
using FraudActors.Ml.Evaluation;
using FraudActors.Ml.Models;
using FraudActors.Ml.Training;

namespace FraudActors.Grains.Models;

/// <summary>
/// Scores the same labelled rows with two models and measures both with the handbook's metrics (as retraining's
/// judge does) and how often they would decide alike. Pure and CPU-bound: callers run it off any grain turn.
/// </summary>
internal static class ModelComparer
{
    public static ModelComparison Compare(LabelledRows rows, ScoringModel champion, ScoringModel challenger, int days, double reviewThreshold, double declineThreshold)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(challenger);
        var n = rows.Count;
        var championScores = new double[n];
        var challengerScores = new double[n];
        var labels = new bool[n];
        var dayOf = new DateOnly[n];
        var cards = new int[n];
        var agreeing = 0;
        for (var i = 0; i < n; i++)
        {
            var features = rows.Features(i);
            championScores[i] = champion.Score(features);
            challengerScores[i] = challenger.Score(features);
            labels[i] = rows.IsFraud(i);
            dayOf[i] = rows.Day(i);
            cards[i] = rows.Customer(i);
            if (Level(championScores[i], reviewThreshold, declineThreshold) == Level(challengerScores[i], reviewThreshold, declineThreshold))
            {
                agreeing++;
            }
        }

        var frauds = labels.Count(l => l);
        return new ModelComparison(
            days,
            n == 0 ? null : rows.Day(0),
            n == 0 ? null : rows.Day(n - 1),
            n,
            frauds,
            Measure(champion.Version, championScores, labels, dayOf, cards, frauds, reviewThreshold),
            Measure(challenger.Version, challengerScores, labels, dayOf, cards, frauds, reviewThreshold),
            n == 0 ? null : (double)agreeing / n,
            reviewThreshold,
            declineThreshold);
    }

    private static ComparedModel Measure(string version, double[] scores, bool[] labels, DateOnly[] days, int[] cards, int frauds, double reviewThreshold)
    {
        var n = scores.Length;
        var flagged = scores.Count(s => s >= reviewThreshold);

        // The ranking metrics are undefined without both classes (they throw rather than return NaN): answer null,
        // which says "not measurable on these days" instead of a number that could be averaged or compared.
        var ranked = frauds > 0 && frauds < n;
        return new ComparedModel(
            version,
            n,
            frauds,
            ranked ? RankingMetrics.AucRoc(scores, labels) : null,
            ranked ? RankingMetrics.AveragePrecision(scores, labels) : null,
            n > 0 ? CardPrecision.AtK(days, cards, scores, labels, EvaluationReport.TopK).Mean : null,
            flagged);
    }

    // The decision a score leads to, as the scorer decides it: 0 approve, 1 review, 2 decline.
    private static int Level(double score, double review, double decline) => score >= decline ? 2 : score >= review ? 1 : 0;
}
