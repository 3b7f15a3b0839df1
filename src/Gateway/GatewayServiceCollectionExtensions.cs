using FraudActors.Gateway.Customers;
using FraudActors.Gateway.Transactions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FraudActors.Gateway;

/// <summary>Registers and maps the gateway (in the silo process in embedded mode, in its own process in a cluster).</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>Tag of the health checks that decide readiness (<c>/readyz</c>).</summary>
    public const string ReadinessTag = "ready";

    /// <summary>Adds the gateway's services: options, problem details, OpenAPI, health checks.</summary>
    public static IServiceCollection AddFraudActorsGateway(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddHealthChecks();
        return services;
    }

    /// <summary>Maps the public API, health endpoints and the OpenAPI document.</summary>
    public static IEndpointRouteBuilder MapFraudActorsGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapTransactionEndpoints();
        endpoints.MapCustomerEndpoints();
        // Liveness runs no checks: the process answering is the signal. Readiness runs the checks tagged "ready".
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadinessTag) });
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        return endpoints;
    }
}
