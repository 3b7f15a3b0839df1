using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FraudActors.Gateway.Problems;

/// <summary>
/// The API's error answers, all RFC 9457 problem details with a stable <c>type</c> URI per kind of problem, so
/// clients can switch on it rather than on prose.
/// </summary>
internal static class Problems
{
    private const string TypeBase = "https://fraudactors.dev/problems/";

    public static IResult Validation(FieldErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), detail: errors.Summary(), title: "The request is invalid.", type: TypeBase + "validation");

    public static IResult MalformedJson(string detail) =>
        Problem(StatusCodes.Status400BadRequest, "malformed-json", "The body is not valid JSON.", detail);

    public static IResult TooLarge(long limit) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "too-large", "The body is too large.", $"The limit is {limit} bytes.");

    public static IResult UnsupportedMediaType() =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "The body must be application/json.", null);

    public static IResult NotFound(string what, string detail) =>
        Problem(StatusCodes.Status404NotFound, "not-found", $"{what} not found.", detail);

    public static IResult Unavailable(string detail) =>
        Problem(StatusCodes.Status503ServiceUnavailable, "unavailable", "The service cannot answer right now; retry.", detail);

    public static IResult Problem(int status, string type, string title, string? detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Type = TypeBase + type,
            Title = title,
            Detail = detail,
            Extensions = extensions ?? new Dictionary<string, object?>(),
        });
}
