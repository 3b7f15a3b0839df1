namespace FraudActors.Grains.Interfaces.Models;

/// <summary>Champion and challenger on the same recent labelled decisions.</summary>
/// <param name="Days">Days asked for.</param>
/// <param name="From">First day of the decisions read, if any were.</param>
/// <param name="To">Last day of the decisions read, if any were.</param>
/// <param name="Rows">Decisions compared (unlabelled ones count as genuine, as in retraining).</param>
/// <param name="Frauds">Of which labelled fraud.</param>
/// <param name="Champion">The champion's scores.</param>
/// <param name="Challenger">The challenger's scores.</param>
/// <param name="Agreement">Share of decisions both models would decide alike (approve, review or decline); null without rows.</param>
/// <param name="ReviewThreshold">Score from which a decision is a review, used to decide agreement.</param>
/// <param name="DeclineThreshold">Score from which a decision is a decline, used to decide agreement.</param>
public sealed record ModelComparison(
    int Days,
    DateOnly? From,
    DateOnly? To,
    int Rows,
    int Frauds,
    ComparedModel Champion,
    ComparedModel Challenger,
    double? Agreement,
    double ReviewThreshold,
    double DeclineThreshold);

/// <summary>One model's scores in a comparison; a metric is null when the decisions do not define it (no fraud, or no genuine one).</summary>
/// <param name="Version">The version.</param>
/// <param name="Rows">Decisions scored.</param>
/// <param name="Frauds">Of which labelled fraud.</param>
/// <param name="AucRoc">Area under the ROC curve.</param>
/// <param name="AveragePrecision">Average precision.</param>
/// <param name="CardPrecisionAt100">Mean daily card precision at 100.</param>
/// <param name="Flagged">Decisions it would send to review or decline.</param>
public sealed record ComparedModel(string Version, int Rows, int Frauds, double? AucRoc, double? AveragePrecision, double? CardPrecisionAt100, int Flagged);
