namespace FraudActors.Ml.Evaluation;

/// <summary>Card Precision@k on one test day.</summary>
/// <param name="Day">The UTC calendar day.</param>
/// <param name="Precision">Fraudulent cards among the day's top k, divided by k.</param>
/// <param name="FraudulentCardsInTopK">Fraudulent cards among the day's top k: the cards the investigators found that day.</param>
/// <param name="FraudulentCards">
/// Fraudulent cards of the day that were still rankable, i.e. not found on an earlier day
/// (the book's <c>nb_compromised_cards_per_day</c>): the most the day's top k could find is min(k, this).
/// </param>
/// <param name="RankedCards">Distinct cards ranked that day, after dropping the cards found earlier.</param>
public sealed record CardPrecisionDay(
    DateOnly Day,
    double Precision,
    int FraudulentCardsInTopK,
    int FraudulentCards,
    int RankedCards);
