using FraudActors.Ml.Evaluation;

namespace FraudActors.Ml.Tests.Evaluation;

public sealed class CardPrecisionTests
{
    private static readonly DateOnly Day1 = new(2018, 8, 8);
    private static readonly DateOnly Day2 = new(2018, 8, 9);

    [Fact]
    public void A_fraudulent_card_found_on_day_one_is_dropped_on_day_two_but_a_genuine_one_from_the_top_k_is_not()
    {
        // k = 2.
        // Day 1: card 1 max 0.9 fraud; card 2 max 0.8 genuine (two rows); card 3 max 0.1, fraud on its other row.
        //        Top 2 = {1 (fraud), 2 (genuine)} → 1/2. Found: card 1.
        // Day 2: card 1 0.95 fraud (dropped: found on day 1); card 2 max score 0.9 from a genuine row, fraud on another
        //        row → a fraudulent card; card 3 0.5 genuine; card 4 0.4 genuine; card 5 0.3 fraud.
        //        Ranked after dropping card 1: 2 (fraud), 3, 4, 5 → top 2 = {2, 3} → 1/2.
        //        Not dropping card 1 would give {1, 2} → 1; dropping all of day 1's top 2 would give {3, 4} → 0.
        // Mean = (1/2 + 1/2) / 2 = 1/2.
        var rows = new CardRows()
            .Add(Day2, 5, 0.3, true)
            .Add(Day1, 1, 0.9, true)
            .Add(Day1, 2, 0.8, false)
            .Add(Day1, 2, 0.2, false)
            .Add(Day1, 3, 0.05, false)
            .Add(Day1, 3, 0.1, true)
            .Add(Day2, 1, 0.95, true)
            .Add(Day2, 2, 0.9, false)
            .Add(Day2, 2, 0.1, true)
            .Add(Day2, 3, 0.5, false)
            .Add(Day2, 4, 0.4, false);

        CardPrecisionResult result = rows.AtK(k: 2);

        Assert.Equal(2, result.K);
        Assert.Equal(0.5, result.Mean);
        Assert.Equal(
            [new CardPrecisionDay(Day1, 0.5, 1, 2, 3), new CardPrecisionDay(Day2, 0.5, 1, 2, 4)],
            result.Days);
    }

    [Fact]
    public void Tied_card_scores_rank_the_lower_card_id_first()
    {
        // Three cards at 0.5, listed high id first; only card 3 is fraudulent. k = 1 must pick card 3.
        var fraudOnLowest = new CardRows()
            .Add(Day1, 7, 0.5, false)
            .Add(Day1, 5, 0.5, false)
            .Add(Day1, 3, 0.5, true);
        Assert.Equal(1.0, fraudOnLowest.AtK(k: 1).Mean);

        // Same ties with the fraud on card 5: k = 1 picks card 3 (genuine) → 0; k = 2 picks 3 and 5 → 1/2.
        var fraudOnMiddle = new CardRows()
            .Add(Day1, 7, 0.5, false)
            .Add(Day1, 5, 0.5, true)
            .Add(Day1, 3, 0.5, false);
        Assert.Equal(0.0, fraudOnMiddle.AtK(k: 1).Mean);
        Assert.Equal(0.5, fraudOnMiddle.AtK(k: 2).Mean);
    }

    [Fact]
    public void Negative_card_ids_rank_below_positive_ones_in_a_tie()
    {
        var rows = new CardRows()
            .Add(Day1, 4, 0.5, false)
            .Add(Day1, -4, 0.5, true);
        Assert.Equal(1.0, rows.AtK(k: 1).Mean);
    }

    [Fact]
    public void The_divisor_is_k_even_when_fewer_cards_than_k_remain_as_in_the_book()
    {
        // The book's card_precision_top_k_day divides by top_k: 2 fraudulent cards among 3 → 2/100, not 2/3.
        var rows = new CardRows()
            .Add(Day1, 1, 0.9, true)
            .Add(Day1, 2, 0.5, false)
            .Add(Day1, 3, 0.1, true);

        CardPrecisionResult result = rows.AtK(k: 100);

        Assert.Equal(0.02, result.Mean, 15);
        Assert.Equal(new CardPrecisionDay(Day1, 0.02, 2, 2, 3), Assert.Single(result.Days));
    }

    [Fact]
    public void A_day_left_with_only_cards_found_earlier_scores_zero_and_counts_in_the_mean()
    {
        // Day 2 holds only card 1, found on day 1: nothing to rank, 0 / k, and the mean is over both days.
        var rows = new CardRows()
            .Add(Day1, 1, 0.9, true)
            .Add(Day2, 1, 0.9, true);

        CardPrecisionResult result = rows.AtK(k: 1);

        Assert.Equal([new CardPrecisionDay(Day1, 1, 1, 1, 1), new CardPrecisionDay(Day2, 0, 0, 0, 0)], result.Days);
        Assert.Equal(0.5, result.Mean);
    }

    [Fact]
    public void A_card_score_is_its_day_maximum_not_its_first_row()
    {
        // Card 1's first row scores 0.1, its second 0.8; card 2 scores 0.5. k = 1 must pick card 1 (fraud).
        var rows = new CardRows()
            .Add(Day1, 1, 0.1, true)
            .Add(Day1, 2, 0.5, false)
            .Add(Day1, 1, 0.8, false);
        Assert.Equal(1.0, rows.AtK(k: 1).Mean);
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        DateOnly[] days = [Day1, Day1];
        int[] cards = [1, 2];
        bool[] labels = [true, false];

        Assert.Throws<ArgumentOutOfRangeException>(() => CardPrecision.AtK(days, cards, [0.1, 0.2], labels, 0));
        Assert.Equal("cardIds", Assert.Throws<ArgumentException>(() => CardPrecision.AtK(days, [1], [0.1, 0.2], labels, 1)).ParamName);
        Assert.Equal("days", Assert.Throws<ArgumentException>(() => CardPrecision.AtK([Day1], cards, [0.1, 0.2], labels, 1)).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => CardPrecision.AtK(days, cards, [0.1, 0.2], [true], 1)).ParamName);
        Assert.Throws<ArgumentException>(() => CardPrecision.AtK(days, cards, [0.1, double.NaN], labels, 1));
        Assert.Throws<ArgumentException>(() => CardPrecision.AtK([], [], [], [], 1));
    }

    private sealed class CardRows
    {
        private readonly List<(DateOnly Day, int Card, double Score, bool Fraud)> _rows = [];

        public CardRows Add(DateOnly day, int card, double score, bool fraud)
        {
            _rows.Add((day, card, score, fraud));
            return this;
        }

        public CardPrecisionResult AtK(int k) => CardPrecision.AtK(
            [.. _rows.Select(r => r.Day)],
            [.. _rows.Select(r => r.Card)],
            [.. _rows.Select(r => r.Score)],
            [.. _rows.Select(r => r.Fraud)],
            k);
    }
}
