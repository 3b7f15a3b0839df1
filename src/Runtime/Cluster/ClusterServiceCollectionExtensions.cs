using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Runtime.Cluster.Routing;
using FraudActors.Runtime.Cluster.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FraudActors.Runtime.Cluster;

/// <summary>Registers everything that makes a silo host part of a cluster.</summary>
public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// Makes the host a silo of a cluster: membership (<see cref="MembershipServiceCollectionExtensions.AddClusterMembership"/>),
    /// the silo-to-silo HTTP/2 endpoint on <see cref="ClusterOptions.SiloPort"/>, and routing of every grain call to
    /// the silo that owns the grain by rendezvous placement over the active silos, with forwarding when views differ.
    /// Needs <see cref="RuntimeServiceCollectionExtensions.AddFraudActorsRuntime"/> too (in either order). Without this
    /// call the runtime stays a single embedded silo.
    /// </summary>
    public static IServiceCollection AddFraudActorsCluster(this IServiceCollection services, Action<ClusterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddClusterMembership(configure);
        services.AddMetrics();
        services.TryAddSingleton<TransportInstruments>();
        services.TryAddSingleton<GrainRouter>();
        services.TryAddSingleton<SiloTransportClient>();
        services.TryAddSingleton<RemoteGrainCaller>();
        services.TryAddSingleton<IncomingCallHandler>();
        services.AddHostedService<OwnershipWatcher>();

        // After the membership service, so the host's reverse order stops the endpoint (StoppedAsync) before this
        // silo records itself dead, and after the runtime has deactivated its grains (StopAsync comes first).
        services.TryAddSingleton<SiloTransportServer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SiloTransportServer>(sp => sp.GetRequiredService<SiloTransportServer>()));
        return services;
    }
}
