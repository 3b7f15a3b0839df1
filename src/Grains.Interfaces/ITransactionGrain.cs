using FraudActors.Runtime;

namespace FraudActors.Grains.Interfaces;

/// <summary>
/// A decided transaction after the decision: its logged decision and its labels. Keyed by transaction id.
/// </summary>
public interface ITransactionGrain : IGrainWithStringKey
{
    /// <summary>The logged decision, or null when the transaction was never scored.</summary>
    ValueTask<LoggedDecision?> GetDecisionAsync();

    /// <summary>
    /// Records a fraud label once durable and passes it to the terminal's risk windows. Idempotent: repeating the
    /// current label changes nothing; a different label is a correction, kept with its history.
    /// </summary>
    /// <exception cref="TransactionNotFoundException">No decision is logged for this transaction.</exception>
    ValueTask<LabelResult> LabelAsync(LabelRequest label);
}

/// <summary>A label to record.</summary>
/// <param name="IsFraud">True for fraud, false for legitimate.</param>
/// <param name="Source">Who labels.</param>
/// <param name="Comment">Free text, optional.</param>
public sealed record LabelRequest(bool IsFraud, LabelSource Source, string? Comment);

/// <summary>What recording a label did.</summary>
/// <param name="TransactionId">The labelled transaction.</param>
/// <param name="IsFraud">The label now in force.</param>
/// <param name="Changed">False when the transaction already had this label.</param>
/// <param name="PreviousIsFraud">The label it replaced, if any.</param>
public sealed record LabelResult(string TransactionId, bool IsFraud, bool Changed, bool? PreviousIsFraud);

/// <summary>The transaction is unknown: no decision is logged for it.</summary>
public sealed class TransactionNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransactionNotFoundException(string transactionId)
        : base($"No decision is logged for transaction '{transactionId}'.") => TransactionId = transactionId;

    /// <summary>Creates the exception.</summary>
    public TransactionNotFoundException() => TransactionId = string.Empty;

    /// <summary>Creates the exception.</summary>
    public TransactionNotFoundException(string message, Exception innerException) : base(message, innerException) => TransactionId = string.Empty;

    /// <summary>The unknown transaction.</summary>
    public string TransactionId { get; }
}
