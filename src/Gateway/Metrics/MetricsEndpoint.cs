using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Gateway.Metrics;

/// <summary>
/// <c>GET /metrics</c>: this host's metrics in the Prometheus text format. Open like <c>/healthz</c>: scrapers rarely
/// carry bearer credentials, and the figures (counts, latencies, model versions) hold no customer data; operators
/// restrict the path by network, as for the health endpoints (docs/OBSERVABILITY.md).
/// </summary>
internal static class MetricsEndpoint
{
    /// <summary>The path Prometheus scrapes.</summary>
    public const string Path = "/metrics";

    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        // Listen from now on, before the host starts: what happens before the first scrape must count too.
        var collector = endpoints.ServiceProvider.GetRequiredService<MetricsCollector>();
        endpoints.MapGet(Path, () => Results.Text(collector.Scrape(), PrometheusText.ContentType))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return endpoints;
    }
}
