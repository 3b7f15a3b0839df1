using FraudActors.Gateway.Problems;
using FraudActors.Gateway.Security;
using FraudActors.Grains.Interfaces.Models;
using FraudActors.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FraudActors.Gateway.Admin;

/// <summary>
/// <c>GET /admin/models/comparison?days=N</c> (role admin): champion and challenger scored on the same labelled
/// decisions of the last N days. The work is the comparison grain's; this only checks the query.
/// </summary>
internal static class ModelComparisonEndpoint
{
    /// <summary>Days compared when the query names none: a week, the handbook's holdout.</summary>
    public const int DefaultDays = 7;

    public static RouteHandlerBuilder MapModelComparisonEndpoint(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/admin/models/comparison", CompareAsync)
            .RequireAuthorization(Roles.Policies.Administer)
            .WithTags("Administration")
            .WithName("CompareModels")
            .WithSummary("Champion and challenger on the labelled decisions of the last days (default 7, 1 to 90): AUC ROC, AP, CP@100 and how often they decide alike.")
            .Produces<ModelComparison>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<IResult> CompareAsync(HttpRequest request, IGrainFactory grains)
    {
        var errors = new FieldErrors();
        var days = DaysQuery.Read(request, DefaultDays, IModelComparisonGrain.MinDays, IModelComparisonGrain.MaxDays, errors);
        return errors.Any
            ? Problems.Problems.Validation(errors)
            : await ModelEndpoints.Run(() => grains.GetGrain<IModelComparisonGrain>(IModelComparisonGrain.Key).CompareAsync(days)).ConfigureAwait(false);
    }
}
