using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Runtime.Persistence.Postgres;

/// <summary>Registers PostgreSQL grain storage.</summary>
public static class PostgresStorageServiceCollectionExtensions
{
    /// <summary>
    /// Makes PostgreSQL the default <see cref="IGrainStorage"/>, using the registered <see cref="PostgresDatabase"/>
    /// (its table is created or migrated on first use; silos starting together take turns).
    /// </summary>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IGrainStorage>(sp => PostgresGrainStorage
            .CreateAsync(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>(), CancellationToken.None)
            .GetAwaiter().GetResult());
        return services;
    }
}
