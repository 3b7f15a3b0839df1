using FraudActors.Gateway.Admin;
using FraudActors.Gateway.Customers;
using FraudActors.Gateway.Metrics;
using FraudActors.Gateway.Security;
using FraudActors.Gateway.Transactions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FraudActors.Gateway;

/// <summary>
/// Registers and maps the gateway: in the silo process (embedded node, or every silo of a cluster) and in the gateway
/// process (<c>src/GatewayHost</c>, a cluster client). Both hosts compose it through these methods only, so they serve
/// the same API with the same security, errors and health endpoints.
/// </summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>Tag of the health checks that decide readiness (<c>/readyz</c>).</summary>
    public const string ReadinessTag = "ready";

    /// <summary>Adds the gateway's services: options, problem details, OpenAPI, health checks, the metrics collector.</summary>
    public static IServiceCollection AddFraudActorsGateway(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ApiKeyOptions>().Bind(configuration.GetSection(ApiKeyOptions.SectionName));
        services.TryAddSingleton<ApiKeyRing>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Policies.Score, policy => policy.RequireRole(Roles.Scorer, Roles.Admin))
            .AddPolicy(Roles.Policies.Investigate, policy => policy.RequireRole(Roles.Analyst, Roles.Admin))
            .AddPolicy(Roles.Policies.Administer, policy => policy.RequireRole(Roles.Admin));
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddHealthChecks();
        services.AddMetrics();
        services.TryAddSingleton<MetricsCollector>();
        return services;
    }

    /// <summary>
    /// The gateway's request pipeline and endpoints, as every host serves them: problem details for unhandled errors
    /// and bare status codes, API-key authentication and role authorization, then <see cref="MapFraudActorsGateway"/>.
    /// </summary>
    public static WebApplication UseFraudActorsGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapFraudActorsGateway();
        return app;
    }

    /// <summary>Maps the public API, health endpoints, <c>/metrics</c> and the OpenAPI document.</summary>
    public static IEndpointRouteBuilder MapFraudActorsGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // Load the keys now: a malformed entry must stop the node at start, not lock callers out later.
        _ = endpoints.ServiceProvider.GetRequiredService<ApiKeyRing>();
        endpoints.MapTransactionEndpoints();
        endpoints.MapCustomerEndpoints();
        endpoints.MapModelEndpoints();
        endpoints.MapModelComparisonEndpoint();
        endpoints.MapDriftEndpoint();
        endpoints.MapRetrainingEndpoints();
        // Liveness runs no checks: the process answering is the signal. Readiness runs the checks tagged "ready".
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadinessTag) });
        endpoints.MapMetricsEndpoint();
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        return endpoints;
    }
}
