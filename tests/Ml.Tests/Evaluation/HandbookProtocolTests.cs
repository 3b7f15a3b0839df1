using System.Collections.ObjectModel;
using FraudActors.Ml.Data;
using FraudActors.Ml.Evaluation;

namespace FraudActors.Ml.Tests.Evaluation;

public sealed class HandbookProtocolTests
{
    [Fact]
    public void The_book_protocol_trains_on_july_25_to_31_and_tests_on_august_8_to_14()
    {
        HandbookProtocol book = HandbookProtocol.Book;

        Assert.Equal(new DateOnly(2018, 7, 25), book.TrainingStart);
        Assert.Equal(new DateOnly(2018, 7, 31), book.TrainingLastDay);
        Assert.Equal(new DateOnly(2018, 8, 8), book.TestStart);
        Assert.Equal(new DateOnly(2018, 8, 14), book.TestLastDay);
        Assert.Equal(8, book.KnownFraudLagDays);
    }

    [Fact]
    public void Split_keeps_whole_utc_days_and_leaves_the_delay_out_of_both_sets()
    {
        var timeline = new TransactionTimeline()
            .Add("before training", "2018-07-24 23:59:59", card: 1)
            .Add("first training second", "2018-07-25 00:00:00", card: 2)
            .Add("last training second", "2018-07-31 23:59:59", card: 3)
            .Add("first delay second", "2018-08-01 00:00:00", card: 4)
            .Add("last delay second", "2018-08-07 23:59:59", card: 5)
            .Add("first test second", "2018-08-08 00:00:00", card: 6)
            .Add("last test second", "2018-08-14 23:59:59", card: 7)
            .Add("after test", "2018-08-15 00:00:00", card: 8);

        HandbookSplit split = HandbookProtocol.Book.Split(timeline.Transactions);

        Assert.Equal(timeline.Rows("first training second", "last training second"), split.TrainRows);
        Assert.Equal(timeline.Rows("first test second", "last test second"), split.TestRows);
        Assert.Equal(0, split.TrainFrauds);
        Assert.Equal(0, split.KnownCompromisedRowsRemoved);
    }

    [Fact]
    public void Known_compromised_cards_are_those_with_a_fraud_from_the_training_start_to_eight_days_before_the_test_day()
    {
        var timeline = new TransactionTimeline()
            .Add("training, genuine", "2018-07-26 09:00:00", card: 99)
            // Card 1: fraud on 08-01. Known on day T when 08-01 ≤ T − 8, i.e. from 08-09 on.
            .Add("card 1 fraud", "2018-08-01 12:00:00", card: 1, fraud: true)
            .Add("card 1 on 08-08", "2018-08-08 10:00:00", card: 1)
            .Add("card 1 on 08-09", "2018-08-09 10:00:00", card: 1)
            // Card 2: first fraud on 08-02 = T − 7 for 08-09: not yet known there; known on 08-10.
            .Add("card 2 fraud", "2018-08-02 12:00:00", card: 2, fraud: true)
            .Add("card 2 on 08-09", "2018-08-09 11:00:00", card: 2)
            .Add("card 2 on 08-10", "2018-08-10 11:00:00", card: 2)
            // Card 3: fraud the day before the training start: not known, however early.
            .Add("card 3 fraud", "2018-07-24 12:00:00", card: 3, fraud: true)
            .Add("card 3 on 08-08", "2018-08-08 12:00:00", card: 3)
            .Add("card 3 on 08-14", "2018-08-14 12:00:00", card: 3)
            // Card 4: fraud in training: known on every test day, its test fraud too.
            .Add("card 4 fraud", "2018-07-27 12:00:00", card: 4, fraud: true)
            .Add("card 4 on 08-08", "2018-08-08 13:00:00", card: 4, fraud: true)
            // Card 5: frauds on test days only: never known inside the test week.
            .Add("card 5 fraud on 08-08", "2018-08-08 14:00:00", card: 5, fraud: true)
            .Add("card 5 fraud on 08-14", "2018-08-14 14:00:00", card: 5, fraud: true)
            // Card 6: fraud on the last delay day 08-07 would be known from 08-15, after the test week.
            .Add("card 6 fraud", "2018-08-07 23:00:00", card: 6, fraud: true)
            .Add("card 6 on 08-14", "2018-08-14 15:00:00", card: 6)
            // Card 7: fraud in the last training second (07-31 = T − 8 for 08-08): removed from the first test second.
            .Add("card 7 fraud", "2018-07-31 23:59:59", card: 7, fraud: true)
            .Add("card 7 on 08-08", "2018-08-08 00:00:00", card: 7);

        HandbookSplit split = HandbookProtocol.Book.Split(timeline.Transactions);

        Assert.Equal(timeline.Rows("training, genuine", "card 4 fraud", "card 7 fraud"), split.TrainRows);
        Assert.Equal(2, split.TrainFrauds);
        Assert.Equal(
            timeline.Rows(
                "card 1 on 08-08",
                "card 2 on 08-09",
                "card 3 on 08-08",
                "card 3 on 08-14",
                "card 5 fraud on 08-08",
                "card 5 fraud on 08-14",
                "card 6 on 08-14"),
            split.TestRows);
        Assert.Equal(2, split.TestFrauds);
        Assert.Equal(4, split.KnownCompromisedRowsRemoved);
    }

