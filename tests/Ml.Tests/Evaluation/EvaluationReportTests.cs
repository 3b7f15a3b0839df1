using System.Text.RegularExpressions;
using FraudActors.Ml.Evaluation;

namespace FraudActors.Ml.Tests.Evaluation;

public sealed class EvaluationReportTests
{
    // Test day 2018-08-08, cards 1–4 in time order: fraud 0.9, genuine 0.8, fraud 0.3, genuine 0.1.
    //   AUC: fraud 0.9 beats both genuine (2), fraud 0.3 beats 0.1 (1): 3/4.
    //   AP: t=0.9 P=1 ΔR=1/2; t=0.8 no new fraud; t=0.3 P=2/3 ΔR=1/2; t=0.1 no new fraud → 1/2 + 1/3 = 5/6.
    //   CP@100: 4 cards, both fraudulent cards in the top 100 → 2/100.
    private static readonly double[] TestScores = [0.9, 0.8, 0.3, 0.1];

    private static TransactionTimeline BookWeekTimeline() => new TransactionTimeline()
        .Add("training genuine", "2018-07-26 12:00:00", card: 99)
        .Add("training fraud", "2018-07-27 12:00:00", card: 98, fraud: true)
        .Add("card 1", "2018-08-08 10:00:00", card: 1, fraud: true)
        .Add("card 2", "2018-08-08 11:00:00", card: 2)
        .Add("card 3", "2018-08-08 12:00:00", card: 3, fraud: true)
        .Add("card 4", "2018-08-08 13:00:00", card: 4);

    [Fact]
    public void Create_scores_the_test_rows_in_split_order()
    {
        var timeline = BookWeekTimeline();
        HandbookSplit split = HandbookProtocol.Book.Split(timeline.Transactions);

        EvaluationReport report = EvaluationReport.Create("XGBoost", split, timeline.Transactions, TestScores);

        Assert.Equal(0.75, report.Scores.AucRoc, 15);
        Assert.Equal(5.0 / 6, report.Scores.AveragePrecision, 15);
        Assert.Equal(0.02, report.Scores.CardPrecisionAt100, 15);
        Assert.Equal(new CardPrecisionDay(new DateOnly(2018, 8, 8), 0.02, 2, 2, 4), Assert.Single(report.CardPrecision.Days));
        Assert.Equal((2, 1, 4, 2), (report.TrainRows, report.TrainFrauds, report.TestRows, report.TestFrauds));
    }

    [Fact]
    public void Render_sets_ours_beside_the_book_with_differences_worked_by_hand()
    {
        var timeline = BookWeekTimeline();
        HandbookSplit split = HandbookProtocol.Book.Split(timeline.Transactions);

        string table = EvaluationReport.Create("XGBoost", split, timeline.Transactions, TestScores).Render();

        // ours 0.750 / 0.833 / 0.020;
        // − XGBoost 0.862 / 0.639 / 0.273 = −0.112 / +0.194 / −0.253;
        // − random 0.500 / 0.007 / 0.017 = +0.250 / +0.826 / +0.003.
        Assert.Matches(new Regex(@"XGBoost \(ours\)\s+0\.750\s+0\.833\s+0\.020\r?\n"), table);
        Assert.Matches(new Regex(@"XGBoost \(book, default split\)\s+0\.862\s+0\.639\s+0\.273\r?\n\s+difference \(ours − reference\)\s+-0\.112\s+\+0\.194\s+-0\.253\r?\n"), table);
        Assert.Matches(new Regex(@"random scorer \(book, default split\)\s+0\.500\s+0\.007\s+0\.017\r?\n\s+difference \(ours − reference\)\s+\+0\.250\s+\+0\.826\s+\+0\.003\r?\n"), table);
        Assert.Matches(new Regex(@"\nours\s+2\s+1\s+4\s+2\r?\n"), table);
        Assert.Matches(new Regex(@"\nbook\s+67,240\s+598\s+58,264\s+385\r?\n"), table);
        Assert.Matches(new Regex(@"2018-08-08\s+0\.020\s+2\s+2\s+4\r?\n"), table);
        Assert.Matches(new Regex(@"\nmean\s+0\.020\r?\n"), table);
    }

    [Fact]
    public void Render_accepts_any_reference_rows_and_omits_the_book_counts_on_another_split()
    {
        var timeline = BookWeekTimeline();
        var oneDayEarlier = new HandbookProtocol(HandbookProtocol.BookTrainingStart.AddDays(-1));
        HandbookSplit split = oneDayEarlier.Split(timeline.Transactions);
        ReferenceScores logistic = HandbookReference.DefaultSplitScores.Single(r => r.Model == "logistic regression");

        string table = EvaluationReport.Create("candidate", split, timeline.Transactions, TestScores).Render([logistic]);

        // 0.750 − 0.871 = −0.121; 0.8333 − 0.606 = +0.227; 0.020 − 0.291 = −0.271.
        Assert.Matches(new Regex(@"logistic regression \(book, default split\)\s+0\.871\s+0\.606\s+0\.291\r?\n\s+difference \(ours − reference\)\s+-0\.121\s+\+0\.227\s+-0\.271"), table);
        Assert.DoesNotContain("XGBoost", table, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(@"\nbook\s"), table);
    }

    [Fact]
    public void Scores_not_matching_the_test_rows_are_rejected()
    {
        var timeline = BookWeekTimeline();
        HandbookSplit split = HandbookProtocol.Book.Split(timeline.Transactions);

        var error = Assert.Throws<ArgumentException>(() => EvaluationReport.Create("m", split, timeline.Transactions, [0.1, 0.2, 0.3]));

        Assert.Equal("testScores", error.ParamName);
        Assert.Contains("4 test rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_split_from_a_longer_list_is_rejected()
    {
        var timeline = BookWeekTimeline();
        HandbookSplit split = HandbookProtocol.Book.Split(timeline.Transactions);

        Assert.Throws<ArgumentException>(() => EvaluationReport.Create("m", split, timeline.Transactions[..4], TestScores));
    }

    [Fact]
    public void The_book_table_holds_the_published_xgboost_and_random_scores()
    {
        Assert.Equal(new ModelScores(0.862, 0.639, 0.273), HandbookReference.Xgboost.Scores);
        Assert.Equal(new ModelScores(0.5, 0.007, 0.017), HandbookReference.RandomScorer.Scores);
        Assert.Equal([HandbookReference.Xgboost, HandbookReference.RandomScorer], HandbookReference.DefaultComparison);
    }
}
