using System.Net;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Gateway.Tests.Cluster;

/// <summary>
/// Three silos (the real silo Program in cluster mode) on one fresh database, started one after another as
/// deploy/cluster.sh starts them: the first, the only one with a local catalog, imports the model into the shared store
/// and registry; the others find it there. Shared by a test class: starting them costs seconds, the tests far less.
/// </summary>
public sealed class ClusterSilos : IAsyncLifetime
{
    /// <summary>The cluster id the silos share.</summary>
    public const string ClusterId = "gateway-tests";

    private const int SiloCount = 3;

    private readonly List<ClusterSiloFactory> _silos = [];
    private readonly List<HttpClient> _clients = [];
    private TrainedModel? _model;
    private PostgresTestDatabase? _database;

    public IReadOnlyList<ClusterSiloFactory> Silos => _silos;

    public TrainedModel Model => _model ?? throw new InvalidOperationException("not started");

    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(TestContext.Current.CancellationToken);
        _model = new TrainedModel();
        for (var i = 0; i < SiloCount; i++)
        {
            var silo = new ClusterSiloFactory(_database.ConnectionString, i == 0 ? _model.ArtifactsPath : null);
            _silos.Add(silo);
            var client = Client(i, TestApiKeys.Admin);
            await Eventually.HoldsAsync(async () => (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, $"silo {i} ready");
        }

        await Eventually.HoldsAsync(
            () => _silos.All(s => s.Services.GetRequiredService<IClusterMembership>().Current.ActiveSilos.Length == SiloCount),
            "every silo sees all three active");
    }

    /// <summary>A client of silo <paramref name="index"/>'s HTTP API, disposed with the silos.</summary>
    public HttpClient Client(int index, string apiKey)
    {
        var client = _silos[index].CreateClient(apiKey);
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
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
}
