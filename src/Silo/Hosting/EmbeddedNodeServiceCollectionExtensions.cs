using FraudActors.Grains.Hosting;
using FraudActors.Grains.Models;
using FraudActors.Ml.Artifacts;
using FraudActors.Ml.Models;
using FraudActors.Runtime;
using FraudActors.Runtime.Persistence.Sqlite;
using FraudActors.Runtime.Reminders;
using FraudActors.Silo.Drift;
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
        services.AddSqliteTrainingDataSource();

        services.AddSingleton<IArtifactStore>(sp => new FileSystemArtifactStore(sp.GetRequiredService<IOptions<NodeOptions>>().Value.ArtifactsDirectory));
        services.AddSingleton(sp => new ModelCatalog(sp.GetRequiredService<IOptions<NodeOptions>>().Value.ArtifactsDirectory));

        services.AddFraudActorsRuntime();
        // After the runtime, so reminders stop before it does; the drift watch runs on one.
        services.AddSqliteReminders(o => configuration.GetSection(ReminderOptions.SectionName).Bind(o));
        services.AddFraudActorsGrains(configuration);

        // After the runtime (it calls the registry grain), before the web server: models load before anything is
        // served, and on shutdown it stops before the grains go.
        services.AddOptions<ModelSynchronizerOptions>().Bind(configuration.GetSection(ModelSynchronizerOptions.SectionName));
        services.AddSingleton(SiloIdentity.Embedded());
        services.AddSingleton<IServingReports, SingleNodeServingReports>();
        services.AddSingleton<ModelCatalogImporter>();
        services.AddHostedService<ModelSynchronizer>();
        services.AddHostedService<DriftWatchStarter>();
        services.AddHealthChecks().AddCheck<ModelReadinessCheck>("model", tags: [Gateway.GatewayServiceCollectionExtensions.ReadinessTag]);
        return services;
    }
}
