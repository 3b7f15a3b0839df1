using FraudActors.Grains.Decisions;
using FraudActors.Grains.Labels;
using FraudActors.Grains.Training;
using FraudActors.Runtime.Persistence.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FraudActors.Silo.Storage.Sqlite;

/// <summary>Registers the domain's SQLite stores on the registered <see cref="SqliteDatabase"/> (the decision log: <see cref="Journal.DecisionLogServiceCollectionExtensions"/>).</summary>
public static class SqliteDomainStorageServiceCollectionExtensions
{
    /// <summary>Registers <see cref="SqliteLabelStore"/> as the <see cref="ILabelStore"/> singleton (migrated when first resolved).</summary>
    public static IServiceCollection AddSqliteLabelStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ILabelStore>(sp => SqliteLabelStore
            .CreateAsync(sp.GetRequiredService<SqliteDatabase>(), CancellationToken.None)
            .GetAwaiter().GetResult());
        return services;
    }

    /// <summary>
    /// Registers <see cref="SqliteTrainingDataSource"/> as the <see cref="ITrainingDataSource"/> singleton: retraining
    /// reads the decision log's store, so the decision log (which migrates it) is resolved first.
    /// </summary>
    public static IServiceCollection AddSqliteTrainingDataSource(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ITrainingDataSource>(sp =>
        {
            _ = sp.GetRequiredService<IDecisionLog>();
            return new SqliteTrainingDataSource(sp.GetRequiredService<SqliteDatabase>());
        });
        return services;
    }
}
