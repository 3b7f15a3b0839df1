using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Persistence.Postgres;
using FraudActors.Runtime.Persistence.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FraudActors.Runtime.Reminders;

/// <summary>Registers reminders: the table and the service that runs them.</summary>
public static class ReminderServiceCollectionExtensions
{
    /// <summary>
    /// Reminders in the registered <see cref="SqliteDatabase"/> (embedded node). Register after
    /// <see cref="RuntimeServiceCollectionExtensions.AddFraudActorsRuntime"/> so reminders stop before the runtime does.
    /// </summary>
    public static IServiceCollection AddSqliteReminders(this IServiceCollection services, Action<ReminderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IReminderTable>(sp =>
        {
            var database = sp.GetRequiredService<SqliteDatabase>();
            return Task.Run(() => SqliteReminderTable.CreateAsync(database, CancellationToken.None)).GetAwaiter().GetResult();
        });
        return services.AddReminderService(configure);
    }

    /// <summary>
    /// Reminders in the registered <see cref="PostgresDatabase"/> (cluster: every silo shares the table and runs the
    /// reminders of the grains it owns; writes fenced by the silo's <see cref="SiloFence"/> when one is registered).
    /// Register after <see cref="RuntimeServiceCollectionExtensions.AddFraudActorsRuntime"/>.
    /// </summary>
    public static IServiceCollection AddPostgresReminders(this IServiceCollection services, Action<ReminderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IReminderTable>(sp =>
        {
            var database = sp.GetRequiredService<PostgresDatabase>();
            var fence = sp.GetService<SiloFence>();
            return Task.Run(() => PostgresReminderTable.CreateAsync(database, CancellationToken.None, fence)).GetAwaiter().GetResult();
        });
        return services.AddReminderService(configure);
    }

    private static IServiceCollection AddReminderService(this IServiceCollection services, Action<ReminderOptions>? configure)
    {
        var options = services.AddOptions<ReminderOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<ReminderService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ReminderService>(sp => sp.GetRequiredService<ReminderService>()));
        return services;
    }
}