    [Fact]
    public void Known_fraud_lag_follows_a_configured_delay()
    {
        // Train 07-01 … 07-03, delay 2 d (07-04, 07-05), test 07-06 … 07-09: a fraud on T − 3 is known on T, on T − 2 not.
        var protocol = new HandbookProtocol(new DateOnly(2018, 7, 1), trainingDays: 3, delayDays: 2, testDays: 4);
        var timeline = new TransactionTimeline()
            .Add("training", "2018-07-01 08:00:00", card: 9)
            .Add("card 1 fraud", "2018-07-04 08:00:00", card: 1, fraud: true)
            .Add("card 2 fraud", "2018-07-05 08:00:00", card: 2, fraud: true)
            .Add("card 1 on 07-07", "2018-07-07 08:00:00", card: 1)
            .Add("card 2 on 07-07", "2018-07-07 09:00:00", card: 2)
            .Add("after test", "2018-07-10 00:00:00", card: 2);

        HandbookSplit split = protocol.Split(timeline.Transactions);

        Assert.Equal(3, protocol.KnownFraudLagDays);
        Assert.Equal(new DateOnly(2018, 7, 6), protocol.TestStart);
        Assert.Equal(new DateOnly(2018, 7, 9), protocol.TestLastDay);
        Assert.Equal(timeline.Rows("card 2 on 07-07"), split.TestRows);
    }

    [Fact]
    public void Prequential_folds_step_back_one_test_period_each()
    {
        var folds = HandbookProtocol.Book.PrequentialFolds();

        Assert.Equal(4, folds.Length);
        Assert.Equal(HandbookProtocol.Book, folds[0]);
        Assert.Equal(
            [
                (new DateOnly(2018, 7, 25), new DateOnly(2018, 7, 31), new DateOnly(2018, 8, 8), new DateOnly(2018, 8, 14)),
                (new DateOnly(2018, 7, 18), new DateOnly(2018, 7, 24), new DateOnly(2018, 8, 1), new DateOnly(2018, 8, 7)),
                (new DateOnly(2018, 7, 11), new DateOnly(2018, 7, 17), new DateOnly(2018, 7, 25), new DateOnly(2018, 7, 31)),
                (new DateOnly(2018, 7, 4), new DateOnly(2018, 7, 10), new DateOnly(2018, 7, 18), new DateOnly(2018, 7, 24)),
            ],
            folds.Select(f => (f.TrainingStart, f.TrainingLastDay, f.TestStart, f.TestLastDay)));
    }

