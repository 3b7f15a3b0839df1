using System.Security.Claims;
using FraudActors.Gateway.Problems;
using FraudActors.Gateway.Security;
using FraudActors.Grains.Interfaces.Models;
using FraudActors.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace FraudActors.Gateway.Admin;

/// <summary>
/// <c>/admin</c>: the model registry over HTTP (role admin). Every change names the API key that made it in the
/// registry's history, and answers with the registry as it now stands.
/// </summary>
internal static class ModelEndpoints
{
    public static RouteGroupBuilder MapModelEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/admin").WithTags("Administration").RequireAuthorization(Roles.Policies.Administer);

        group.MapGet("/models", async (IGrainFactory grains) => Ok(await Registry(grains).GetAsync().ConfigureAwait(false)))
            .WithName("ListModels").WithSummary("Every model version with its metrics and standing, what each silo serves, and the history.")
            .Produces<ModelRegistryView>();

        group.MapGet("/models/serving", async (IGrainFactory grains) => Ok(await Registry(grains).GetRolloutAsync().ConfigureAwait(false)))
            .WithName("ModelServing").WithSummary("Every active silo and whether it serves the current assignment (current, behind, not-reported).")
            .Produces<ModelRollout>();

        group.MapPost("/models/{version}/promote", async (string version, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, IOptions<GatewayOptions> options, TimeProvider time) =>
            {
                var (body, problem) = await AdminBody.ReadAsync<PromoteRequest>(request, optional: true).ConfigureAwait(false);
                return problem ?? await ChangeAsync(grains, registry => registry.PromoteAsync(version, Actor(user), body?.Reason), options.Value.RolloutWait, time, request.HttpContext.RequestAborted)
                    .ConfigureAwait(false);
            })
            .WithName("PromoteModel").WithSummary("Makes a version the champion on every silo; answers once every active silo serves it, or after Gateway:RolloutWait saying which do.")
            .Accepts<PromoteRequest>("application/json").Produces<ModelChangeResult>().ProducesProblem(404).ProducesProblem(409);

        group.MapPost("/models/rollback", async (HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, IOptions<GatewayOptions> options, TimeProvider time) =>
            {
                var (body, problem) = await AdminBody.ReadAsync<RollbackRequest>(request, optional: true).ConfigureAwait(false);
                return problem ?? await ChangeAsync(grains, registry => registry.RollbackAsync(body?.ToVersion, Actor(user)), options.Value.RolloutWait, time, request.HttpContext.RequestAborted)
                    .ConfigureAwait(false);
            })
            .WithName("RollbackModel").WithSummary("Brings back the previous champion, or toVersion, in one call; waits for the silos as a promotion does.")
            .Accepts<RollbackRequest>("application/json").Produces<ModelChangeResult>().ProducesProblem(404).ProducesProblem(409);

