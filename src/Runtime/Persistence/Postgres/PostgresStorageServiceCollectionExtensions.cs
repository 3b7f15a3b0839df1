using FraudActors.Runtime.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Runtime.Persistence.Postgres;

/// <summary>Registers PostgreSQL grain storage.</summary>
public static class PostgresStorageServiceCollectionExtensions
{
    /// <summary>
    /// Makes PostgreSQL the default <see cref="IGrainStorage"/>, using the registered <see cref="PostgresDatabase"/>
    /// (its table is created or migrated on first use; silos starting together take turns). In a cluster silo
    /// (<see cref="ClusterServiceCollectionExtensions.AddFraudActorsCluster"/>) its writes are fenced by the silo's
    /// <see cref="SiloFence"/>.
    /// </summary>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Resolved on first activation, i.e. inside a grain's turn on its one-at-a-time scheduler, which the wait
        // below blocks: run the creation on the thread pool, or any task Npgsql starts or continues on the current
        // scheduler would wait for the blocked turn forever (seen as a silo's first activation hanging).
        services.AddSingleton<IGrainStorage>(sp =>
        {
            var database = sp.GetRequiredService<PostgresDatabase>();
            var time = sp.GetRequiredService<TimeProvider>();

            // A cluster silo's fence (AddFraudActorsCluster registers it); none in a single process.
            var fence = sp.GetService<SiloFence>();
            return Task.Run(() => PostgresGrainStorage.CreateAsync(database, time, CancellationToken.None, fence)).GetAwaiter().GetResult();
        });
        return services;
    }
}
