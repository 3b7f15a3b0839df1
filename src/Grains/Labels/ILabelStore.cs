using FraudActors.Grains.Interfaces;

namespace FraudActors.Grains.Labels;

/// <summary>
/// Durable fraud labels: the current label of each transaction and the history of every label given, so a
/// correction keeps what it corrected.
/// </summary>
public interface ILabelStore
{
    /// <summary>Records a label once durable; a repeat of the current label changes nothing.</summary>
    ValueTask<LabelOutcome> RecordAsync(TransactionLabel label, CancellationToken cancellationToken);

    /// <summary>The current label of a transaction, or null when it has none.</summary>
    ValueTask<TransactionLabel?> FindAsync(string transactionId, CancellationToken cancellationToken);
}

/// <summary>A fraud label on a transaction.</summary>
/// <param name="TransactionId">The labelled transaction.</param>
/// <param name="IsFraud">True for fraud, false for legitimate.</param>
/// <param name="Source">Who labelled it.</param>
/// <param name="Comment">Free text from the labeller, if any.</param>
/// <param name="LabelledAt">When the label was given.</param>
public sealed record TransactionLabel(string TransactionId, bool IsFraud, LabelSource Source, string? Comment, DateTimeOffset LabelledAt);

/// <summary>What recording a label did.</summary>
/// <param name="Changed">False when the transaction already had this label.</param>
/// <param name="Previous">The label it replaced, if any.</param>
public readonly record struct LabelOutcome(bool Changed, TransactionLabel? Previous);
