using FraudActors.Grains.Labels;
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
}
