namespace FraudActors.Grains.Interfaces;

/// <summary>Why a well-formed transaction was refused by the domain.</summary>
public enum RejectionKind
{
    /// <summary>The transaction id was already used for a different transaction.</summary>
    Conflict,

    /// <summary>The timestamp is earlier than the customer's history allows (beyond the allowed lateness).</summary>
    TooLate,

    /// <summary>The timestamp lies outside the range the system accepts.</summary>
    OutOfRange,

    /// <summary>No model is loaded, so nothing can be scored yet.</summary>
    NoModel,
}

/// <summary>
/// A transaction the domain refused; nothing about it was recorded. Carries the offending field so the gateway
/// can answer with a problem naming it.
/// </summary>
public sealed class TransactionRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransactionRejectedException(RejectionKind kind, string field, string message) : base(message)
    {
        Kind = kind;
        Field = field;
    }

    /// <summary>Creates the exception.</summary>
    public TransactionRejectedException()
    {
        Field = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public TransactionRejectedException(string message) : base(message)
    {
        Field = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public TransactionRejectedException(string message, Exception innerException) : base(message, innerException)
    {
        Field = string.Empty;
    }

    /// <summary>Why it was refused.</summary>
    public RejectionKind Kind { get; }

    /// <summary>The request field at fault (camelCase, as in the public API).</summary>
    public string Field { get; }
}