    [Fact]
    public void Each_fold_counts_known_frauds_from_its_own_training_start()
    {
        // Card 1's fraud on 07-20 lies before fold 0's training start (07-25) but inside fold 1's (07-18).
        var timeline = new TransactionTimeline()
            .Add("card 1 fraud", "2018-07-20 12:00:00", card: 1, fraud: true)
            .Add("fold 0 training", "2018-07-26 12:00:00", card: 9)
            .Add("fold 1 test, other card", "2018-08-02 11:00:00", card: 8)
            .Add("card 1 on 08-02", "2018-08-02 12:00:00", card: 1)
            .Add("card 1 on 08-08", "2018-08-08 12:00:00", card: 1);

        var splits = HandbookProtocol.Book.SplitPrequential(timeline.Transactions, folds: 2);

        Assert.Equal(timeline.Rows("card 1 on 08-08"), splits[0].TestRows);
        Assert.Equal(timeline.Rows("card 1 fraud"), splits[1].TrainRows);
        Assert.Equal(timeline.Rows("fold 1 test, other card"), splits[1].TestRows);
        Assert.Equal(1, splits[1].KnownCompromisedRowsRemoved);
    }

    [Fact]
    public void An_empty_training_period_is_rejected_naming_its_dates()
    {
        var timeline = new TransactionTimeline().Add("test only", "2018-08-09 12:00:00", card: 1);

        var error = Assert.Throws<ArgumentException>(() => HandbookProtocol.Book.Split(timeline.Transactions));

        Assert.Contains("training period 2018-07-25 … 2018-07-31", error.Message, StringComparison.Ordinal);
        Assert.Contains("2018-08-09", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_test_period_is_rejected_naming_its_dates()
    {
        var timeline = new TransactionTimeline()
            .Add("training", "2018-07-26 12:00:00", card: 1)
            .Add("delay", "2018-08-03 12:00:00", card: 1);

        var error = Assert.Throws<ArgumentException>(() => HandbookProtocol.Book.Split(timeline.Transactions));

        Assert.Contains("test period 2018-08-08 … 2018-08-14", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_test_period_emptied_by_known_compromised_cards_is_rejected_saying_so()
    {
        var timeline = new TransactionTimeline()
            .Add("training fraud", "2018-07-26 12:00:00", card: 1, fraud: true)
            .Add("test", "2018-08-09 12:00:00", card: 1);

        var error = Assert.Throws<ArgumentException>(() => HandbookProtocol.Book.Split(timeline.Transactions));

        Assert.Contains("known-compromised", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_input_is_rejected_as_an_empty_training_period()
    {
        var error = Assert.Throws<ArgumentException>(() => HandbookProtocol.Book.Split(Array.Empty<Transaction>()));

        Assert.Contains("training period", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsorted_input_is_rejected_naming_the_first_out_of_order_id()
    {
        Transaction[] transactions =
        [
            new(10, 1_532_500_000, 1, 1, 100, false, FraudScenario.None),
            new(11, 1_532_500_100, 1, 1, 100, false, FraudScenario.None),
            new(12, 1_532_500_050, 1, 1, 100, false, FraudScenario.None),
            new(13, 1_532_500_000, 1, 1, 100, false, FraudScenario.None),
        ];

        var error = Assert.Throws<ArgumentException>(() => HandbookProtocol.Book.Split(transactions));

        Assert.Contains("transaction id 12 ", error.Message, StringComparison.Ordinal);
        Assert.Equal("transactions", error.ParamName);
    }

    [Fact]
    public void Every_list_type_splits_the_same()
    {
        var timeline = new TransactionTimeline()
            .Add("training", "2018-07-26 12:00:00", card: 1)
            .Add("test", "2018-08-09 12:00:00", card: 2);
        Transaction[] array = timeline.Transactions;

        HandbookSplit fromArray = HandbookProtocol.Book.Split(array);
        HandbookSplit fromList = HandbookProtocol.Book.Split(array.ToList());
        HandbookSplit fromReadOnly = HandbookProtocol.Book.Split(new ReadOnlyCollection<Transaction>(array));

        Assert.Equal(fromArray.TestRows, fromList.TestRows);
        Assert.Equal(fromArray.TestRows, fromReadOnly.TestRows);
        Assert.Equal(fromArray.TrainRows, fromReadOnly.TrainRows);
    }

    [Fact]
    public void Period_lengths_out_of_range_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HandbookProtocol(HandbookProtocol.BookTrainingStart, trainingDays: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HandbookProtocol(HandbookProtocol.BookTrainingStart, delayDays: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HandbookProtocol(HandbookProtocol.BookTrainingStart, testDays: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => HandbookProtocol.Book.PrequentialFolds(0));
    }
}
