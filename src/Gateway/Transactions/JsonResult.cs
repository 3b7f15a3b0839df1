using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace FraudActors.Gateway.Transactions;

/// <summary>An <see cref="IResult"/> that writes its JSON with a <see cref="Utf8JsonWriter"/> straight into the response pipe.</summary>
internal sealed class JsonResult(int statusCode, Action<Utf8JsonWriter> write) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        await using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            write(writer);
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
    }
}
