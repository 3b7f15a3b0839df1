using FraudActors.Grains.Interfaces;
using FraudActors.Silo.Storage.Sqlite;

namespace FraudActors.Silo.Storage;

/// <summary>
/// What every decision log (journal and SQLite, PostgreSQL) refuses before writing: the same rules in every mode, so a
/// decision accepted by one deployment is accepted by the other and reads back the same.
/// </summary>
internal static class LoggedDecisionRules
{
    /// <exception cref="ArgumentException">The decision cannot be stored as given (named in the message).</exception>
    public static void Validate(LoggedDecision decision)
    {
        var request = decision.Request ?? throw new ArgumentException("The decision has no request.", nameof(decision));
        var result = decision.Result ?? throw new ArgumentException("The decision has no result.", nameof(decision));
        if (string.IsNullOrEmpty(request.TransactionId) || request.CustomerId is null || request.TerminalId is null || result.ModelVersion is null)
        {
            throw new ArgumentException(
                $"Decision {request.TransactionId}: TransactionId must be non-empty and CustomerId, TerminalId and ModelVersion non-null.", nameof(decision));
        }

        if (!string.Equals(request.TransactionId, result.TransactionId, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Decision {request.TransactionId}: the result is for transaction {result.TransactionId}, not the request's.", nameof(decision));
        }

        if (result.Features.IsDefault || result.Reasons.IsDefault)
        {
            throw new ArgumentException($"Decision {request.TransactionId}: Features and Reasons must be initialised arrays (empty is fine).", nameof(decision));
        }

        if (result.Features.Length > DecisionBlobs.MaxFeatures)
        {
            throw new ArgumentException($"Decision {request.TransactionId}: {result.Features.Length} features, more than the {DecisionBlobs.MaxFeatures} the log can store.", nameof(decision));
        }

        foreach (var feature in result.Features)
        {
            if (feature.Name is null)
            {
                throw new ArgumentException($"Decision {request.TransactionId}: a feature has no name.", nameof(decision));
            }
        }

        if (double.IsNaN(result.Score))
        {
            // SQLite stores a NaN REAL as NULL: refused here, the indexer could never store it.
            throw new ArgumentException($"Decision {request.TransactionId}: the score is NaN.", nameof(decision));
        }

        if (!Enum.IsDefined(result.Decision) || !Enum.IsDefined(result.Explanation))
        {
            throw new ArgumentException(
                $"Decision {request.TransactionId}: {(int)result.Decision} is not a Decision or {(int)result.Explanation} not an ExplanationMethod.", nameof(decision));
        }

        if (result.Shadow is { } shadow
            && (shadow.ModelVersion is null || double.IsNaN(shadow.Score) || !Enum.IsDefined(shadow.Decision)))
        {
            // The same limits as the champion's: a NaN would come back from SQLite as NULL, an unknown decision not at all.
            throw new ArgumentException(
                $"Decision {request.TransactionId}: the shadow score needs a model version, a score that is a number and a known decision.", nameof(decision));
        }
    }
}
