using System.Net;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Gateway.Tests.Cluster;

/// <summary>
/// Three silos (the real silo Program, only the first with a local catalog) on one fresh database, two gateway
/// processes in front of them (one reading its API keys from a key file), and a third gateway of a cluster id no silo
/// has joined. Shared by a test class: starting them costs seconds, the tests far less.
/// </summary>
public sealed class GatewayProcessFixture : IAsyncLifetime
{
    private const int SiloCount = 3;

    private readonly List<ClusterSiloFactory> _silos = [];
    private readonly List<IDisposable> _clients = [];
    private TrainedModel? _model;
    private PostgresTestDatabase? _database;

    public IReadOnlyList<ClusterSiloFactory> Silos => _silos;

    public GatewayHostFactory GatewayA { get; private set; } = null!;

    public GatewayHostFactory GatewayB { get; private set; } = null!;

    /// <summary>A gateway whose cluster has no silo.</summary>
    public GatewayHostFactory Lonely { get; private set; } = null!;

    public TrainedModel Model => _model!;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(TestContext.Current.CancellationToken);
        _model = new TrainedModel();
        for (var i = 0; i < SiloCount; i++)
        {
            var silo = new ClusterSiloFactory(_database.ConnectionString, i == 0 ? _model.ArtifactsPath : null);
            _silos.Add(silo);
            var client = Track(silo.CreateClient(TestApiKeys.Admin));
            await Eventually.HoldsAsync(async () => (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, $"silo {i} ready");
        }

        await Eventually.HoldsAsync(
            () => _silos.All(s => s.Services.GetRequiredService<IClusterMembership>().Current.ActiveSilos.Length == SiloCount),
            "every silo sees all three active");

        GatewayA = new GatewayHostFactory(_database.ConnectionString);
        GatewayB = new GatewayHostFactory(_database.ConnectionString, keysFromFile: true);
        Lonely = new GatewayHostFactory(_database.ConnectionString, clusterId: "no-silos-here");
        foreach (var gateway in new[] { GatewayA, GatewayB })
        {
            await Eventually.HoldsAsync(
                () => gateway.Services.GetRequiredService<IClusterMembership>().Current.ActiveSilos.Length == SiloCount,
                "the gateway sees all three silos active");
        }
    }

    /// <summary>A client of <paramref name="factory"/>, disposed with the fixture.</summary>
    public HttpClient Client(GatewayHostFactory factory, string? apiKey) => Track(factory.CreateClient(apiKey));

    /// <summary>A client of silo <paramref name="index"/>, disposed with the fixture.</summary>
    public HttpClient SiloClient(int index, string apiKey) => Track(_silos[index].CreateClient(apiKey));

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

        // Last first, so each leave is a graceful hand-over to the silos still running.
        for (var i = _silos.Count - 1; i >= 0; i--)
        {
            await _silos[i].DisposeAsync();
        }

        _model?.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private T Track<T>(T client) where T : IDisposable
    {
        _clients.Add(client);
        return client;
    }
}
