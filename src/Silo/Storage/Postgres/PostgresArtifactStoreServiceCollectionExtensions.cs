using FraudActors.Ml.Artifacts;
using FraudActors.Runtime.Persistence.Postgres;

namespace FraudActors.Silo.Storage.Postgres;

/// <summary>Registers the PostgreSQL artifact store.</summary>
public static class PostgresArtifactStoreServiceCollectionExtensions
{
    /// <summary>
    /// Makes PostgreSQL the <see cref="IArtifactStore"/>, on the registered <see cref="PostgresDatabase"/>, so every
    /// silo of a cluster reads the same models (its table is created or migrated when first resolved; silos starting
    /// together take turns).
    /// </summary>
    public static IServiceCollection AddPostgresArtifactStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IArtifactStore>(sp => PostgresArtifactStore
            .CreateAsync(sp.GetRequiredService<PostgresDatabase>(), CancellationToken.None)
            .GetAwaiter().GetResult());
        return services;
    }
}
