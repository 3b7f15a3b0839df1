using FraudActors.Grains.Hosting;
using FraudActors.Ml.Artifacts;
using FraudActors.Ml.Models;
using FraudActors.Runtime;
using FraudActors.Runtime.Persistence.Sqlite;
using FraudActors.Silo.Models;
using FraudActors.Silo.Storage.Journal;
using FraudActors.Silo.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace FraudActors.Silo.Hosting;

/// <summary>Composes a complete single-process node on embedded defaults: SQLite, filesystem artifacts.</summary>
public static class EmbeddedNodeServiceCollectionExtensions
{
    /// <summary>Adds storage, runtime, grains and champion loading for a single-process node (no HTTP).</summary>
    public static IServiceCollection AddEmbeddedNode(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NodeOptions>().Bind(configuration.GetSection(NodeOptions.SectionName));
        services.AddOptions<RuntimeOptions>().Bind(configuration.GetSection(RuntimeOptions.SectionName));

        services.AddSingleton(sp => new SqliteDatabase(sp.GetRequiredService<IOptions<NodeOptions>>().Value.DatabasePath));
        services.AddSqliteGrainStorage();
        services.AddJournaledDecisionLog();
        services.AddSqliteLabelStore();

        services.AddSingleton<IArtifactStore>(sp => new FileSystemArtifactStore(sp.GetRequiredService<IOptions<NodeOptions>>().Value.ArtifactsDirectory));
        services.AddSingleton(sp => new ModelCatalog(sp.GetRequiredService<IOptions<NodeOptions>>().Value.ArtifactsDirectory));

        // Registered before the runtime and the web server: the champion is loaded before anything is served.
        services.AddHostedService<ChampionLoader>();
        services.AddFraudActorsRuntime();
        services.AddFraudActorsGrains(configuration);
        services.AddHealthChecks().AddCheck<ModelReadinessCheck>("model", tags: [Gateway.GatewayServiceCollectionExtensions.ReadinessTag]);
        return services;
    }
}
