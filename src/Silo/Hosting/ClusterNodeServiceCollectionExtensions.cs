using FraudActors.Grains.Hosting;
using FraudActors.Ml.Artifacts;
using FraudActors.Ml.Models;
using FraudActors.Runtime;
using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Runtime.Persistence.Postgres;
using FraudActors.Runtime.Reminders;
using FraudActors.Runtime.Signals;
using FraudActors.Silo.Drift;
using FraudActors.Silo.Models;
using FraudActors.Silo.Storage.Postgres;
using Microsoft.Extensions.Options;

namespace FraudActors.Silo.Hosting;

/// <summary>
/// Composes a silo of a cluster: every piece of state in the shared PostgreSQL database (grain state, decision log,
/// labels, training data, model artifacts), membership and silo-to-silo calls, the grains, and model loading. With
/// the gateway on top, every silo serves the whole API; the runtime carries each grain call to the silo that owns it.
/// </summary>
public static class ClusterNodeServiceCollectionExtensions
{
    /// <summary>
    /// Whether <paramref name="configuration"/> asks for a cluster silo (<c>Cluster:PostgresConnectionString</c> set)
    /// rather than an embedded node.
    /// </summary>
    public static bool IsClusterNode(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[$"{ClusterOptions.SectionName}:{nameof(ClusterOptions.PostgresConnectionString)}"]);
    }

    /// <summary>
    /// Adds storage, runtime, cluster membership and transport, grains and champion loading for a cluster silo (no
    /// HTTP API: add the gateway). Settings: <c>Cluster:*</c> (<see cref="ClusterOptions"/>; the connection string is
    /// required, <c>SiloPort</c> must differ per silo on one machine), <c>Node:ArtifactsDirectory</c> (this machine's
    /// model catalog, imported into the shared store at start and every poll), <c>Runtime:*</c>, <c>Models:*</c>.
    /// </summary>
    public static IServiceCollection AddClusterNode(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var cluster = configuration.GetSection(ClusterOptions.SectionName).Get<ClusterOptions>() ?? new ClusterOptions();
        var connectionString = cluster.PostgresConnectionString
            ?? throw new InvalidOperationException("Cluster:PostgresConnectionString is not set: a cluster silo keeps all its state in PostgreSQL.");

        services.AddOptions<NodeOptions>().Bind(configuration.GetSection(NodeOptions.SectionName));
        services.AddOptions<RuntimeOptions>().Bind(configuration.GetSection(RuntimeOptions.SectionName));

        // One pool for every store and the membership table of this silo.
        services.AddSingleton(_ => new PostgresDatabase(connectionString));
        services.AddPostgresGrainStorage();
        services.AddPostgresLabelStore();
        services.AddPostgresTrainingDataSource();
        services.AddPostgresArtifactStore();

        // The local catalog: models `fraudctl train` wrote on this machine, published to the shared store on import.
        services.AddSingleton(sp => new ModelCatalog(sp.GetRequiredService<IOptions<NodeOptions>>().Value.ArtifactsDirectory));
        services.AddSingleton(sp => new CatalogArtifactPublisher(
            new FileSystemArtifactStore(sp.GetRequiredService<IOptions<NodeOptions>>().Value.ArtifactsDirectory),
            sp.GetRequiredService<IArtifactStore>()));

        // Promotions and rollbacks reach every silo at once over LISTEN/NOTIFY (the model poll stays as the safety net).
        // Reads ClusterOptions, which AddFraudActorsCluster binds below.
        services.AddPostgresClusterSignals();
        services.AddFraudActorsRuntime();
        // Before the model synchronizer: the silo endpoint listens (and the silo is registered) before the synchronizer
        // first calls the registry grain, which may live on another silo.
        services.AddFraudActorsCluster(o => configuration.GetSection(ClusterOptions.SectionName).Bind(o));
        // After the cluster: reminder writes are fenced by this silo's membership row, and a silo runs the reminders of
        // the grains it owns by the cluster's views.
        services.AddPostgresReminders(o => configuration.GetSection(ReminderOptions.SectionName).Bind(o));

        // After the cluster: its appends are fenced by this silo's membership row, and the host's reverse order then
        // drains it (StoppedAsync) before membership records the silo dead, so a graceful leave loses no append.
        services.AddPostgresDecisionLog();
        services.AddFraudActorsGrains(configuration);

        services.AddOptions<ModelSynchronizerOptions>().Bind(configuration.GetSection(ModelSynchronizerOptions.SectionName));
        // A silo reports what it serves under its cluster address, so the report of an earlier start of the same
        // endpoint is never taken for this one's; the row is replaced per endpoint.
        services.AddSingleton(sp => new SiloIdentity(sp.GetRequiredService<IClusterMembership>().LocalSilo.ToString()));
        services.AddPostgresServingReports();
        services.AddSingleton<ClusterStartGate>();
        services.AddSingleton<ModelCatalogImporter>();
        services.AddHostedService<ModelSynchronizer>();
        services.AddHostedService<DriftWatchStarter>();
        services.AddHealthChecks()
            .AddCheck<ModelReadinessCheck>("model", tags: [Gateway.GatewayServiceCollectionExtensions.ReadinessTag])
            .AddCheck<ActiveMembershipReadinessCheck>("membership", tags: [Gateway.GatewayServiceCollectionExtensions.ReadinessTag]);
        return services;
    }
}
