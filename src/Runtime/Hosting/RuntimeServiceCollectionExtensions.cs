using FraudActors.Runtime.Activation;
using FraudActors.Runtime.Hosting;
using FraudActors.Runtime.Metadata;
using FraudActors.Runtime.Persistence;
using FraudActors.Runtime.Serialization;
using FraudActors.Runtime.Signals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FraudActors.Runtime;

/// <summary>Registers the runtime and grains with a host.</summary>
public static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the silo runtime: <see cref="IGrainFactory"/>, activation, scheduling, deadlines, idle collection and
    /// graceful shutdown. Grain state needs an <see cref="IGrainStorage"/> (for example <c>AddSqliteGrainStorage</c>).
    /// </summary>
    public static IServiceCollection AddFraudActorsRuntime(this IServiceCollection services, Action<RuntimeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RuntimeOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGrainStateSerializer, JsonGrainStateSerializer>();
        services.TryAddSingleton<GrainInterfaceRegistry>();
        services.TryAddSingleton<IClusterSignals, InProcessClusterSignals>();
        services.TryAddSingleton<WireCodecRegistry>();
        services.TryAddSingleton(sp => new WireSerializer(sp.GetRequiredService<WireCodecRegistry>()));
        services.TryAddSingleton<SiloRuntime>();
        services.TryAddSingleton(sp => sp.GetRequiredService<SiloRuntime>().GrainFactory);
        services.AddHostedService<SiloRuntimeHostedService>();
        return services;
    }

    /// <summary>Registers the implementation activated for a grain interface in this silo.</summary>
    /// <param name="services">The services.</param>
    /// <param name="collectionAge">Idle time after which its activations are collected; null for the runtime default.</param>
    public static IServiceCollection AddGrain<TInterface, TGrain>(this IServiceCollection services, TimeSpan? collectionAge = null)
        where TInterface : IGrainWithStringKey
        where TGrain : Grain, TInterface
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(new GrainRegistration(typeof(TInterface), typeof(TGrain), collectionAge));
        return services;
    }
}
