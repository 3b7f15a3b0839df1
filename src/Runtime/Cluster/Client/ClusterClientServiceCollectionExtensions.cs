using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Runtime.Cluster.Routing;
using FraudActors.Runtime.Cluster.Transport;
using FraudActors.Runtime.Messaging;
using FraudActors.Runtime.Metadata;
using FraudActors.Runtime.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FraudActors.Runtime.Cluster.Client;

/// <summary>Registers a cluster client: a process that calls grains in a cluster without being a silo.</summary>
public static class ClusterClientServiceCollectionExtensions
{
    /// <summary>
    /// Makes the host a client of a cluster (as Orleans' <c>UseLocalhostClustering</c> client, or a gateway): an
    /// <see cref="IGrainFactory"/> whose every call goes to the silo that owns the grain, by a membership view the
    /// client reads from the table every <see cref="ClusterOptions.RefreshPeriod"/> (read-only: no row, no heartbeat,
    /// no silo endpoint). No activation ever runs in a client: with no active silo in its view, a call waits for one
    /// within its deadline, then fails with a <see cref="SiloUnavailableException"/> (it ran nowhere: retry is safe).
    /// </summary>
    /// <remarks>
    /// Settings: <see cref="ClusterOptions"/> (<c>PostgresConnectionString</c>, <c>ClusterId</c>, <c>RefreshPeriod</c>,
    /// <c>ConnectTimeout</c>; the silo-only ones are ignored) and, for deadlines, <see cref="RuntimeOptions.ResponseTimeout"/>
    /// and <see cref="RuntimeOptions.DeadlineSweepPeriod"/>. Instead of
    /// <see cref="RuntimeServiceCollectionExtensions.AddFraudActorsRuntime"/>, never with it; grains registered with
    /// <see cref="RuntimeServiceCollectionExtensions.AddGrain{TInterface, TGrain}"/> make the client refuse to start.
    /// </remarks>
    public static IServiceCollection AddFraudActorsClusterClient(this IServiceCollection services, Action<ClusterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(SiloRuntime)))
        {
            throw new InvalidOperationException("This host is a silo (AddFraudActorsRuntime): a silo already reaches the whole cluster; a cluster client is for processes that host no grains.");
        }

        var cluster = services.AddOptions<ClusterOptions>();
        if (configure is not null)
        {
            cluster.Configure(configure);
        }

        services.AddOptions<RuntimeOptions>();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);

        // What the generated proxies and the wire format need; the same types a silo registers.
        services.TryAddSingleton<GrainInterfaceRegistry>();
        services.TryAddSingleton<WireCodecRegistry>();
        services.TryAddSingleton(sp => new WireSerializer(sp.GetRequiredService<WireCodecRegistry>()));

        services.AddMembershipTable();
        services.TryAddSingleton<MembershipReader>();
        services.TryAddSingleton<IClusterMembership>(sp => sp.GetRequiredService<MembershipReader>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MembershipReader>(sp => sp.GetRequiredService<MembershipReader>()));

        // The caller's half of the silos' routing and transport, unchanged: placement by the view, at-most-once
        // delivery, retries only of calls known not to have run.
        services.TryAddSingleton<TransportInstruments>();
        services.TryAddSingleton<GrainRouter>();
        services.TryAddSingleton<SiloTransportClient>();
        services.TryAddSingleton<RemoteGrainCaller>();
        services.TryAddSingleton(sp => new CallRegistry(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<RuntimeOptions>>().Value.DeadlineSweepPeriod));
        services.TryAddSingleton<ClusterClientInvoker>();
        services.TryAddSingleton<IGrainFactory>(sp => new GrainFactory(sp.GetRequiredService<GrainInterfaceRegistry>(), sp.GetRequiredService<ClusterClientInvoker>()));
        return services;
    }
}
