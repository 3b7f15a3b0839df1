using System.Diagnostics.Metrics;
using FraudActors.Runtime.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FraudActors.Runtime.Signals;

/// <summary>Registers cluster-wide signals.</summary>
public static class ClusterSignalsServiceCollectionExtensions
{
    /// <summary>
    /// Makes <see cref="PostgresClusterSignals"/> the <see cref="IClusterSignals"/>, on the database and cluster id of
    /// <see cref="ClusterOptions"/> (<c>PostgresConnectionString</c>, <c>ClusterId</c>). Call before
    /// <see cref="RuntimeServiceCollectionExtensions.AddFraudActorsRuntime"/>, whose in-process signals it replaces.
    /// </summary>
    public static IServiceCollection AddPostgresClusterSignals(this IServiceCollection services, Action<PostgresClusterSignalsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PostgresClusterSignalsOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.RemoveAll<IClusterSignals>();
        services.AddSingleton<IClusterSignals>(sp =>
        {
            var cluster = sp.GetRequiredService<IOptions<ClusterOptions>>().Value;
            return new PostgresClusterSignals(
                cluster.PostgresConnectionString ?? throw new InvalidOperationException("ClusterOptions.PostgresConnectionString is not set: cluster signals travel through PostgreSQL."),
                cluster.ClusterId,
                sp.GetRequiredService<IOptions<PostgresClusterSignalsOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IMeterFactory>(),
                sp.GetRequiredService<ILogger<PostgresClusterSignals>>());
        });
        return services;
    }
}
