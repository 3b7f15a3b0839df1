using FraudActors.Grains.Interfaces;
using FraudActors.Runtime;
using Microsoft.AspNetCore.Http;

namespace FraudActors.Gateway.Problems;

/// <summary>
/// Maps what grains throw to answers: domain refusals to 409/422 naming the field, transient cluster conditions
/// to 503 with Retry-After (the client may retry: scoring is idempotent on the transaction id). Anything else is
/// a bug and goes to the exception handler (500).
/// </summary>
internal static class DomainErrors
{
    public static bool TryMap(Exception exception, out IResult result, out int status)
    {
        (result, status) = exception switch
        {
            TransactionRejectedException { Kind: RejectionKind.Conflict } rejected =>
                (Field(StatusCodes.Status409Conflict, "conflict", "The transaction id was already used for a different transaction.", rejected), 409),
            TransactionRejectedException { Kind: RejectionKind.TooLate or RejectionKind.OutOfRange } rejected =>
                (Field(StatusCodes.Status422UnprocessableEntity, "unprocessable", "The transaction cannot be scored.", rejected), 422),
            TransactionRejectedException { Kind: RejectionKind.NoModel } rejected =>
                (Retry(Problems.Unavailable(rejected.Message)), 503),
            TimeoutException timeout => (Retry(Problems.Problem(StatusCodes.Status503ServiceUnavailable, "timeout", "The call did not complete within its deadline; retry.", timeout.Message)), 503),
            SiloUnavailableException unavailable => (Retry(Problems.Unavailable(unavailable.Message)), 503),
            // The silo that ran the call was declared dead and wrote nothing; the grain's new owner takes the retry.
            SiloFencedException fenced => (Retry(Problems.Unavailable(fenced.Message)), 503),
            GrainActivationException activation => (Retry(Problems.Unavailable(activation.Message)), 503),
            _ => (null!, 0),
        };

        return result is not null;
    }

    private static IResult Field(int status, string type, string title, TransactionRejectedException rejected) =>
        Problems.Problem(status, type, title, rejected.Message, new Dictionary<string, object?>
        {
            ["field"] = rejected.Field,
            ["errors"] = new Dictionary<string, string[]> { [rejected.Field] = [rejected.Message] },
        });

    private static IResult Retry(IResult inner) => new RetryAfterResult(inner);

    private sealed class RetryAfterResult(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = "1";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
