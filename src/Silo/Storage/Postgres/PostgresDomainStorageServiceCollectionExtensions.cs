using FraudActors.Grains.Decisions;
using FraudActors.Grains.Labels;
using FraudActors.Grains.Models;
using FraudActors.Grains.Training;
using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Runtime.Persistence.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FraudActors.Silo.Storage.Postgres;

/// <summary>
/// Registers the domain's PostgreSQL stores on the registered <see cref="PostgresDatabase"/>: the cluster's
/// counterparts of the embedded journal and SQLite stores. Each migrates its tables when first resolved; silos
/// starting together take turns.
/// </summary>
public static class PostgresDomainStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PostgresDecisionLog"/> as the <see cref="IDecisionLog"/> singleton, drained when the host
    /// has stopped. Its appends are fenced by the registered <see cref="SiloFence"/> if there is one (a cluster silo).
    /// </summary>
    /// <remarks>
    /// In a cluster, register it after <see cref="ClusterServiceCollectionExtensions.AddFraudActorsCluster"/>: the host
    /// runs the stopped phase in reverse order of registration, so the log then drains before the silo records itself
    /// dead, and appends still queued are not refused by the fence.
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    public static IServiceCollection AddPostgresDecisionLog(this IServiceCollection services, PostgresDecisionLogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => PostgresDecisionLog.CreateAsync(
                sp.GetRequiredService<PostgresDatabase>(),
                options ?? new PostgresDecisionLogOptions(),
                (ILogger?)sp.GetService<ILoggerFactory>()?.CreateLogger<PostgresDecisionLog>() ?? NullLogger.Instance,
                CancellationToken.None,
                sp.GetService<SiloFence>())
            .GetAwaiter().GetResult());
        services.TryAddSingleton<IDecisionLog>(sp => sp.GetRequiredService<PostgresDecisionLog>());
        services.AddHostedService<PostgresDecisionLogShutdown>();
        return services;
    }

    /// <summary>Registers <see cref="PostgresLabelStore"/> as the <see cref="ILabelStore"/> singleton.</summary>
    public static IServiceCollection AddPostgresLabelStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ILabelStore>(sp => PostgresLabelStore
            .CreateAsync(sp.GetRequiredService<PostgresDatabase>(), CancellationToken.None)
            .GetAwaiter().GetResult());
        return services;
    }

    /// <summary>
    /// Registers the PostgreSQL training data source as the <see cref="ITrainingDataSource"/> singleton: it reads the
    /// decision log's tables, so the decision log (which migrates them) is resolved first.
    /// </summary>
    public static IServiceCollection AddPostgresTrainingDataSource(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ITrainingDataSource>(sp =>
        {
            _ = sp.GetRequiredService<IDecisionLog>();
            return new PostgresTrainingDataSource(sp.GetRequiredService<PostgresDatabase>());
        });
        return services;
    }

    /// <summary>
    /// Registers <see cref="PostgresServingReports"/> as the <see cref="IServingReports"/> singleton: what each silo of
    /// the cluster (<see cref="ClusterOptions.ClusterId"/>) serves, shown for the silos membership lists as active.
    /// </summary>
    public static IServiceCollection AddPostgresServingReports(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        // On the thread pool: the registry grain may be the first to resolve it, inside its one-at-a-time turn.
        services.TryAddSingleton<IServingReports>(sp => Task.Run(() => PostgresServingReports.CreateAsync(
                sp.GetRequiredService<PostgresDatabase>(),
                sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId,
                sp.GetRequiredService<IClusterMembership>(),
                CancellationToken.None))
            .GetAwaiter().GetResult());
        return services;
    }
}
