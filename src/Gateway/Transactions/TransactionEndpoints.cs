using System.Text.Json;
using FraudActors.Gateway.Problems;
using FraudActors.Grains.Interfaces;
using FraudActors.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace FraudActors.Gateway.Transactions;

/// <summary>The public scoring API: <c>/v1/transactions</c>.</summary>
internal static class TransactionEndpoints
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 8 };

    public static RouteGroupBuilder MapTransactionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/transactions").WithTags("Transactions");

        group.MapPost("/score", ScoreAsync)
            .RequireAuthorization(Security.Roles.Policies.Score)
            .WithName("ScoreTransaction")
            .WithSummary("Scores one transaction; answers once the decision is durable.")
            .Accepts<ScoreRequestDocument>("application/json")
            .Produces<ScoreResponseDocument>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPost("/score-batch", ScoreBatchAsync)
            .RequireAuthorization(Security.Roles.Policies.Score)
            .WithName("ScoreTransactionBatch")
            .WithSummary("Scores up to the batch limit of transactions, in order; any invalid item rejects the whole batch.")
            .Accepts<ScoreBatchRequestDocument>("application/json")
            .Produces<ScoreBatchResponseDocument>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/{transactionId}", GetAsync)
            .RequireAuthorization(Security.Roles.Policies.Investigate)
            .WithName("GetTransaction")
            .WithSummary("The logged decision of a transaction, with the challenger's shadow score when one was logged.")
            .Produces<LoggedDecisionDocument>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapFeedbackEndpoint();
        return group;
    }

    private static async Task<IResult> ScoreAsync(HttpContext http, IGrainFactory grains, IOptions<GatewayOptions> options, TimeProvider clock)
    {
        var settings = options.Value;
        using var body = await RequestBody.ReadAsync(http.Request, settings.MaxScoreBodyBytes, http.RequestAborted).ConfigureAwait(false);
        if (BodyProblem(body, settings.MaxScoreBodyBytes) is { } bodyProblem)
        {
            return bodyProblem;
        }

        var errors = new FieldErrors();
        ScoreRequest? request;
        try
        {
            request = ParseSingle(body.Span, errors, ScoreRequestRules.From(settings, clock));
        }
        catch (JsonException malformed)
        {
            return Problems.Problems.MalformedJson(malformed.Message);
        }

        if (request is null)
        {
            return Problems.Problems.Validation(errors);
        }

        try
        {
            var result = await grains.GetGrain<ICustomerGrain>(request.CustomerId).ScoreAsync(request).ConfigureAwait(false);
            return new JsonResult(StatusCodes.Status200OK, writer => ScoreResultJson.Write(writer, result));
        }
        catch (Exception exception) when (DomainErrors.TryMap(exception, out var problem, out _))
        {
            return problem;
        }
    }

    private static ScoreRequest? ParseSingle(ReadOnlySpan<byte> json, FieldErrors errors, in ScoreRequestRules rules)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        reader.Read();
        var request = ScoreRequestReader.ReadObject(ref reader, string.Empty, errors, rules);
        if (reader.Read())
        {
            throw new JsonException("The body holds more than one JSON value.");
        }

        return request;
    }

    private static async Task<IResult> ScoreBatchAsync(HttpContext http, IGrainFactory grains, IOptions<GatewayOptions> options, TimeProvider clock)
    {
        var settings = options.Value;
        using var body = await RequestBody.ReadAsync(http.Request, settings.MaxBatchBodyBytes, http.RequestAborted).ConfigureAwait(false);
        if (BodyProblem(body, settings.MaxBatchBodyBytes) is { } bodyProblem)
        {
            return bodyProblem;
        }

        var errors = new FieldErrors();
        List<ScoreRequest>? requests;
        try
        {
            requests = ParseBatch(body.Span, errors, ScoreRequestRules.From(settings, clock), settings.MaxBatchSize);
        }
        catch (JsonException malformed)
        {
            return Problems.Problems.MalformedJson(malformed.Message);
        }

        if (requests is null)
        {
            return Problems.Problems.Validation(errors);
        }

        // Started in request order without waiting: each customer grain queues its calls in arrival order, so a
        // customer's transactions are scored in batch order while different customers proceed in parallel.
        var calls = new Task<ScoreResult>[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            calls[i] = grains.GetGrain<ICustomerGrain>(requests[i].CustomerId).ScoreAsync(requests[i]).AsTask();
        }

        try
        {
            await Task.WhenAll(calls).ConfigureAwait(false);
        }
        catch
        {
            // Failures are reported per transaction below.
        }

        return new JsonResult(StatusCodes.Status200OK, writer => WriteBatch(writer, requests, calls));
    }

    private static List<ScoreRequest>? ParseBatch(ReadOnlySpan<byte> json, FieldErrors errors, in ScoreRequestRules rules, int maxBatchSize)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        var requests = ScoreBatchReader.Read(ref reader, errors, rules, maxBatchSize);
        if (!errors.Any && reader.Read())
        {
            throw new JsonException("The body holds more than one JSON value.");
        }

        return requests;
    }

    private static void WriteBatch(Utf8JsonWriter writer, List<ScoreRequest> requests, Task<ScoreResult>[] calls)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("results"u8);
        for (var i = 0; i < calls.Length; i++)
        {
            writer.WriteStartObject();
            writer.WriteString("transactionId"u8, requests[i].TransactionId);
            if (calls[i].IsCompletedSuccessfully)
            {
                writer.WriteNumber("status"u8, StatusCodes.Status200OK);
                writer.WritePropertyName("result"u8);
                ScoreResultJson.Write(writer, calls[i].Result);
            }
            else
            {
                var exception = calls[i].Exception!.InnerException!;
                var status = DomainErrors.TryMap(exception, out _, out var mapped) ? mapped : StatusCodes.Status500InternalServerError;
                writer.WriteNumber("status"u8, status);
                writer.WriteStartObject("problem"u8);
                writer.WriteNumber("status"u8, status);
                writer.WriteString("detail"u8, status == StatusCodes.Status500InternalServerError ? "internal error" : exception.Message);
                if (exception is TransactionRejectedException rejected)
                {
                    writer.WriteString("field"u8, rejected.Field);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static async Task<IResult> GetAsync(string transactionId, IGrainFactory grains, IOptions<GatewayOptions> options)
    {
        if (RouteIds.Validate("transactionId", transactionId, options.Value.MaxIdLength) is { } invalid)
        {
            return invalid;
        }

        try
        {
            var logged = await grains.GetGrain<ITransactionGrain>(transactionId).GetDecisionAsync().ConfigureAwait(false);
            return logged is null
                ? Problems.Problems.NotFound("Transaction", $"No decision is logged for transaction '{transactionId}'.")
                : new JsonResult(StatusCodes.Status200OK, writer =>
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName("transaction"u8);
                    ScoreResultJson.WriteRequest(writer, logged.Request);
                    writer.WritePropertyName("result"u8);
                    ScoreResultJson.Write(writer, logged.Result);
                    ScoreResultJson.WriteShadow(writer, logged.Result.Shadow);
                    writer.WriteEndObject();
                });
        }
        catch (Exception exception) when (DomainErrors.TryMap(exception, out var problem, out _))
        {
            return problem;
        }
    }

    private static IResult? BodyProblem(RequestBody body, int limit) => body.Status switch
    {
        RequestBodyStatus.NotJson => Problems.Problems.UnsupportedMediaType(),
        RequestBodyStatus.TooLarge => Problems.Problems.TooLarge(limit),
        RequestBodyStatus.Empty => Problems.Problems.MalformedJson("The body is empty."),
        _ => null,
    };
}
