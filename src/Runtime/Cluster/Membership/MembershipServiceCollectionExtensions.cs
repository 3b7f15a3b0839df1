using FraudActors.Runtime.Persistence.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FraudActors.Runtime.Cluster.Membership;

/// <summary>Registers cluster membership in a silo host.</summary>
public static class MembershipServiceCollectionExtensions
{
    /// <summary>
    /// Makes the host a silo of a cluster: <see cref="IClusterMembership"/> for placement, a hosted service that
    /// joins when the host starts and leaves when it stops, and the <see cref="SiloFence"/> that the PostgreSQL stores
    /// make their writes conditional on. Uses the registered <see cref="IMembershipTable"/> if
    /// there is one, else <see cref="PostgresMembershipTable"/> on the registered <see cref="PostgresDatabase"/>, else
    /// on a database opened from <see cref="ClusterOptions.PostgresConnectionString"/>.
    /// </summary>
    /// <remarks>
    /// The silo's identity is <see cref="ClusterOptions.AdvertisedHost"/>, <see cref="ClusterOptions.SiloPort"/> and
    /// the time the container first builds the service, so every start of the process is a new silo.
    /// </remarks>
    public static IServiceCollection AddClusterMembership(this IServiceCollection services, Action<ClusterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ClusterOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddMembershipTable();
        services.TryAddSingleton(sp =>
        {
            var cluster = sp.GetRequiredService<IOptions<ClusterOptions>>();
            var time = sp.GetRequiredService<TimeProvider>();
            return new MembershipService(
                sp.GetRequiredService<IMembershipTable>(),
                new SiloAddress(cluster.Value.AdvertisedHost, cluster.Value.SiloPort, time.GetUtcNow().UtcTicks),
                cluster,
                sp.GetRequiredService<IHostApplicationLifetime>(),
                time,
                sp.GetRequiredService<ILogger<MembershipService>>());
        });
        services.TryAddSingleton<IClusterMembership>(sp => sp.GetRequiredService<MembershipService>());

        // The fencing token of this silo's writes to shared state: its own row, so the stores need nothing else of
        // membership, and a refused write makes this service step down.
        services.TryAddSingleton(sp =>
        {
            var membership = sp.GetRequiredService<MembershipService>();
            return new SiloFence(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId, membership.LocalSilo, membership.OnWriteFenced);
        });

        // The same instance as the host's service, so the host's lifecycle phases drive the view placement reads;
        // TryAddEnumerable, so calling this twice does not start the protocol twice on one instance.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MembershipService>(sp => sp.GetRequiredService<MembershipService>()));
        return services;
    }

    /// <summary>
    /// The membership table, unless one is registered: <see cref="PostgresMembershipTable"/> of
    /// <see cref="ClusterOptions.ClusterId"/> on the registered <see cref="PostgresDatabase"/>, else on one opened from
    /// <see cref="ClusterOptions.PostgresConnectionString"/>. Shared by silos and cluster clients.
    /// </summary>
    internal static IServiceCollection AddMembershipTable(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new PostgresDatabase(
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.PostgresConnectionString
            ?? throw new InvalidOperationException("ClusterOptions.PostgresConnectionString is not set, and no PostgresDatabase is registered.")));
        services.TryAddSingleton<IMembershipTable>(sp => new PostgresMembershipTable(
            sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId));
        return services;
    }
}
