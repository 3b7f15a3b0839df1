using FraudActors.Gateway;
using FraudActors.GatewayHost.Health;
using FraudActors.Runtime;
using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Client;

namespace FraudActors.GatewayHost;

/// <summary>
/// The gateway process: the same REST API a silo serves, on a cluster client instead of a silo. It reads the
/// membership table (<c>Cluster:PostgresConnectionString</c>, <c>Cluster:ClusterId</c>) and sends each grain call to
/// the owning silo; it holds no state another gateway would need, so several can run side by side behind a load
/// balancer. Settings ship beside the binary; the API key file path (<c>Security:ApiKeysFile</c>) is relative to the
/// working directory, as for a silo.
/// </summary>
public sealed class Program
{
    /// <summary>Where the gateway serves unless <c>Urls</c> says otherwise: beside the silos' 8081.., clear of the embedded node's 8080.</summary>
    public const string DefaultUrls = "http://localhost:8090";

    private Program()
    {
    }

    /// <summary>Builds and runs the gateway.</summary>
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // Defaults in code rather than an appsettings.json: a test project hosting the gateway beside a silo would get
        // two files of that name in one output directory.
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddOptions<RuntimeOptions>().Bind(builder.Configuration.GetSection(RuntimeOptions.SectionName));
        builder.Services.AddFraudActorsClusterClient(o => builder.Configuration.GetSection(ClusterOptions.SectionName).Bind(o));
        builder.Services.AddFraudActorsGateway(builder.Configuration);
        builder.Services.AddHealthChecks().AddCheck<ClusterViewReadinessCheck>("cluster-view", tags: [GatewayServiceCollectionExtensions.ReadinessTag]);

        var app = builder.Build();
        app.UseFraudActorsGateway();
        await app.RunAsync().ConfigureAwait(false);
    }
}
