using FraudActors.Grains.Decisions;
using FraudActors.Runtime.Persistence.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FraudActors.Silo.Storage.Journal;

/// <summary>Registers the embedded node's decision log.</summary>
public static class DecisionLogServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="JournaledDecisionLog"/> (journal beside the registered <see cref="SqliteDatabase"/>, store
    /// in it) as the <see cref="IDecisionLog"/> singleton, recovered when first resolved and drained when the host has
    /// stopped.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    public static IServiceCollection AddJournaledDecisionLog(this IServiceCollection services, DecisionLogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMetrics();
        services.TryAddSingleton(sp => JournaledDecisionLog.CreateAsync(
                sp.GetRequiredService<SqliteDatabase>(),
                options ?? new DecisionLogOptions(),
                sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
                (ILogger?)sp.GetService<ILoggerFactory>()?.CreateLogger<JournaledDecisionLog>() ?? NullLogger.Instance,
                CancellationToken.None)
            .GetAwaiter().GetResult());
        services.TryAddSingleton<IDecisionLog>(sp => sp.GetRequiredService<JournaledDecisionLog>());
        services.AddHostedService<DecisionLogShutdown>();
        return services;
    }
}
