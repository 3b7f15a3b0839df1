using System.Text.Json;
using FraudActors.Gateway.Problems;
using Microsoft.AspNetCore.Http;

namespace FraudActors.Gateway.Admin;

/// <summary>Reads an admin request body, answering malformed JSON, unknown fields and wrong types with a 400 naming the field.</summary>
internal static class AdminBody
{
    private const int Limit = 16 * 1024;

    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request, bool optional = false)
        where T : class
    {
        if (request.ContentLength is 0 or null && optional && !request.Headers.ContainsKey("Transfer-Encoding"))
        {
            return (null, null);
        }

        if (request.ContentLength > Limit)
        {
            return (null, Problems.Problems.TooLarge(Limit));
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, AdminJson.Options, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return body is null && !optional ? (null, Problems.Problems.MalformedJson("The body is null.")) : (body, null);
        }
        catch (JsonException exception)
        {
            var errors = new FieldErrors();
            errors.Add(FieldOf(exception.Path), exception.Message.Split(" Path:", 2)[0]);
            return (null, Problems.Problems.Validation(errors));
        }
    }

    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');
}
