using System.Buffers;
using System.Globalization;
using System.Text;
using FraudActors.Ml.Data;

namespace FraudActors.Ml.Evaluation;

/// <summary>
/// A model's scores on one handbook split (AUC ROC, average precision, Card Precision@100 with its per-day values,
/// and the split's counts), rendered as a plain-text table beside published reference scores.
/// </summary>
public sealed class EvaluationReport
{
    /// <summary>The investigators' daily card budget the handbook reports: CP@100.</summary>
    public const int TopK = 100;

    private EvaluationReport(string modelName, HandbookSplit split, ModelScores scores, CardPrecisionResult cardPrecision)
    {
        ModelName = modelName;
        Protocol = split.Protocol;
        Scores = scores;
        CardPrecision = cardPrecision;
        TrainRows = split.TrainRows.Length;
        TrainFrauds = split.TrainFrauds;
        TestRows = split.TestRows.Length;
        TestFrauds = split.TestFrauds;
    }

    /// <summary>The model evaluated, as it should appear in the table.</summary>
    public string ModelName { get; }

    /// <summary>The periods of the split.</summary>
    public HandbookProtocol Protocol { get; }

    /// <summary>AUC ROC, average precision and CP@100 on the test set.</summary>
    public ModelScores Scores { get; }

    /// <summary>CP@100 with its per-day values.</summary>
    public CardPrecisionResult CardPrecision { get; }

    /// <summary>Training transactions.</summary>
    public int TrainRows { get; }

    /// <summary>Frauds among the training transactions.</summary>
    public int TrainFrauds { get; }

    /// <summary>Test transactions after removing known-compromised cards.</summary>
    public int TestRows { get; }

    /// <summary>Frauds among the test transactions.</summary>
    public int TestFrauds { get; }

    /// <summary>Scores a model's test predictions on a split.</summary>
    /// <param name="modelName">The model's name for the table.</param>
    /// <param name="split">The split, made from <paramref name="transactions"/>.</param>
    /// <param name="transactions">The transaction list the split's row indices point into.</param>
    /// <param name="testScores">One score per test row, in the order of <see cref="HandbookSplit.TestRows"/>.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">
    /// The score count differs from the test row count, a row index lies outside <paramref name="transactions"/>,
    /// a score is NaN, or the test set lacks a class.
    /// </exception>
    public static EvaluationReport Create(
        string modelName,
        HandbookSplit split,
        IReadOnlyList<Transaction> transactions,
        ReadOnlySpan<double> testScores)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(transactions);
        ReadOnlySpan<int> rows = split.TestRows.AsSpan();
        if (testScores.Length != rows.Length)
        {
            throw new ArgumentException(
                $"testScores holds {testScores.Length} scores but the split has {rows.Length} test rows: one score per test row, in test-row order.",
                nameof(testScores));
        }

