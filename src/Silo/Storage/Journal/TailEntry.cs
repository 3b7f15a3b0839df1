using FraudActors.Grains.Interfaces;
using FraudActors.Silo.Storage.Sqlite;

namespace FraudActors.Silo.Storage.Journal;

/// <summary>
/// One decision on its way through the log: encoded by its appender, numbered and written by the journal writer,
/// held in the <see cref="DecisionTail"/> until the indexer has committed it to SQLite. About 120 bytes plus the
/// payload (about 220) and the ids, which the caller's request already holds.
/// </summary>
internal sealed class TailEntry
{
    public TailEntry(ulong fingerprint, ScoreRequest request, byte[] payload)
        : this(fingerprint, request.TransactionId, request.CustomerId, request.TerminalId, request.AmountCents, request.Timestamp, payload)
    {
    }

    public TailEntry(
        ulong fingerprint, string transactionId, string customerId, string terminalId, long amountCents, DateTimeOffset timestamp, byte[] payload)
    {
        Fingerprint = fingerprint;
        TransactionId = transactionId;
        CustomerId = customerId;
        TerminalId = terminalId;
        AmountCents = amountCents;
        EventTime = StoredInstant.From(timestamp);
        Payload = payload;
    }

    /// <summary>Journal sequence number: set by the writer when it writes the entry.</summary>
    public long Sequence { get; set; }

    /// <summary>Fingerprint of <see cref="TransactionId"/> (<see cref="TransactionFingerprints"/>).</summary>
    public ulong Fingerprint { get; }

    public string TransactionId { get; }

    public string CustomerId { get; }

    public string TerminalId { get; }

    public long AmountCents { get; }

    /// <summary>The transaction's time as the store keeps and compares it.</summary>
    public StoredInstant EventTime { get; }

    /// <summary>The <see cref="DecisionRecord"/> payload.</summary>
    public byte[] Payload { get; }

    // Links, written under the tail's lock only: the log order, and each customer's and terminal's entries.
    internal TailEntry? NextInLog { get; set; }

    internal TailEntry? NextOfCustomer { get; set; }

    internal TailEntry? NextOfTerminal { get; set; }
}
