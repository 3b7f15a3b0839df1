using System.Text.Json;
using FraudActors.Grains.Interfaces;

namespace FraudActors.Gateway.Transactions;

/// <summary>
/// Writes decisions as JSON straight into the response pipe (the hot path: no intermediate objects). The shapes
/// are documented by <see cref="ScoreResponseDocument"/>; a test keeps the two in step.
/// </summary>
internal static class ScoreResultJson
{
    public static void Write(Utf8JsonWriter writer, ScoreResult result)
    {
        writer.WriteStartObject();
        writer.WriteString("transactionId"u8, result.TransactionId);
        writer.WriteNumber("score"u8, result.Score);
        writer.WriteString("decision"u8, DecisionName(result.Decision));
        writer.WriteString("modelVersion"u8, result.ModelVersion);
        writer.WriteStartArray("reasons"u8);
        foreach (var reason in result.Reasons)
        {
            writer.WriteStartObject();
            writer.WriteString("feature"u8, reason.Feature);
            writer.WriteNumber("value"u8, reason.Value);
            writer.WriteNumber("contribution"u8, reason.Contribution);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("explanation"u8, result.Explanation == ExplanationMethod.TreeShap ? "treeshap" : "path-attribution");
        writer.WriteStartObject("features"u8);
        foreach (var feature in result.Features)
        {
            writer.WriteNumber(feature.Name, feature.Value);
        }

        writer.WriteEndObject();
        writer.WriteString("decidedAt"u8, result.DecidedAt);
        writer.WriteBoolean("replayed"u8, result.Replayed);
        writer.WriteEndObject();
    }

    /// <summary>
    /// The challenger's score of a logged decision, or null. Only the investigation read writes it: a scoring
    /// response goes to the payment system, which acts on what it is given, and the shadow score must not be used.
    /// </summary>
    public static void WriteShadow(Utf8JsonWriter writer, ShadowScore? shadow)
    {
        if (shadow is null)
        {
            writer.WriteNull("shadow"u8);
            return;
        }

        writer.WriteStartObject("shadow"u8);
        writer.WriteString("modelVersion"u8, shadow.ModelVersion);
        writer.WriteNumber("score"u8, shadow.Score);
        writer.WriteString("decision"u8, DecisionName(shadow.Decision));
        writer.WriteEndObject();
    }

    public static void WriteRequest(Utf8JsonWriter writer, ScoreRequest request)
    {
        writer.WriteStartObject();
        writer.WriteString("transactionId"u8, request.TransactionId);
        writer.WriteString("customerId"u8, request.CustomerId);
        writer.WriteString("terminalId"u8, request.TerminalId);
        writer.WriteNumber("amount"u8, request.AmountCents / 100m);
        writer.WriteString("timestamp"u8, request.Timestamp);
        writer.WriteEndObject();
    }

    public static string DecisionName(Decision decision) => decision switch
    {
        Decision.Approve => "approve",
        Decision.Review => "review",
        Decision.Decline => "decline",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, null),
    };
}