        int n = rows.Length;
        bool[] labelBuffer = ArrayPool<bool>.Shared.Rent(n);
        DateOnly[] dayBuffer = ArrayPool<DateOnly>.Shared.Rent(n);
        int[] cardBuffer = ArrayPool<int>.Shared.Rent(n);
        try
        {
            Span<bool> labels = labelBuffer.AsSpan(0, n);
            Span<DateOnly> days = dayBuffer.AsSpan(0, n);
            Span<int> cards = cardBuffer.AsSpan(0, n);
            for (int i = 0; i < n; i++)
            {
                int row = rows[i];
                if ((uint)row >= (uint)transactions.Count)
                {
                    throw new ArgumentException(
                        $"Test row {row} lies outside the {transactions.Count} transactions: the split was made from another list.",
                        nameof(transactions));
                }

                Transaction transaction = transactions[row];
                labels[i] = transaction.IsFraud;
                days[i] = transaction.DayUtc;
                cards[i] = transaction.CustomerId;
            }

            CardPrecisionResult cardPrecision = Evaluation.CardPrecision.AtK(days, cards, testScores, labels, TopK);
            var scores = new ModelScores(
                RankingMetrics.AucRoc(testScores, labels),
                RankingMetrics.AveragePrecision(testScores, labels),
                cardPrecision.Mean);
            return new EvaluationReport(modelName, split, scores, cardPrecision);
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(labelBuffer);
            ArrayPool<DateOnly>.Shared.Return(dayBuffer);
            ArrayPool<int>.Shared.Return(cardBuffer);
        }
    }

    /// <summary>Renders the report beside the book's XGBoost and random scorer (<see cref="HandbookReference.DefaultComparison"/>).</summary>
    /// <returns>A plain-text table.</returns>
    public string Render() => Render(HandbookReference.DefaultComparison);

    /// <summary>
    /// Renders the counts, our scores beside each reference with a difference row (ours − reference), and the per-day CP@100.
    /// The book's counts are shown beside ours only when this is the book's default split.
    /// </summary>
    /// <param name="references">The published scores to compare with, in display order.</param>
    /// <returns>A plain-text table, three decimals as in the book.</returns>
    public string Render(IEnumerable<ReferenceScores> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"{ModelName} on the handbook protocol: {Protocol}");
        text.AppendLine();

        text.AppendLine(culture, $"{"rows",-6}{"train",10}{"frauds",9}{"test",10}{"frauds",9}");
        text.AppendLine(culture, $"{"ours",-6}{TrainRows,10:N0}{TrainFrauds,9:N0}{TestRows,10:N0}{TestFrauds,9:N0}");
        if (Protocol == HandbookProtocol.Book)
        {
            text.AppendLine(culture, $"{"book",-6}{HandbookReference.TrainRows,10:N0}{HandbookReference.TrainFrauds,9:N0}{HandbookReference.TestRows,10:N0}{HandbookReference.TestFrauds,9:N0}");
        }

        text.AppendLine();
        var lines = new List<(string Label, string Auc, string Ap, string Cp)>
        {
            ("model", "AUC ROC", "AP", $"CP@{TopK}"),
            ($"{ModelName} (ours)", Score(Scores.AucRoc), Score(Scores.AveragePrecision), Score(Scores.CardPrecisionAt100)),
        };
        foreach (ReferenceScores reference in references)
        {
            ModelScores theirs = reference.Scores;
            lines.Add(($"{reference.Model} ({reference.Setting})", Score(theirs.AucRoc), Score(theirs.AveragePrecision), Score(theirs.CardPrecisionAt100)));
            lines.Add((
                "  difference (ours − reference)",
                Difference(Scores.AucRoc - theirs.AucRoc),
                Difference(Scores.AveragePrecision - theirs.AveragePrecision),
                Difference(Scores.CardPrecisionAt100 - theirs.CardPrecisionAt100)));
        }

        int labelWidth = lines.Max(static line => line.Label.Length) + 2;
        foreach ((string label, string auc, string ap, string cp) in lines)
        {
            text.Append(label.PadRight(labelWidth)).Append(auc.PadLeft(8)).Append(ap.PadLeft(8)).Append(cp.PadLeft(8)).AppendLine();
        }

        text.AppendLine();
        text.AppendLine(culture, $"{"day",-12}{$"CP@{TopK}",8}{"found",7}{"fraud cards",13}{"cards",8}");
        foreach (CardPrecisionDay day in CardPrecision.Days)
        {
            text.AppendLine(culture, $"{day.Day.ToString("yyyy-MM-dd", culture),-12}{Score(day.Precision),8}{day.FraudulentCardsInTopK,7}{day.FraudulentCards,13}{day.RankedCards,8}");
        }

        text.AppendLine(culture, $"{"mean",-12}{Score(CardPrecision.Mean),8}");
        return text.ToString();
    }

    private static string Score(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Difference(double value) => value.ToString("+0.000;-0.000;+0.000", CultureInfo.InvariantCulture);
}
