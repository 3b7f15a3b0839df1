using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Runtime.Persistence.Sqlite;

/// <summary>Registers SQLite grain storage.</summary>
public static class SqliteStorageServiceCollectionExtensions
{
    /// <summary>
    /// Makes SQLite the default <see cref="IGrainStorage"/>, using the registered <see cref="SqliteDatabase"/>
    /// (its table is created or migrated on first use).
    /// </summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IGrainStorage>(sp => SqliteGrainStorage
            .CreateAsync(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>(), CancellationToken.None)
            .GetAwaiter().GetResult());
        return services;
    }
}
