using FraudActors.Grains.Interfaces;

namespace FraudActors.Grains.Decisions;

/// <summary>
/// The durable, append-only record of every decision: the source of truth for idempotency, audit, the rebuild of
/// customer and terminal windows after a restart, and training on production data.
/// </summary>
public interface IDecisionLog
{
    /// <summary>
    /// Appends a decision and completes only once it is durable (implementations commit in groups so many appends
    /// share one disk flush). A transaction id already in the log is not written again.
    /// </summary>
    ValueTask<AppendOutcome> AppendAsync(LoggedDecision decision, CancellationToken cancellationToken);

    /// <summary>The logged decision of a transaction, or null.</summary>
    ValueTask<LoggedDecision?> FindAsync(string transactionId, CancellationToken cancellationToken);

    /// <summary>
    /// A customer's logged transactions stamped less than <paramref name="horizon"/> before the customer's latest one,
    /// in time then log order. Relative to the data, not the wall clock, so replayed history recovers like live history.
    /// </summary>
    IAsyncEnumerable<CustomerHistoryEntry> ReadCustomerHistoryAsync(string customerId, TimeSpan horizon, CancellationToken cancellationToken);

    /// <summary>
    /// A terminal's logged transactions stamped less than <paramref name="horizon"/> before the terminal's latest one,
    /// in time then log order, each with its current fraud label (false when unlabelled).
    /// </summary>
    IAsyncEnumerable<TerminalHistoryEntry> ReadTerminalHistoryAsync(string terminalId, TimeSpan horizon, CancellationToken cancellationToken);
}

/// <summary>What an append did.</summary>
public enum AppendOutcome
{
    /// <summary>The decision is durable.</summary>
    Appended,

    /// <summary>The log already holds a decision for this transaction id; nothing was written.</summary>
    DuplicateTransaction,
}

/// <summary>A customer's past transaction, enough to rebuild its windows.</summary>
/// <param name="TransactionId">The transaction id.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="AmountCents">Its amount.</param>
public readonly record struct CustomerHistoryEntry(string TransactionId, DateTimeOffset Timestamp, long AmountCents);

/// <summary>A terminal's past transaction, enough to rebuild its delayed windows.</summary>
/// <param name="TransactionId">The transaction id.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="IsFraud">Its current fraud label (false when unlabelled).</param>
public readonly record struct TerminalHistoryEntry(string TransactionId, DateTimeOffset Timestamp, bool IsFraud);
