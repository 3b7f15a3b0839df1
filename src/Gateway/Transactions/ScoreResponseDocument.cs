namespace FraudActors.Gateway.Transactions;

// These records document the wire format in OpenAPI; the hot path reads and writes JSON by hand
// (ScoreRequestReader, ScoreResultJson). A test deserialises real responses into them strictly.

/// <summary>A transaction to score.</summary>
/// <param name="TransactionId">The payment system's id (1–128 characters); scoring is idempotent on it.</param>
/// <param name="CustomerId">The card (customer) id (1–128 characters).</param>
/// <param name="TerminalId">The terminal id (1–128 characters).</param>
/// <param name="Amount">The amount in currency units, at most two decimals, 0 to 1,000,000.</param>
/// <param name="Timestamp">When the transaction happened: ISO 8601 with a UTC offset.</param>
public sealed record ScoreRequestDocument(string TransactionId, string CustomerId, string TerminalId, decimal Amount, DateTimeOffset Timestamp);

/// <summary>A batch of transactions, scored in order.</summary>
/// <param name="Transactions">1 to 1,000 transactions.</param>
public sealed record ScoreBatchRequestDocument(IReadOnlyList<ScoreRequestDocument> Transactions);

/// <summary>A decision.</summary>
/// <param name="TransactionId">The scored transaction.</param>
/// <param name="Score">The model's fraud probability.</param>
/// <param name="Decision">approve, review or decline.</param>
/// <param name="ModelVersion">The model that scored it.</param>
/// <param name="Reasons">The three features that pushed the score up most.</param>
/// <param name="Explanation">How the reasons were computed: treeshap (exact Shapley values) or path-attribution (Saabas).</param>
/// <param name="Features">The 15 model inputs by name.</param>
/// <param name="DecidedAt">When it was decided.</param>
/// <param name="Replayed">True when this is the logged answer to an earlier request with the same id.</param>
public sealed record ScoreResponseDocument(
    string TransactionId,
    double Score,
    string Decision,
    string ModelVersion,
    IReadOnlyList<ReasonDocument> Reasons,
    string Explanation,
    IReadOnlyDictionary<string, double> Features,
    DateTimeOffset DecidedAt,
    bool Replayed);

/// <summary>One reason for a score.</summary>
/// <param name="Feature">The feature.</param>
/// <param name="Value">Its value.</param>
/// <param name="Contribution">Its contribution to the log-odds of fraud.</param>
public sealed record ReasonDocument(string Feature, double Value, double Contribution);

/// <summary>The outcome of one transaction of a batch.</summary>
/// <param name="TransactionId">The transaction.</param>
/// <param name="Status">200 when scored, otherwise the status a single request would have had.</param>
/// <param name="Result">The decision, when scored.</param>
/// <param name="Problem">Why it was not scored, otherwise.</param>
public sealed record ScoreBatchItemDocument(string TransactionId, int Status, ScoreResponseDocument? Result, Microsoft.AspNetCore.Mvc.ProblemDetails? Problem);

/// <summary>The outcomes of a batch, in request order.</summary>
/// <param name="Results">One per transaction.</param>
public sealed record ScoreBatchResponseDocument(IReadOnlyList<ScoreBatchItemDocument> Results);

/// <summary>A logged decision with the transaction it decided.</summary>
/// <param name="Transaction">The scored transaction.</param>
/// <param name="Result">The decision (the champion's, or the canary's).</param>
/// <param name="Shadow">What the challenger scored in shadow mode, logged for comparison and never used; null otherwise.</param>
public sealed record LoggedDecisionDocument(ScoreRequestDocument Transaction, ScoreResponseDocument Result, ShadowScoreDocument? Shadow);

/// <summary>The challenger's score of a transaction in shadow mode.</summary>
/// <param name="ModelVersion">The challenger's version.</param>
/// <param name="Score">Its fraud probability.</param>
/// <param name="Decision">approve, review or decline: what its score would have led to.</param>
public sealed record ShadowScoreDocument(string ModelVersion, double Score, string Decision);
