using FraudActors.Gateway.Problems;
using FraudActors.Gateway.Transactions;
using FraudActors.Grains.Interfaces;
using FraudActors.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace FraudActors.Gateway.Customers;

/// <summary><c>/v1/customers</c>: what the system holds about a card.</summary>
internal static class CustomerEndpoints
{
    public static RouteGroupBuilder MapCustomerEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/customers").WithTags("Customers");
        group.MapGet("/{customerId}/features", GetFeaturesAsync)
            .RequireAuthorization(Security.Roles.Policies.Investigate)
            .WithName("GetCustomerFeatures")
            .WithSummary("The customer's window features (counts and average amounts over 1, 7 and 30 days) as of now, or as of the optional asOf.")
            .Produces<CustomerFeaturesDocument>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> GetFeaturesAsync(string customerId, string? asOf, IGrainFactory grains, IOptions<GatewayOptions> options)
    {
        if (RouteIds.Validate("customerId", customerId, options.Value.MaxIdLength) is { } invalid)
        {
            return invalid;
        }

        DateTimeOffset? at = null;
        if (asOf is not null)
        {
            if (!DateTimeOffset.TryParse(asOf, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed)
                || parsed < options.Value.EarliestTimestamp)
            {
                var errors = new FieldErrors();
                errors.Add("asOf", "must be an ISO 8601 date and time with a UTC offset, not before 2000-01-01");
                return Problems.Problems.Validation(errors);
            }

            at = parsed;
        }

        try
        {
            var features = await grains.GetGrain<ICustomerGrain>(customerId).GetFeaturesAsync(at).ConfigureAwait(false);
            if (features.LatestTransactionAt is null)
            {
                return Problems.Problems.NotFound("Customer", $"No transaction of customer '{customerId}' is known.");
            }

            return new JsonResult(StatusCodes.Status200OK, writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("customerId"u8, features.CustomerId);
                writer.WriteString("asOf"u8, features.AsOf);
                writer.WriteStartObject("features"u8);
                foreach (var feature in features.Features)
                {
                    writer.WriteNumber(feature.Name, feature.Value);
                }

                writer.WriteEndObject();
                writer.WriteNumber("retainedTransactions"u8, features.RetainedTransactions);
                writer.WriteString("latestTransactionAt"u8, features.LatestTransactionAt.Value);
                writer.WriteEndObject();
            });
        }
        catch (Exception exception) when (DomainErrors.TryMap(exception, out var problem, out _))
        {
            return problem;
        }
    }
}

/// <summary>A customer's window features (documents the wire format).</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="AsOf">When the windows were evaluated.</param>
/// <param name="Features">Counts and average amounts by feature name.</param>
/// <param name="RetainedTransactions">Transactions held for the windows.</param>
/// <param name="LatestTransactionAt">The customer's latest transaction.</param>
public sealed record CustomerFeaturesDocument(
    string CustomerId,
    DateTimeOffset AsOf,
    IReadOnlyDictionary<string, double> Features,
    int RetainedTransactions,
    DateTimeOffset LatestTransactionAt);
