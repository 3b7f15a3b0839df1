using FraudActors.Runtime.Cluster.Membership;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Gateway.Tests.Cluster;

/// <summary>
/// <see cref="ClusterSilos"/> with two gateway processes in front of them (one reading its API keys from a key file),
/// and a third gateway of a cluster id no silo has joined.
/// </summary>
public sealed class GatewayProcessFixture : IAsyncLifetime
{
    private readonly List<HttpClient> _clients = [];

    public ClusterSilos Cluster { get; } = new();

    public GatewayHostFactory GatewayA { get; private set; } = null!;

    public GatewayHostFactory GatewayB { get; private set; } = null!;

    /// <summary>A gateway whose cluster has no silo.</summary>
    public GatewayHostFactory Lonely { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Cluster.InitializeAsync();
        GatewayA = new GatewayHostFactory(Cluster.ConnectionString, ClusterSilos.ClusterId);
        GatewayB = new GatewayHostFactory(Cluster.ConnectionString, ClusterSilos.ClusterId, keysFromFile: true);
        Lonely = new GatewayHostFactory(Cluster.ConnectionString, "no-silos-here");
        foreach (var gateway in new[] { GatewayA, GatewayB })
        {
            await Testing.Eventually.HoldsAsync(
                () => gateway.Services.GetRequiredService<IClusterMembership>().Current.ActiveSilos.Length == Cluster.Silos.Count,
                "the gateway sees every silo active");
        }
    }

    /// <summary>A client of <paramref name="gateway"/>, disposed with the fixture.</summary>
    public HttpClient Client(GatewayHostFactory gateway, string? apiKey)
    {
        var client = gateway.CreateClient(apiKey);
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var gateway in new[] { GatewayA, GatewayB, Lonely })
        {
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }
        }

        await Cluster.DisposeAsync();
    }
}
