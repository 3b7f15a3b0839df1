using System.Security.Claims;
using FraudActors.Gateway.Problems;
using FraudActors.Gateway.Security;
using FraudActors.Grains.Interfaces.Training;
using FraudActors.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FraudActors.Gateway.Admin;

/// <summary>
/// <c>/admin/retrain</c> (role admin): start a retraining job and follow it. A job takes seconds to minutes, so the
/// POST answers 202 at once with the status and where to poll it; a request while a job runs joins that job.
/// </summary>
internal static class RetrainingEndpoints
{
    /// <summary>Where the status lives (the 202's Location).</summary>
    public const string StatusPath = "/admin/retrain";

    private const int MaxReasonLength = 500;

    public static RouteGroupBuilder MapRetrainingEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(StatusPath).WithTags("Administration").RequireAuthorization(Roles.Policies.Administer);

        group.MapPost("", RequestAsync)
            .WithName("Retrain")
            .WithSummary("Starts retraining (unless a job runs): train a challenger, judge it against the champion, promote it only if better.")
            .Accepts<RetrainRequest>("application/json")
            .Produces<RetrainingStatus>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem();

        group.MapGet("", async (IGrainFactory grains) => await Answer(() => Retraining(grains).GetStatusAsync(), StatusCodes.Status200OK).ConfigureAwait(false))
            .WithName("RetrainingStatus")
            .WithSummary("The running job, if any, and the last reports, newest first (outcome, versions, holdout scores, verdict).")
            .Produces<RetrainingStatus>();

        return group;
    }

    private static async Task<IResult> RequestAsync(HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (body, problem) = await AdminBody.ReadAsync<RetrainRequest>(http.Request, optional: true).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (body?.Reason is { } given && (string.IsNullOrWhiteSpace(given) || given.Length > MaxReasonLength))
        {
            var errors = new FieldErrors();
            errors.Add("reason", $"must be from 1 to {MaxReasonLength} characters and not blank");
            return Problems.Problems.Validation(errors);
        }

        var request = new RetrainingRequest(body?.Reason ?? "admin request", ModelEndpoints.Actor(user), body?.FineTune);
        return await Answer(
            async () =>
            {
                var status = await Retraining(grains).RequestAsync(request).ConfigureAwait(false);
                http.Response.Headers.Location = StatusPath;
                return status;
            },
            StatusCodes.Status202Accepted).ConfigureAwait(false);
    }

    private static IRetrainingGrain Retraining(IGrainFactory grains) => grains.GetGrain<IRetrainingGrain>(IRetrainingGrain.Key);

    private static async Task<IResult> Answer(Func<ValueTask<RetrainingStatus>> call, int status)
    {
        try
        {
            return TypedResults.Json(await call().ConfigureAwait(false), AdminJson.Options, statusCode: status);
        }
        catch (Exception exception) when (DomainErrors.TryMap(exception, out var problem, out _))
        {
            return problem;
        }
    }
}
