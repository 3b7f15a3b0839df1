using System.Security.Claims;
using System.Text.Json;
using FraudActors.Gateway.Admin;
using FraudActors.Gateway.Problems;
using FraudActors.Gateway.Security;
using FraudActors.Grains.Interfaces;
using FraudActors.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace FraudActors.Gateway.Transactions;

/// <summary>
/// <c>POST /v1/transactions/{id}/feedback</c>: a fraud label from an analyst or a customer. Answered 202 once the
/// label is durable; a repeat of the current label changes nothing; a different label is a correction kept with its
/// history; an unknown transaction is a 404.
/// </summary>
internal static class FeedbackEndpoint
{
    private const int MaxCommentLength = 2000;

    public static RouteHandlerBuilder MapFeedbackEndpoint(this RouteGroupBuilder transactions) =>
        transactions.MapPost("/{transactionId}/feedback", FeedbackAsync)
            .RequireAuthorization(Roles.Policies.Investigate)
            .WithName("GiveFeedback")
            .WithSummary("Labels a decided transaction fraud or legit; durable before the 202.")
            .Accepts<FeedbackRequest>("application/json")
            .Produces<FeedbackResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> FeedbackAsync(string transactionId, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, IOptions<GatewayOptions> options)
    {
        if (RouteIds.Validate("transactionId", transactionId, options.Value.MaxIdLength) is { } invalid)
        {
            return invalid;
        }

        var (body, problem) = await AdminBody.ReadAsync<FeedbackRequest>(request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrors();
        bool? isFraud = body!.Label switch
        {
            "fraud" => true,
            "legit" => false,
            null => Missing(errors, "label", "is required (fraud or legit)"),
            _ => Missing(errors, "label", "must be fraud or legit"),
        };
        LabelSource? source = body.Source switch
        {
            "analyst" => LabelSource.Analyst,
            "customer" => LabelSource.Customer,
            null => LabelSource.Analyst,
            _ => MissingSource(errors),
        };
        if (body.Comment is { Length: > MaxCommentLength })
        {
            errors.Add("comment", $"must be at most {MaxCommentLength} characters long");
        }

        if (errors.Any)
        {
            return Problems.Problems.Validation(errors);
        }

        try
        {
            var result = await grains.GetGrain<ITransactionGrain>(transactionId)
                .LabelAsync(new LabelRequest(isFraud!.Value, source!.Value, Comment(body.Comment, user))).ConfigureAwait(false);
            return TypedResults.Json(
                new FeedbackResponse(result.TransactionId, Label(result.IsFraud), result.Changed, result.PreviousIsFraud is { } previous ? Label(previous) : null),
                AdminJson.Options,
                statusCode: StatusCodes.Status202Accepted);
        }
        catch (TransactionNotFoundException notFound)
        {
            return Problems.Problems.NotFound("Transaction", notFound.Message);
        }
        catch (Exception exception) when (DomainErrors.TryMap(exception, out var mapped, out _))
        {
            return mapped;
        }
    }

    private static bool? Missing(FieldErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }

    private static LabelSource? MissingSource(FieldErrors errors)
    {
        errors.Add("source", "must be analyst or customer");
        return null;
    }

    private static string Label(bool isFraud) => isFraud ? "fraud" : "legit";

    // The key's name travels with the comment into the label history: who labelled is part of the audit trail.
    private static string Comment(string? comment, ClaimsPrincipal user) =>
        $"[{user.Identity?.Name ?? "unknown"}] {comment}".TrimEnd();
}

/// <summary>A label.</summary>
/// <param name="Label">fraud or legit.</param>
/// <param name="Source">analyst (default) or customer.</param>
/// <param name="Comment">Free text, at most 2,000 characters.</param>
public sealed record FeedbackRequest(string? Label, string? Source, string? Comment);

/// <summary>What the label did.</summary>
/// <param name="TransactionId">The labelled transaction.</param>
/// <param name="Label">The label now in force.</param>
/// <param name="Changed">False when the transaction already had this label.</param>
/// <param name="PreviousLabel">The label it corrected, if any.</param>
public sealed record FeedbackResponse(string TransactionId, string Label, bool Changed, string? PreviousLabel);