        group.MapPut("/models/challenger", async (HttpRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
            {
                var (body, problem) = await AdminBody.ReadAsync<ChallengerRequest>(request).ConfigureAwait(false);
                return problem ?? await Run(() => Registry(grains).SetChallengerAsync(body!.Version, Actor(user))).ConfigureAwait(false);
            })
            .WithName("SetChallenger").WithSummary("Sets the challenger (null clears it).")
            .Accepts<ChallengerRequest>("application/json").Produces<ModelRegistryView>().ProducesProblem(404).ProducesProblem(409);

        group.MapPut("/traffic", async (HttpRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
            {
                var (body, problem) = await AdminBody.ReadAsync<TrafficRequest>(request).ConfigureAwait(false);
                if (problem is not null)
                {
                    return problem;
                }

                var errors = new FieldErrors();
                if (body!.Mode is null)
                {
                    errors.Add("mode", "is required (champion-only, canary or shadow)");
                }

                if (body.CanaryPercent is { } percent && (!double.IsFinite(percent) || percent is < 0 or > 100))
                {
                    errors.Add("canaryPercent", "must be between 0 and 100");
                }

                if (body.Mode == TrafficMode.Canary && body.CanaryPercent is null)
                {
                    errors.Add("canaryPercent", "is required in canary mode");
                }

                return errors.Any
                    ? Problems.Problems.Validation(errors)
                    : await Run(() => Registry(grains).SetTrafficAsync(new TrafficPolicy(body.Mode!.Value, body.CanaryPercent ?? 0), Actor(user))).ConfigureAwait(false);
            })
            .WithName("SetTraffic").WithSummary("Canary (a sticky share of customers decided by the challenger) or shadow (the challenger scores everything, logged, unused).")
            .Accepts<TrafficRequest>("application/json").Produces<ModelRegistryView>().ProducesValidationProblem().ProducesProblem(409);

        group.MapPost("/models/{version}/reject", async (string version, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
            {
                var (body, problem) = await AdminBody.ReadAsync<RejectRequest>(request).ConfigureAwait(false);
                if (problem is not null)
                {
                    return problem;
                }

                if (string.IsNullOrWhiteSpace(body!.Reason))
                {
                    var errors = new FieldErrors();
                    errors.Add("reason", "is required");
                    return Problems.Problems.Validation(errors);
                }

                return await Run(() => Registry(grains).RejectAsync(version, body.Reason, Actor(user))).ConfigureAwait(false);
            })
            .WithName("RejectModel").WithSummary("Rejects a version with a reason; it can no longer serve.")
            .Accepts<RejectRequest>("application/json").Produces<ModelRegistryView>().ProducesProblem(404).ProducesProblem(409);

        return group;
    }

    /// <summary>The API key's name: every change is recorded with who made it.</summary>
    internal static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    /// <summary>Answers a registry call, mapping the registry's refusals to problems.</summary>
    internal static async Task<IResult> Run<T>(Func<ValueTask<T>> action)
    {
        try
        {
            return Ok(await action().ConfigureAwait(false));
        }
        catch (ModelRegistryException exception)
        {
            return Refusal(exception);
        }
        catch (Exception exception) when (DomainErrors.TryMap(exception, out var problem, out _))
        {
            return problem;
        }
    }

    /// <summary>
    /// Makes a change of the champion, then waits (bounded) for every active silo to serve it: the caller learns that
    /// the new model is live everywhere, or which silos lag, without polling.
    /// </summary>
    private static Task<IResult> ChangeAsync(
        IGrainFactory grains, Func<IModelRegistryGrain, ValueTask<ModelRegistryView>> change, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken) =>
        Run(async () =>
        {
            var registry = Registry(grains);
            var view = await change(registry).ConfigureAwait(false);
            var rollout = await RolloutWaiter.WaitAsync(registry, view.Assignment.Revision, wait, time, cancellationToken).ConfigureAwait(false);
            return ModelChangeResult.From(view, rollout);
        });

    private static IModelRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<IModelRegistryGrain>(IModelRegistryGrain.Key);

    private static IResult Ok<T>(T value) => TypedResults.Json(value, AdminJson.Options);

    private static IResult Refusal(ModelRegistryException exception) => exception.Error switch
    {
        ModelRegistryError.UnknownVersion => Problems.Problems.NotFound("Model version", exception.Message),
        ModelRegistryError.Invalid => Problems.Problems.Problem(StatusCodes.Status400BadRequest, "invalid", "The request cannot be applied.", exception.Message),
        ModelRegistryError.NoChallenger => Problems.Problems.Problem(StatusCodes.Status409Conflict, "no-challenger", "There is no challenger.", exception.Message),
        ModelRegistryError.CorruptArtifact => Problems.Problems.Problem(StatusCodes.Status409Conflict, "corrupt-artifact", "The model's artifact is missing or corrupted; nothing changed.", exception.Message),
        _ => Problems.Problems.Problem(StatusCodes.Status409Conflict, "not-allowed", "The registry does not allow this; nothing changed.", exception.Message),
    };
}
