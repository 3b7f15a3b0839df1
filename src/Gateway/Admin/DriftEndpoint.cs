using FraudActors.Gateway.Problems;
using FraudActors.Gateway.Security;
using FraudActors.Grains.Interfaces.Drift;
using FraudActors.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FraudActors.Gateway.Admin;

/// <summary>
/// <c>GET /admin/drift?days=N</c> (role admin): the logged decisions of the last N days against the N days before,
/// by the population stability index of each feature and of the champion's score. The work is the drift grain's; this
/// only checks the query.
/// </summary>
internal static class DriftEndpoint
{
    /// <summary>Days per window when the query names none: a week.</summary>
    public const int DefaultDays = 7;

    public static RouteHandlerBuilder MapDriftEndpoint(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/admin/drift", ReportAsync)
            .RequireAuthorization(Roles.Policies.Administer)
            .WithTags("Administration")
            .WithName("Drift")
            .WithSummary("Population stability of each feature and of the champion's score: the decisions of the last days (default 7, 1 to 30) against as many days before.")
            .Produces<DriftReport>()
            .ProducesValidationProblem();

    private static async Task<IResult> ReportAsync(HttpRequest request, IGrainFactory grains)
    {
        var errors = new FieldErrors();
        var days = DaysQuery.Read(request, DefaultDays, IDriftGrain.MinDays, IDriftGrain.MaxDays, errors);
        return errors.Any
            ? Problems.Problems.Validation(errors)
            : await ModelEndpoints.Run(() => grains.GetGrain<IDriftGrain>(IDriftGrain.Key).ReportAsync(days)).ConfigureAwait(false);
    }
}
