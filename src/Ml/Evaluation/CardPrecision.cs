using System.Buffers;
using System.Collections.Immutable;

namespace FraudActors.Ml.Evaluation;

/// <summary>
/// Card Precision@k, the handbook's measure of what investigators who check k cards a day actually find
/// (reference §3 with the readings of §6).
/// </summary>
/// <remarks>
/// Per day: each card's score is its maximum transaction score of the day and its label the maximum label;
/// cards are ranked by score descending, ties broken by lower card id first; CP@k = fraudulent cards in the
/// top k / k. A <em>fraudulent</em> card found in an earlier day's top k is dropped from later days (a genuine card
/// in an earlier top k is not: it was checked and cleared, and may be compromised later).
/// The divisor is always k, also when fewer than k cards are left to rank: that is what the book's
/// <c>card_precision_top_k_day</c> does (<c>len(list_detected_compromised_cards) / top_k</c>), so a day with only
/// 30 cards, 10 of them fraudulent, scores 10 / 100 = 0.1 at k = 100, not 10 / 30.
/// </remarks>
public static class CardPrecision
{
    /// <summary>Computes Card Precision@k over the days present in the rows, with the per-day values.</summary>
    /// <param name="days">The UTC calendar day of each row (the transaction's day).</param>
    /// <param name="cardIds">The card (customer) id of each row.</param>
    /// <param name="scores">The score of each row; higher means more suspicious.</param>
    /// <param name="labels">The fraud label of each row.</param>
    /// <param name="k">Cards checked per day; the book uses 100.</param>
    /// <returns>The mean over the days present in the input, and each day's value.</returns>
    /// <exception cref="ArgumentException">The spans differ in length, are empty, or a score is NaN.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    public static CardPrecisionResult AtK(
        ReadOnlySpan<DateOnly> days,
        ReadOnlySpan<int> cardIds,
        ReadOnlySpan<double> scores,
        ReadOnlySpan<bool> labels,
        int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        MetricArguments.RequireSameLength(scores.Length, days.Length, nameof(days));
        MetricArguments.RequireSameLength(scores.Length, cardIds.Length, nameof(cardIds));
        MetricArguments.RequireSameLength(scores.Length, labels.Length, nameof(labels));
        MetricArguments.RequireNotEmpty(scores.Length, "Card Precision@k");
        MetricArguments.RequireNoNaN(scores);

        int n = scores.Length;
        long[] keyBuffer = ArrayPool<long>.Shared.Rent(n);
        int[] rowBuffer = ArrayPool<int>.Shared.Rent(n);
        RankedCard[] cardBuffer = ArrayPool<RankedCard>.Shared.Rent(n);
        try
        {
            // One sort by (day, card) groups each day's rows by card, so a card's maximum score and label are a
            // single pass, and the days come out in increasing order.
            Span<long> dayCardKeys = keyBuffer.AsSpan(0, n);
            Span<int> rows = rowBuffer.AsSpan(0, n);
            for (int i = 0; i < n; i++)
            {
                dayCardKeys[i] = DayCardKey(days[i], cardIds[i]);
                rows[i] = i;
            }

            dayCardKeys.Sort(rows);

            var foundFraudulentCards = new HashSet<int>();
            var results = ImmutableArray.CreateBuilder<CardPrecisionDay>();
            for (int dayStart = 0; dayStart < n;)
            {
                DateOnly day = days[rows[dayStart]];
                int dayEnd = dayStart + 1;
                while (dayEnd < n && (dayCardKeys[dayEnd] >> 32) == (dayCardKeys[dayStart] >> 32))
                {
                    dayEnd++;
                }

                int cardCount = 0;
                int fraudulentCards = 0;
                for (int r = dayStart; r < dayEnd; r++)
                {
                    int row = rows[r];
                    int card = cardIds[row];
                    if (foundFraudulentCards.Contains(card))
                    {
                        continue;
                    }

                    if (cardCount > 0 && cardBuffer[cardCount - 1].CardId == card)
                    {
                        ref RankedCard current = ref cardBuffer[cardCount - 1];
                        current.Score = Math.Max(current.Score, scores[row]);
                        current.IsFraudulent |= labels[row];
                    }
                    else
                    {
                        cardBuffer[cardCount++] = new RankedCard(card, scores[row], labels[row]);
                    }
                }

                Span<RankedCard> cards = cardBuffer.AsSpan(0, cardCount);
                foreach (ref readonly RankedCard card in cards)
                {
                    if (card.IsFraudulent)
                    {
                        fraudulentCards++;
                    }
                }

                cards.Sort(new BySuspicionThenLowerCardId());
                int found = 0;
                foreach (ref readonly RankedCard card in cards[..Math.Min(k, cardCount)])
                {
                    if (card.IsFraudulent)
                    {
                        found++;
                        foundFraudulentCards.Add(card.CardId);
                    }
                }

                results.Add(new CardPrecisionDay(day, (double)found / k, found, fraudulentCards, cardCount));
                dayStart = dayEnd;
            }

            double sum = 0;
            foreach (CardPrecisionDay result in results)
            {
                sum += result.Precision;
            }

            return new CardPrecisionResult(k, sum / results.Count, results.DrainToImmutable());
        }
        finally
        {
            ArrayPool<long>.Shared.Return(keyBuffer);
            ArrayPool<int>.Shared.Return(rowBuffer);
            ArrayPool<RankedCard>.Shared.Return(cardBuffer);
        }
    }

    // Day in the high half, card in the low half with its sign bit flipped so negative ids still sort below positive ones.
    private static long DayCardKey(DateOnly day, int cardId) =>
        ((long)day.DayNumber << 32) | (uint)(cardId ^ int.MinValue);

    private struct RankedCard(int cardId, double score, bool isFraudulent)
    {
        public readonly int CardId = cardId;
        public double Score = score;
        public bool IsFraudulent = isFraudulent;
    }

    private readonly struct BySuspicionThenLowerCardId : IComparer<RankedCard>
    {
        public int Compare(RankedCard x, RankedCard y)
        {
            int byScore = y.Score.CompareTo(x.Score);
            return byScore != 0 ? byScore : x.CardId.CompareTo(y.CardId);
        }
    }
}
