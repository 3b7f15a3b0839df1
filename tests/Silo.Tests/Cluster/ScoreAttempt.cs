namespace FraudActors.Silo.Tests.Cluster;

/// <summary>How one HTTP attempt to score a transaction ended, as the client saw it.</summary>
internal enum AttemptOutcome
{
    /// <summary>200 with a decision.</summary>
    Acknowledged,

    /// <summary>503 with ProblemDetails: the cluster said "not now, retry".</summary>
    Unavailable,

    /// <summary>The connection could not be made, or broke before the answer (refused, reset, ended early).</summary>
    ConnectionFailed,

    /// <summary>No answer within the request's deadline.</summary>
    TimedOut,

    /// <summary>Any other answer (a 500, a 4xx): an error a client cannot fix by retrying.</summary>
    NotRetryable,
}

/// <summary>One HTTP attempt to score a transaction.</summary>
/// <param name="TransactionId">The transaction.</param>
/// <param name="CustomerId">Its customer.</param>
/// <param name="Silo">The silo whose HTTP API it was sent to.</param>
/// <param name="SentAt">When it was sent (Stopwatch timestamp).</param>
/// <param name="Elapsed">How long until it ended.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Detail">Status code and body, or the exception, for anything but an acknowledgement.</param>
internal sealed record ScoreAttempt(
    string TransactionId, string CustomerId, string Silo, long SentAt, TimeSpan Elapsed, AttemptOutcome Outcome, string? Detail);
