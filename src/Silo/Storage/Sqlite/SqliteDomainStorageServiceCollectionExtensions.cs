using FraudActors.Grains.Decisions;
using FraudActors.Grains.Labels;
using FraudActors.Runtime.Persistence.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FraudActors.Silo.Storage.Sqlite;

/// <summary>Registers the domain's SQLite stores (decision log, labels) on the registered <see cref="SqliteDatabase"/>.</summary>
public static class SqliteDomainStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SqliteDecisionLog"/> as the <see cref="IDecisionLog"/> singleton (migrated when first
    /// resolved), flushed when the host has stopped.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="options">Group commit settings; null for the defaults.</param>
    public static IServiceCollection AddSqliteDecisionLog(this IServiceCollection services, DecisionLogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => SqliteDecisionLog.CreateAsync(
                sp.GetRequiredService<SqliteDatabase>(),
                options ?? new DecisionLogOptions(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
                (ILogger?)sp.GetService<ILoggerFactory>()?.CreateLogger<SqliteDecisionLog>() ?? NullLogger.Instance,
                CancellationToken.None)
            .GetAwaiter().GetResult());
        services.TryAddSingleton<IDecisionLog>(sp => sp.GetRequiredService<SqliteDecisionLog>());
        services.AddHostedService<DecisionLogShutdown>();
        return services;
    }

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
